"""The programme overview for a Thai fiscal year: admins see all, coordinators their own."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from learnhub.accounts.models import Role
from tests.conftest import login
from tests.coordination.gain_seed import POST, PRE, make_network, seed_cohort


@pytest.fixture
def programme(app, imported_course, make_member):
    imported_course("ethics", quizzes=True)
    a = make_member("coord-a@example.org", role=Role.COORDINATOR, national_id="3100600123450")
    make_member("coord-b@example.org", role=Role.COORDINATOR, national_id="1409900456780")
    make_member("admin@example.org", role=Role.ADMIN, national_id="5555555555554")
    with app.app_context():
        dusit = make_network("ศูนย์ธรรมาภิบาลเขตดุสิต", coordinator_id=a, province="10")
        # 1 November 2026 is in fiscal year 2570; 1 March 2026 in 2569.
        seed_cohort(dusit, "ethics", PRE, POST, when=dt.datetime(2026, 11, 1, 3))
        seed_cohort(dusit, "ethics", [50, 60], [70, 60], name="รุ่นเก่า",
                    when=dt.datetime(2026, 3, 1, 3), prefix="old")  # fmt: skip


def test_an_admin_sees_the_fiscal_years_figures_per_course_network_and_province(client, programme):
    login(client, "admin@example.org")
    html = client.get("/coordination/overview?year=2570").get_data(as_text=True)
    assert "1 ตุลาคม พ.ศ. 2569" in html and "30 กันยายน พ.ศ. 2570" in html
    # ten enrolments in the year, one cohort, mean gain 15.0 over 10 pairs
    assert "<td>10</td><td>1</td><td>10</td>" in html
    assert "15.0 <span" in html and "(n=10)" in html
    assert "ศูนย์ธรรมาภิบาลเขตดุสิต" in html
    assert "กรุงเทพมหานคร" in html  # the network's province
    assert "/statistics" in html  # item statistics linked per course
    assert 'role="img"' in html

    older = client.get("/coordination/overview?year=2569").get_data(as_text=True)
    assert "(n=2)" in older and "10.0 <span" in older  # (20 + 0) / 2


def test_a_coordinator_of_another_network_sees_none_of_it(client, programme):
    login(client, "coord-b@example.org")
    html = client.get("/coordination/overview?year=2570").get_data(as_text=True)
    assert "ศูนย์ธรรมาภิบาลเขตดุสิต" not in html
    assert "(n=10)" not in html


def test_the_overview_exports_to_xlsx(client, programme):
    login(client, "coord-a@example.org")
    response = client.get("/coordination/overview.xlsx?year=2570")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    rows = list(book.worksheets[1].iter_rows(values_only=True))  # per network
    assert rows[2][0] == "ศูนย์ธรรมาภิบาลเขตดุสิต"
    assert rows[2][1:4] == (10, 1, 10)
    assert rows[2][7] == 15.0


def test_a_year_out_of_range_falls_back_to_the_current_one(client, programme):
    login(client, "admin@example.org")
    assert client.get("/coordination/overview?year=1999").status_code == 200
