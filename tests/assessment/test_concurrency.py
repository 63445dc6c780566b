"""Two tabs or two clicks at the same moment: no saved answer is lost or counted twice.

These tests race real requests in threads against the real database (SQLite in
WAL mode, or PostgreSQL in CI), many times over.
"""

import pytest
from sqlalchemy import select

from learnhub.assessment.models import Attempt, AttemptAnswer
from learnhub.assessment.questions import Question
from learnhub.catalog.importer import import_path
from learnhub.extensions import db
from tests.concurrency import race
from tests.conftest import csrf_token, login, submit
from tests.journeys import answers, start

PRETEST = "/courses/example/quiz/pretest"
TRIALS = 30
WAITING = "แบบทดสอบครั้งนี้ส่งไปแล้ว"  # what the losing tab is told, whichever way it lost


@pytest.fixture
def tabs(app, course_folder, make_member):
    """Two tabs of one learner, on a pre-test that may be taken again and again."""
    folder = course_folder(quizzes=True)
    folder.edit("course.yaml", "  required: true\n", "  required: true\n  attempts: 100\n")
    import_path(folder.path)
    make_member(email="learner@example.org")
    first, second = app.test_client(), app.test_client()
    for tab in (first, second):
        login(tab, "learner@example.org")
    submit(first, "/courses/example/enrol", {}, form_url="/courses/example")
    return first, second


def only(values: dict, slots: list[int]) -> dict:
    """The form values of some questions only (the other questions' fields left blank)."""
    kept = {"slots": [str(s) for s in slots]}
    for name, value in values.items():
        if name != "slots" and int(name[1:].split("-")[0]) in slots:
            kept[name] = value
    return kept


def expected_score(attempt: Attempt) -> float:
    fractions = dict(
        db.session.execute(
            select(AttemptAnswer.slot, AttemptAnswer.fraction).where(
                AttemptAnswer.attempt_id == attempt.id
            )
        ).all()
    )
    return round(100 * sum(f or 0.0 for f in fractions.values()) / len(attempt.snapshot), 4)


def test_two_tabs_submitting_at_once_grade_every_stored_answer_once(tabs):
    first, second = tabs
    for _ in range(TRIALS):
        attempt = start(first, PRETEST)
        url = f"/attempts/{attempt.id}"
        slots = [entry["slot"] for entry in attempt.snapshot]
        right = answers(attempt)
        payloads = []
        for tab, mine in ((first, slots[:3]), (second, slots[2:])):  # different answers each
            token = csrf_token(tab.get(url).get_data(as_text=True))
            payloads.append((tab, only(right, mine) | {"csrf_token": token}))

        responses = race(*[
            lambda tab=tab, data=data, url=url: tab.post(f"{url}/submit", data=data)
            for tab, data in payloads
        ])  # fmt: skip

        assert [r.status_code for r in responses] == [303, 303]
        db.session.expire_all()
        stored = db.session.get(Attempt, attempt.id)
        rows = db.session.scalars(
            select(AttemptAnswer).where(AttemptAnswer.attempt_id == attempt.id)
        ).all()
        assert stored.state == "submitted"
        assert all(row.fraction is not None for row in rows), "an answer was stored after grading"
        assert stored.score == expected_score(stored)
        assert stored.score >= 60  # the winning tab's three right answers at least
        told = [
            WAITING in tab.get(r.headers["Location"]).get_data(as_text=True)
            for (tab, _), r in zip(payloads, responses, strict=True)
        ]
        assert told.count(True) == 1, "exactly one tab is told it lost"


def test_submitting_from_an_older_tab_never_blanks_answers_saved_in_another(tabs):
    first, second = tabs
    attempt = start(first, PRETEST)
    url = f"/attempts/{attempt.id}"
    old_page = first.get(url).get_data(as_text=True)  # opened before any answer was given

    right = answers(attempt)
    for entry in attempt.snapshot:  # the learner answers everything in the second tab
        one = only(right, [entry["slot"]])
        saved = submit(second, f"{url}/save", one, form_url=url,
                       headers={"Accept": "application/json"})  # fmt: skip
        assert saved.status_code == 200

    # the first tab's form still carries every field empty, as it was loaded
    form = {"csrf_token": csrf_token(old_page), "slots": [], "loaded_at": []}
    form["loaded_at"] = old_page.split('name="loaded_at" value="')[1].split('"')[0]
    for entry in attempt.snapshot:
        slot = entry["slot"]
        form["slots"].append(str(slot))
        form[f"was-{slot}"] = old_page.split(f'name="was-{slot}" value="')[1].split('"')[0]
    first.post(f"{url}/submit", data=form)

    db.session.expire_all()
    assert db.session.get(Attempt, attempt.id).score == 100.0


def test_an_older_tab_still_saves_what_its_learner_changed_there(tabs):
    first, second = tabs
    attempt = start(first, PRETEST)
    url = f"/attempts/{attempt.id}"
    old_page = first.get(url).get_data(as_text=True)
    # a choice question when the draw holds one (a random draw may hold none)
    entry = next((e for e in attempt.snapshot if "order" in e), attempt.snapshot[0])
    slot = entry["slot"]
    wrong = answers(attempt, right=False)
    submit(second, f"{url}/save", only(answers(attempt), [slot]), form_url=url)

    # in the old tab the learner picks another answer to this question, then submits
    form = {"csrf_token": csrf_token(old_page), "slots": [str(slot)]} | only(wrong, [slot])
    form["loaded_at"] = old_page.split('name="loaded_at" value="')[1].split('"')[0]
    form[f"was-{slot}"] = old_page.split(f'name="was-{slot}" value="')[1].split('"')[0]
    first.post(f"{url}/submit", data=form)

    stored = db.session.scalars(
        select(AttemptAnswer).where(AttemptAnswer.attempt_id == attempt.id)
    ).one()
    question = Question.from_data(entry["question"])
    assert stored.fraction < 1  # the old tab's (wrong) answer is the one kept
    assert "order" not in entry or question.qtype in ("single", "multiple")
