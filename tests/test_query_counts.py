"""How many SQL statements each hot page sends (issue 17): a page that starts loading rows
one by one (an N+1), or its session and user twice, fails here before it is slow in
production. The budgets are what each page needs today; lower one when a page improves.

Each page is opened once before it is counted, so the figures are a warm process's: the
per-process caches (course content, templates) are filled, as on a server that has run for
a minute. The statements of the whole request are counted: session and user loading, CSRF,
authorization and the page's own queries.
"""

from __future__ import annotations

import contextlib

import pytest
from sqlalchemy import event, select

from learnhub.accounts.models import User
from learnhub.assessment.models import Attempt, AttemptAnswer
from learnhub.catalog.importer import import_path
from learnhub.catalog.models import Course
from learnhub.coordination import cohorts
from learnhub.coordination.models import Cohort
from learnhub.credentials import services as credentials
from learnhub.extensions import db
from tests.conftest import PASSWORD, csrf_token, login, submit
from tests.coordination.world import build_world, make_user
from tests.journeys import answers, finish, start

# The statements each page may send (the same on SQLite and PostgreSQL).
BUDGETS = {
    "lesson": 11,
    "answer_save": 5,
    "attempt_submit": 16,
    "course": 7,
    "dashboard": 11,
    "catalogue": 3,
    "verify_page": 1,
    "verify_json": 1,
    # 14, and 4 for its coordinators card (who runs the network, its coordinators and the
    # cohort's own, with their names): the same for 3 members as for 30
    "cohort_page": 18,
}


@contextlib.contextmanager
def counted():
    """The SQL statements sent while the block runs (SAVEPOINTs and BEGINs aside)."""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def queries_of(client, url: str, method: str = "GET", **kwargs) -> tuple[object, list[str]]:
    db.session.remove()  # a request starts with an empty session, as on the server
    with counted() as statements:
        response = client.open(url, method=method, **kwargs)
    return response, statements


def within_budget(name: str, statements: list[str]) -> None:
    listing = "\n".join(f"  {s.split(chr(10))[0][:150]}" for s in statements)
    assert len(statements) <= BUDGETS[name], (
        f"{name} sent {len(statements)} statements, budget {BUDGETS[name]}:\n{listing}"
    )


@pytest.fixture
def enrolled(client, course_folder, make_member):
    """A learner logged in and enrolled in the example course, its pre-test taken."""
    import_path(course_folder(quizzes=True).path)
    make_member(email="learner@example.org")
    login(client, "learner@example.org")
    submit(client, "/courses/example/enrol", {}, form_url="/courses/example")
    finish(client, start(client, "/courses/example/quiz/pretest"), right=False)
    return client


def test_a_lesson_page_reads_its_learner_course_and_progress_in_few_queries(enrolled):
    url = "/courses/example/lessons/what-is-corruption"
    enrolled.get(url)
    response, statements = queries_of(enrolled, url)
    assert response.status_code == 200
    assert "การทุจริต" in response.get_data(as_text=True)
    within_budget("lesson", statements)


def test_saving_a_quiz_answer_costs_a_handful_of_queries(enrolled):
    attempt = start(enrolled, "/courses/example/modules/reporting/quiz")
    page = enrolled.get(f"/attempts/{attempt.id}")
    token = csrf_token(page.get_data(as_text=True))
    data = {"csrf_token": token, "slots": "1"}
    data |= {k: v for k, v in answers(attempt).items() if k == "q1" or k.startswith("q1-")}
    headers = {"Accept": "application/json"}
    enrolled.post(f"/attempts/{attempt.id}/save", data=data, headers=headers)
    response, statements = queries_of(
        enrolled, f"/attempts/{attempt.id}/save", "POST", data=data, headers=headers
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["saved"] == [1]
    assert (
        db.session.scalar(select(AttemptAnswer.slot).where(AttemptAnswer.attempt_id == attempt.id))
        == 1
    )
    within_budget("answer_save", statements)


def test_submitting_an_attempt_saves_grades_and_records_in_few_queries(enrolled):
    """The final submit with the answers on the form: saved, graded, the module's progress
    recorded, and the learner sent to the result."""
    quiz = "/courses/example/modules/reporting/quiz"
    finish(enrolled, start(enrolled, quiz), right=False)  # warm: a first attempt, failed
    attempt = start(enrolled, quiz)
    url = f"/attempts/{attempt.id}"
    token = csrf_token(enrolled.get(url).get_data(as_text=True))
    data = {"csrf_token": token} | answers(attempt)
    response, statements = queries_of(enrolled, f"{url}/submit", "POST", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)
    assert response.headers["Location"].endswith(f"{url}/result")
    attempt = db.session.get(Attempt, attempt.id)
    assert attempt.state == "submitted" and attempt.score == 100
    within_budget("attempt_submit", statements)


def test_the_course_page_and_dashboard_of_an_enrolled_learner(enrolled):
    enrolled.get("/courses/example")
    response, statements = queries_of(enrolled, "/courses/example")
    assert response.status_code == 200
    within_budget("course", statements)

    enrolled.get("/")
    response, statements = queries_of(enrolled, "/")
    assert response.status_code == 200
    within_budget("dashboard", statements)


def test_a_dashboard_of_three_courses_costs_the_queries_of_one(enrolled, course_folder):
    """Quizzes, attempts and lessons done of all a learner's courses come in one query each."""
    response, with_one = queries_of(enrolled, "/")
    assert response.status_code == 200
    for slug in ("integrity", "networks"):
        import_path(course_folder(slug, quizzes=True).path)
        submit(enrolled, f"/courses/{slug}/enrol", {}, form_url=f"/courses/{slug}")
        finish(enrolled, start(enrolled, f"/courses/{slug}/quiz/pretest"), right=False)

    response, with_three = queries_of(enrolled, "/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert page.count("<progress ") == 3
    assert all(f'href="/courses/{slug}"' in page for slug in ("example", "integrity", "networks"))
    assert len(with_three) == len(with_one)
    within_budget("dashboard", with_three)


def test_the_public_catalogue(client, course_folder):
    import_path(course_folder(quizzes=True).path)
    client.get("/courses/")
    response, statements = queries_of(client, "/courses/")
    assert response.status_code == 200
    within_budget("catalogue", statements)


def test_the_public_verify_page_and_its_json(client, course_folder, make_member):
    import_path(course_folder(quizzes=True).path)
    user = db.session.get(User, make_member(email="holder@example.org"))
    version = db.session.scalar(select(Course)).current_version
    certificate = credentials.issue(user, version)
    db.session.commit()
    code = certificate.code
    client.get(f"/verify/{code}")
    response, statements = queries_of(client, f"/verify/{code}")
    assert response.status_code == 200
    within_budget("verify_page", statements)

    client.get(f"/api/v1/certificates/{code}")
    response, statements = queries_of(client, f"/api/v1/certificates/{code}")
    assert response.status_code == 200
    assert response.get_json()["status"] == "valid"
    within_budget("verify_json", statements)


def test_a_cohort_page_costs_the_same_for_3_and_for_30_members(client, course_folder):
    """The coordinator's progress page reads its members in bulk, never one by one."""
    import_path(course_folder(quizzes=True).path)
    world = build_world()
    login(client, "coord-a@example.org", PASSWORD)
    url = f"/coordination/cohorts/{world.cohort_a_id}"
    client.get(url)
    response, few = queries_of(client, url)
    assert response.status_code == 200
    coordinator = db.session.get(User, world.coordinator_a_id)
    cohort = db.session.get(Cohort, world.cohort_a_id)
    for i in range(27):
        cohorts.add_member(coordinator, cohort, make_user(f"more{i}@example.org").id)
    client.get(url)
    response, many = queries_of(client, url)
    assert response.status_code == 200
    assert "more26@example.org" in response.get_data(as_text=True) or len(many) == len(few)
    assert len(many) == len(few), "the cohort page sends more queries for more members"
    within_budget("cohort_page", many)
