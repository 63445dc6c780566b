"""The learning-gain report as a coordinator opens it: figures, charts, exports, scoping.

The cohort is the ten members of test_gain.py (see gain_seed.py): the page must
show the figures worked out by hand there. Per question, a member scoring s%
answered the first s/10 questions right, so question 5 was right for those who
scored 50 or more: before, 6 of 10 (50 50 60 60 70 80) = 60 %; after, 9 of 10
(all but the 40) = 90 %.
"""

import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from learnhub.accounts.models import AuditEvent, Role
from learnhub.extensions import db
from tests.conftest import login
from tests.coordination.gain_seed import POST, PRE, make_network, seed_cohort


@pytest.fixture
def gain_cohort(app, imported_course, make_member):
    """Coordinator A runs a cohort of the ten members; coordinator B runs another network."""
    imported_course("ethics", quizzes=True)
    a = make_member("coord-a@example.org", role=Role.COORDINATOR, national_id="3100600123450")
    make_member("coord-b@example.org", role=Role.COORDINATOR, national_id="1409900456780")
    with app.app_context():
        network = make_network("ศูนย์ธรรมาภิบาลเขตดุสิต", coordinator_id=a, province="10")
        make_network("เครือข่ายเชียงใหม่", coordinator_id=None)
        # Two members who have not taken the post-test yet: counted, not paired.
        cohort = seed_cohort(network, "ethics", [*PRE, 30, 40], [*POST, None, None])
        return cohort.id


def test_a_coordinator_sees_the_figures_worked_out_by_hand(client, gain_cohort):
    login(client, "coord-a@example.org")
    page = client.get(f"/coordination/cohorts/{gain_cohort}/gain")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'data-figure="pairs">10<' in html
    assert "50.0% / 50.0%" in html  # pre-test mean / median
    assert "65.0% / 65.0%" in html  # post-test mean / median
    assert 'data-figure="gain">15.0' in html
    assert 'data-figure="class-gain">0.30<' in html  # (65 - 50) / (100 - 50)
    assert 'data-figure="individual-gain">0.31' in html  # 641/2100 = 0.305
    assert "9 (90.0%)" in html
    assert "t(9) = 5.58, p &lt; 0.001" in html  # 45·sqrt(10/650)
    assert 'data-figure="d">1.77<' in html  # 45/sqrt(650)
    assert "2 / 0" in html  # pre-test only / post-test only
    # what it means, in plain Thai
    assert "เพิ่มขึ้น 15.0 คะแนน" in html
    assert "ไม่น่าจะเกิดจากความบังเอิญ" in html


def test_the_report_shows_both_charts_with_their_tables_and_per_question_facility(
    client, gain_cohort
):
    login(client, "coord-a@example.org")
    html = client.get(f"/coordination/cohorts/{gain_cohort}/gain").get_data(as_text=True)
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') == 3
    assert html.count('role="img"') >= 3
    assert "<script>" not in html.split("<main", 1)[1]  # the charts carry no script
    assert "60.0% <span" in html and "90.0% <span" in html  # question 5: 60 % -> 90 %
    # the post-test's item statistics, and the link to the engine's page
    assert "/quizzes/" in html and "/statistics" in html


def test_the_post_tests_item_statistics_show_the_values_worked_out_by_hand(client, gain_cohort):
    """First post-test marks out of 10: 4 5 6 6 6 7 7 7 8 9 (question k right when the score
    is at least 10k). Question 5: right for 9 of 10, sd sqrt(0.9 * 0.1 * 10/9) = 31.6 %; its
    correlation with the rest of the test (rest 4 | 4 5 5 5 6 6 6 7 8) is 1.6 / sqrt(0.9 *
    14.4) = 44.4 %. Question 7: 5 of 10, sd sqrt(0.25 * 10/9) = 52.7 %. Cronbach's alpha:
    10/9 * (1 - 0.833 / 2.056) = 66.1 % (item variances 0.1 + 0.178 + 0.278 + 0.178 + 0.1;
    total variance 18.5 / 9)."""
    login(client, "coord-a@example.org")
    html = client.get(f"/coordination/cohorts/{gain_cohort}/gain").get_data(as_text=True)
    section = html.split('id="items-heading"')[1].split("</section>")[0]
    summary = re.findall(r"<dd>([^<]+)</dd>", section)
    assert summary[:3] == ["10", "65.0%", "66.1%"]  # attempts, mean, alpha
    rows = {
        re.search(r"ข้อ (\d+)", row)[1]: re.findall(r"<td>([^<]+)</td>", row)
        for row in re.findall(r"<tr><th scope=\"row\">.*?</tr>", section)
    }
    assert rows["5"] == ["90.0%", "31.6%", "44.4%", "100.0%"]
    assert rows["7"][:2] == ["50.0%", "52.7%"]
    assert rows["1"] == ["100.0%", "0.0%", "—", "—"]  # everyone right: nothing to tell apart
    assert rows["10"][0] == "0.0%"


def test_later_post_test_retakes_do_not_change_the_report(app, client, gain_cohort):
    with app.app_context():
        from learnhub.coordination.models import Cohort

        network = db.session.get(Cohort, gain_cohort).network
        other = seed_cohort(network, "ethics", PRE, POST, name="รุ่นที่ 2", extra_posttests=2)
        other_id = other.id
    login(client, "coord-a@example.org")
    html = client.get(f"/coordination/cohorts/{other_id}/gain").get_data(as_text=True)
    assert "65.0% / 65.0%" in html
    assert "t(9) = 5.58" in html


def test_the_report_exports_to_pdf_and_xlsx_and_each_export_is_logged(app, client, gain_cohort):
    login(client, "coord-a@example.org")
    pdf = client.get(f"/coordination/cohorts/{gain_cohort}/gain.pdf")
    assert pdf.status_code == 200
    assert pdf.mimetype == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "5.58" in text and "1.77" in text

    sheet = client.get(f"/coordination/cohorts/{gain_cohort}/gain.xlsx")
    assert sheet.status_code == 200
    book = load_workbook(io.BytesIO(sheet.data))
    summary = {row[0]: row[1] for row in book.worksheets[0].iter_rows(values_only=True) if row}
    values = list(summary.values())
    assert 10 in values and 50 in values and 65 in values
    assert pytest.approx(0.3) in values
    assert any(isinstance(v, float) and abs(v - 5.5815) < 1e-3 for v in values)
    with app.app_context():
        actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"coordination.gain_report_pdf", "coordination.gain_report_xlsx"} <= actions


@pytest.mark.parametrize("suffix", ["", ".pdf", ".xlsx"])
def test_a_coordinator_of_another_network_gets_not_found_and_it_is_logged(
    app, client, gain_cohort, suffix
):
    login(client, "coord-b@example.org")
    response = client.get(f"/coordination/cohorts/{gain_cohort}/gain{suffix}")
    assert response.status_code == 404
    with app.app_context():
        refused = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "coordination.access_refused")
        ).all()
    assert [event.detail for event in refused] == [f"cohort {gain_cohort}"]


def test_a_learner_cannot_open_a_report(client, gain_cohort, make_member):
    make_member("learner@example.org", national_id="1234567890121")
    login(client, "learner@example.org")
    assert client.get(f"/coordination/cohorts/{gain_cohort}/gain").status_code == 403


def test_the_course_version_report_counts_only_the_people_the_viewer_may_see(
    app, client, gain_cohort, make_member
):
    with app.app_context():
        from learnhub.coordination.models import Cohort

        version_id = db.session.get(Cohort, gain_cohort).course_version.id
    login(client, "coord-b@example.org")
    html = client.get(f"/coordination/versions/{version_id}/gain").get_data(as_text=True)
    assert 'data-figure="pairs">0<' in html

    make_member("admin@example.org", role=Role.ADMIN, national_id="5555555555554")
    client.post("/logout")
    with client.session_transaction() as session:
        session.clear()
    login(client, "admin@example.org")
    html = client.get(f"/coordination/versions/{version_id}/gain").get_data(as_text=True)
    assert 'data-figure="pairs">10<' in html
    assert "t(9) = 5.58" in html
    pdf = client.get(f"/coordination/versions/{version_id}/gain.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")  # the same report, printed


def test_staff_reach_the_item_statistics_from_the_course_page(client, gain_cohort, make_member):
    login(client, "coord-a@example.org")
    course_page = client.get("/courses/ethics").get_data(as_text=True)
    match = re.search(r'href="(/coordination/versions/\d+/item-statistics)"', course_page)
    assert match, "no item statistics link for staff on the course page"
    statistics = client.get(match.group(1), follow_redirects=True)
    assert statistics.status_code == 200
    assert "สถิติ" in statistics.get_data(as_text=True)

    make_member("learner@example.org", national_id="1234567890121")
    client.post("/logout")
    with client.session_transaction() as session:
        session.clear()
    login(client, "learner@example.org")
    assert "item-statistics" not in client.get("/courses/ethics").get_data(as_text=True)
