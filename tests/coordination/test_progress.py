"""The cohort page: each member's scores, lessons and status, found in a few queries for the
whole cohort; filters, search, sorting, exports with Thai headers, reminders, member record."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import event, select

from learnhub.accounts.models import AuditEvent, Role, User
from learnhub.assessment.models import Quiz
from learnhub.coordination import cohorts, progress
from learnhub.coordination.models import Attendance, Cohort, CohortSession, NetworkCoordinator
from learnhub.extensions import db
from tests.conftest import login, submit
from tests.coordination.gain_seed import make_network, seed_cohort
from tests.coordination.world import make_user


def count_queries(function, *args):
    statements = []

    def record(conn, cursor, statement, *rest):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        result = function(*args)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return result, len(statements)


def seeded(app, course_folder, size: int, pre=None, post=None):
    from learnhub.catalog.importer import import_path

    import_path(course_folder(quizzes=True).path)
    coordinator = make_user("coord@example.org", Role.COORDINATOR)
    network = make_network("ศูนย์ธรรมาภิบาลเขตดุสิต", coordinator.id, province="10")
    pre = pre or [40 + i % 5 * 10 for i in range(size)]
    post = post or [None if i % 3 == 0 else 60 + i % 4 * 10 for i in range(size)]
    cohort = seed_cohort(network, "example", pre, post)
    return coordinator, cohort


def test_the_whole_cohort_loads_in_the_same_few_queries_whatever_its_size(app, course_folder):
    coordinator, cohort = seeded(app, course_folder, 4)
    rows, small = count_queries(progress.cohort_progress, coordinator, cohort)
    assert len(rows) == 4
    more = seed_cohort(cohort.network, "example", [50] * 40, [70] * 40, name="รุ่นที่ 2", prefix="x")
    rows, large = count_queries(progress.cohort_progress, coordinator, more)
    assert len(rows) == 40
    assert small == large <= 10


def test_each_member_shows_pre_and_post_scores_and_a_status(app, course_folder):
    coordinator, cohort = seeded(app, course_folder, 3, pre=[40, 50, 60], post=[None, 80, 50])
    rows = {r.name: r for r in progress.cohort_progress(coordinator, cohort)}
    first, second, third = rows["สมาชิก 0"], rows["สมาชิก 1"], rows["สมาชิก 2"]
    assert (first.pretest_score, first.posttest_best, first.status) == (40, None, "in_progress")
    assert (second.posttest_best, second.posttest_attempts, second.posttest_passed) == (80, 1, True)
    assert third.posttest_passed is False
    assert (
        progress.select_rows(cohort, list(rows.values()), sort="posttest", descending=True)[0].name
        == "สมาชิก 1"
    )
    assert [r.name for r in progress.select_rows(cohort, list(rows.values()), query="ก 1")] == [
        "สมาชิก 1"
    ]


def test_a_coordinator_filters_exports_and_reminds_a_group(client, app, course_folder, outbox):
    coordinator, cohort = seeded(app, course_folder, 3, pre=[40, 50, 60], post=[None, 80, 50])
    db.session.execute(
        db.update(User).where(User.email.like("m%")).values(display_name="=HYPERLINK(1)")
        .where(User.id == db.session.scalar(select(User.id).where(User.email.like("m%-0@%"))))
    )  # fmt: skip
    db.session.commit()
    login(client, "coord@example.org")
    url = f"/coordination/cohorts/{cohort.id}"
    page = client.get(url).get_data(as_text=True)
    assert "สมาชิก 1" in page and "80%" in page
    exported = client.get(f"{url}/export.csv")
    rows = list(csv.reader(io.StringIO(exported.get_data().decode("utf-8-sig"))))
    assert rows[0][:3] == ["ชื่อ-สกุล", "อีเมล", "คะแนนก่อนเรียน"]
    assert rows[1][0] == "'=HYPERLINK(1)"
    workbook = load_workbook(io.BytesIO(client.get(f"{url}/export.xlsx").get_data()))
    sheet_rows = list(workbook.active.iter_rows(values_only=True))
    assert sheet_rows[0][0] == "ชื่อ-สกุล" and len(sheet_rows) == 4
    assert sheet_rows[1][0] == "'=HYPERLINK(1)"

    response = submit(client, f"{url}/remind", {"status": "in_progress", "message": "อย่าลืมสอบ"},
                      form_url=url)  # fmt: skip
    assert response.status_code == 303
    assert len(outbox) == 3  # all three are in progress
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"cohort.exported", "cohort.reminder_sent", "cohort.progress_viewed"} <= actions


def test_staff_see_a_members_attempts_read_only_and_the_view_is_audited(client, app, course_folder):
    coordinator, cohort = seeded(app, course_folder, 2, pre=[40, 50], post=[60, 70])
    member = cohort.members[0]
    login(client, "coord@example.org")
    page = client.get(f"/coordination/cohorts/{cohort.id}/members/{member.id}")
    html = page.get_data(as_text=True)
    assert (
        page.status_code == 200
        and "แบบทดสอบก่อนเรียน" in html
        and "<form" not in html.split("<main")[1].split("</main>")[0]
    )
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "member.record_viewed"))
    assert event.subject_user_id == member.user_id and event.actor_id == coordinator.id


def test_a_coordinator_of_another_network_sees_none_of_these_members(app, course_folder):
    coordinator, cohort = seeded(app, course_folder, 2)
    other = make_user("other@example.org", Role.COORDINATOR)
    network = make_network("อีกเครือข่าย", other.id)
    assert db.session.get(NetworkCoordinator, (network.id, other.id))
    assert progress.cohort_progress(other, db.session.get(Cohort, cohort.id)) == []


def test_a_refused_address_does_not_stop_the_other_reminders(app, outbox, monkeypatch, caplog):
    from learnhub.accounts import mail

    real_send = mail.send_mail

    def mail_server(to, subject, body):  # the mail server refuses one address
        if to == "gone@example.org":
            raise OSError("550 mailbox unavailable")
        real_send(to, subject, body)

    monkeypatch.setattr(mail, "send_mail", mail_server)
    with app.test_request_context():
        mail.send_many([("a@example.org", "s", "b"), ("gone@example.org", "s", "b"),
                        ("c@example.org", "s", "b")])  # fmt: skip
    assert [message["To"] for message in outbox] == ["a@example.org", "c@example.org"]
    assert "could not be sent" in caplog.text and "gone@example.org" not in caplog.text


def _names(html: str) -> list[str]:
    """The members the cohort page lists, in the page's order."""
    return re.findall(r'<a href="/coordination/cohorts/\d+/members/\d+">([^<]+)</a>', html)


def _a_cohort_at_every_stage(app, course_folder):
    """Member 0 took the pre-test only, 1 completed, 2 failed the only post-test allowed,
    3 (added later) has not started; on site, 0 and 1 came to the one session."""
    coordinator, cohort = seeded(app, course_folder, 3, pre=[40, 50, 60], post=[None, 80, 30])
    posttest = db.session.scalar(
        select(Quiz).where(
            Quiz.version_id == cohort.course.current_version_id, Quiz.kind == "posttest"
        )  # fmt: skip
    )
    posttest.settings = {**posttest.settings, "attempts": 1}
    members = sorted(cohort.members, key=lambda m: m.user.display_name)
    members[1].enrolment.completed_at = dt.datetime(2026, 11, 20)
    newcomer = make_user("newcomer@example.org", name="สมาชิก 3")
    cohorts.add_member(coordinator, cohort, newcomer.id)
    cohort.mode = "on_site"
    session = CohortSession(cohort_id=cohort.id, held_on=dt.date(2026, 11, 2))
    db.session.add(session)
    db.session.flush()
    for member in members[:2]:
        db.session.add(Attendance(session_id=session.id, member_id=member.id, present=True))
    db.session.commit()
    return coordinator, cohort


@pytest.mark.parametrize(
    ("status", "listed"),
    [
        ("", ["สมาชิก 0", "สมาชิก 1", "สมาชิก 2", "สมาชิก 3"]),
        ("not_started", ["สมาชิก 3"]),
        ("in_progress", ["สมาชิก 0"]),
        ("completed", ["สมาชิก 1"]),
        ("failed", ["สมาชิก 2"]),
        ("absent", ["สมาชิก 2", "สมาชิก 3"]),
    ],
)
def test_each_filter_lists_the_members_at_that_stage(client, app, course_folder, status, listed):
    _coordinator, cohort = _a_cohort_at_every_stage(app, course_folder)
    login(client, "coord@example.org")
    page = client.get(f"/coordination/cohorts/{cohort.id}?status={status}")
    assert _names(page.get_data(as_text=True)) == listed
    exported = client.get(f"/coordination/cohorts/{cohort.id}/export.csv?status={status}")
    rows = list(csv.reader(io.StringIO(exported.get_data().decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == listed  # the export lists the same people


def test_the_page_sorts_either_way_from_its_own_control(client, app, course_folder):
    _coordinator, cohort = seeded(app, course_folder, 3, pre=[40, 60, 50], post=[None, 80, 50])
    login(client, "coord@example.org")
    url = f"/coordination/cohorts/{cohort.id}"
    html = client.get(url).get_data(as_text=True)
    control = html.split('name="desc"')[1].split("</select>")[0]
    assert "มากไปน้อย" in control and 'value="1"' in control
    assert _names(client.get(f"{url}?sort=pretest").get_data(as_text=True)) == [
        "สมาชิก 0", "สมาชิก 2", "สมาชิก 1"]  # fmt: skip
    descending = client.get(f"{url}?sort=pretest&desc=1").get_data(as_text=True)
    assert _names(descending) == ["สมาชิก 1", "สมาชิก 2", "สมาชิก 0"]
    assert "export.csv?status=&amp;q=&amp;sort=pretest&amp;desc=1" in descending
    assert '<option selected value="1">' in descending


def test_a_reminder_goes_to_exactly_the_members_the_page_lists(client, app, course_folder, outbox):
    _coordinator, cohort = _a_cohort_at_every_stage(app, course_folder)
    login(client, "coord@example.org")
    listed = f"/coordination/cohorts/{cohort.id}?status=absent&q=3"
    page = client.get(listed).get_data(as_text=True)
    assert _names(page) == ["สมาชิก 3"]
    assert "ข้อความจะส่งถึงสมาชิก 1 คนที่แสดงอยู่ด้านบนและมีอีเมล" in page
    response = submit(client, f"/coordination/cohorts/{cohort.id}/remind",
                      {"status": "absent", "q": "3", "message": "พบกันวันอบรมครั้งหน้า"},
                      form_url=listed)  # fmt: skip
    assert response.status_code == 303
    assert response.headers["Location"].endswith("?status=absent&q=3")
    assert [message["To"] for message in outbox] == ["newcomer@example.org"]
    everyone_absent = submit(client, f"/coordination/cohorts/{cohort.id}/remind",
                             {"status": "absent", "message": "พบกันวันอบรมครั้งหน้า"},
                             form_url=listed)  # fmt: skip
    assert everyone_absent.status_code == 303
    assert len(outbox) == 3  # 2 and 3, who missed the session
