"""Every page a learner, a coordinator and an admin can reach, read in Thai: no English
interface text beyond a short list of proper names and codes (tests/thai_text.py).

The crawl follows every same-site link from each role's home page, so a new page is
checked as soon as something links to it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import deque

import pytest
from sqlalchemy import select

from learnhub.accounts.models import Role, User
from learnhub.catalog.importer import import_path
from learnhub.catalog.models import Course
from learnhub.coordination import cohorts, imports, networks
from learnhub.coordination.spreadsheets import csv_bytes
from learnhub.credentials import recognitions
from learnhub.extensions import db
from tests import thai_text
from tests.conftest import VALID_IDS, login, submit
from tests.journeys import finish, ready_for_posttest, start

LINK = re.compile(r'href="(/[^"#]*)')
SKIP = re.compile(r"^/(static|fonts)/|\.pdf$|/assets/|^/language")
MAX_PAGES = 150


def crawl(client, starts: list[str]) -> tuple[dict[str, set[str]], list[str]]:
    """Visit every page reachable from ``starts``; English words per page, and pages seen."""
    english, seen, queue = {}, [], deque(starts)
    visited = set()
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft().replace("&amp;", "&")
        if url in visited or SKIP.search(url):
            continue
        visited.add(url)
        response = client.get(url)
        assert response.status_code < 500, f"{url} answered {response.status_code}"
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        seen.append(url)
        html = response.get_data(as_text=True)
        words = thai_text.english_words(thai_text.interface_text(html))
        if words:
            english[url] = words
        queue.extend(link for link in LINK.findall(html) if not link.startswith("//"))
    return english, seen


@pytest.fixture
def people(app, client, course_folder, make_member, monkeypatch) -> dict[str, list[str]]:
    """Each role's world, and where its crawl starts (pages no link leads to, such as a quiz
    in progress, reached by a button).

    A learner with a certificate and quiz results, a second course's pre-test in progress,
    a place in a network's cohort with a day of training attended, an application to
    another network and an approved recognition; their coordinator, who nominated it, with
    a member list in preview; an admin, whose development outbox holds a message."""
    import_path(course_folder(quizzes=True).path)
    import_path(course_folder("second", quizzes=True).path)
    learner_id = make_member(email="learner@example.org")
    login(client, "learner@example.org")
    submit(client, "/courses/example/enrol", {}, form_url="/courses/example")
    ready_for_posttest(client)
    finish(client, start(client, "/courses/example/quiz/posttest"))
    submit(client, "/courses/second/enrol", {}, form_url="/courses/second")
    in_progress = start(client, "/courses/second/quiz/pretest")
    # The public profile on: its settings page links the public page, which the crawl reads.
    submit(client, "/account/public-profile", {"courses": "y", "certificates": "y"})
    coordinator_id = make_member(email="coordinator@example.org", role=Role.COORDINATOR,
                                 national_id=VALID_IDS[1])  # fmt: skip
    admin_id = make_member(email="admin@example.org", role=Role.ADMIN, national_id=VALID_IDS[2])
    with app.test_request_context():  # the import's messages are translated
        learner, coordinator, admin = (
            db.session.get(User, i) for i in (learner_id, coordinator_id, admin_id)
        )
        cohort = _network_with_a_cohort(learner, coordinator, admin)
        recognitions.seed_kinds()
        honour = recognitions.nominate(
            coordinator, learner, recognitions.kinds()[0], title="ผู้มีผลงานดีเด่น",
            citation="แจ้งเบาะแสการทุจริต", awarded_on=dt.date.today(), awarding_body="เครือข่าย",
        )  # fmt: skip
        recognitions.approve(honour, admin, "ผลงานครบตามเกณฑ์")
        rows = csv_bytes(
            [main for main, _ in imports.COLUMNS.values()],
            [["นาง", "รอ", "นำเข้า", VALID_IDS[3], "", "0877777777", "", "", "", ""]],
        )
        imports.save_batch(coordinator, cohort, rows, "members.csv",
                           imports.preview(cohort, rows, "members.csv"))  # fmt: skip
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "log")  # development: the outbox shows
    submit(client, "/logout", {}, form_url="/")
    submit(client, "/account/reset", {"email": "learner@example.org"})
    return {
        "learner@example.org": [
            "/",
            f"/attempts/{in_progress.id}",
            f"/attempts/{in_progress.id}/summary",
        ],
        "coordinator@example.org": ["/", "/coordination/audit"],
        # No page links the recognition desk and its kinds yet (a button leads to the audit).
        "admin@example.org": [
            "/",
            "/admin/outbox",
            "/coordination/audit",
            "/admin/recognitions",
            "/admin/recognition-kinds",
        ],
    }


def _network_with_a_cohort(learner: User, coordinator: User, admin: User):
    network = networks.create_network(admin, "ศูนย์ธรรมาภิบาลเขตดุสิต", "10")
    networks.appoint_coordinator(admin, network, coordinator)
    other = networks.create_network(admin, "เครือข่ายจังหวัดเชียงใหม่", "50")
    course = db.session.scalar(select(Course).where(Course.slug == "example"))
    rule = {"starts_on": dt.date.today() - dt.timedelta(days=14), "ends_on": None,
            "mode": "blended", "place": "ห้องประชุม", "attendance_share": 50,
            "posttest_required": True}  # fmt: skip
    cohort = cohorts.create_cohort(coordinator, network, course, {"name": "รุ่นที่ 1", **rule})
    member, _new = cohorts.add_member(coordinator, cohort, learner.id)
    session = cohorts.add_session(coordinator, cohort, dt.date.today(), None, "ปฐมนิเทศ")
    cohorts.set_attendance(coordinator, session, member, True)
    networks.apply(learner, other, member_type="community_leader", agency="ชุมชนวัดโสมนัส",
                   other_networks=None, consent=True)  # fmt: skip
    return cohort


@pytest.mark.parametrize(
    ("email", "reached"),
    [
        ("learner@example.org", ["/summary", "/result", "/coordination/my-networks", "/p/"]),
        ("coordinator@example.org", ["/members/", "/sessions/", "/import", "/invitations",
                                     "/gain", "/recognitions", "/statistics"]),
        ("admin@example.org", ["/admin/outbox", "/members/", "/admin/recognitions/",
                               "/admin/recognition-kinds/", "/admin/users/"]),
    ],
)  # fmt: skip
def test_every_page_a_role_reaches_speaks_thai(app, people, email, reached):
    client = app.test_client()
    login(client, email)
    english, seen = crawl(client, people[email])
    assert len(seen) >= 8, seen  # the crawl really walked the site
    assert "/account/public-profile" in seen
    if email == "learner@example.org":  # the certificate's and the recognition's
        assert sum(url.startswith("/verify/") for url in seen) >= 2, seen
    missed = [part for part in reached if not any(part in url for url in seen)]
    assert not missed, f"the crawl as {email} did not reach {missed}: {seen}"
    assert english == {}, f"English interface text in Thai pages: {english}"


def test_an_anonymous_visitor_reads_every_public_page_in_thai(app, people):
    english, seen = crawl(app.test_client(), ["/", "/verify", "/login", "/signup"])
    assert "/privacy" in seen and "/courses/" in seen
    assert english == {}, f"English interface text in Thai pages: {english}"


def test_the_check_finds_english_where_there_is_some():
    html = '<p>สวัสดี <button aria-label="Close">x</button></p><p lang="en">English</p>'
    assert thai_text.english_words(thai_text.interface_text(html)) == {"Close"}
    content = '<div class="question-text">Transparency International</div><p>This field</p>'
    assert thai_text.english_words(thai_text.interface_text(content)) == {"This", "field"}
