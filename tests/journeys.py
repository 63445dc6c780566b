"""Learner journeys shared by tests: enrolled in the example course, answering quizzes."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from learnhub.accounts.models import User
from learnhub.assessment.models import Attempt
from learnhub.assessment.questions import Question
from learnhub.catalog import services as catalog
from learnhub.catalog.importer import import_path
from learnhub.catalog.models import Course, Enrolment
from learnhub.extensions import db
from tests.conftest import login, submit


@pytest.fixture
def learner(client, course_folder, make_member):
    """Logged in, enrolled in the example course (which requires its pre-test)."""
    import_path(course_folder(quizzes=True).path)
    user_id = make_member(email="learner@example.org")
    login(client, "learner@example.org")
    submit(client, "/courses/example/enrol", {}, form_url="/courses/example")
    return db.session.get(User, user_id)


def start(client, path: str) -> Attempt:
    """Start (or resume) a quiz from its page and return the attempt."""
    response = submit(client, f"{path}/start", {}, form_url=path)
    assert response.status_code == 303, response.get_data(as_text=True)
    attempt_id = int(response.headers["Location"].rsplit("/", 1)[1])
    return db.session.get(Attempt, attempt_id)


def answers(attempt: Attempt, right: bool = True) -> dict[str, list[str]]:
    """Form values answering every question of the attempt rightly (or wrongly)."""
    values: dict[str, list[str]] = {"slots": []}
    for entry in attempt.snapshot:
        slot = entry["slot"]
        values["slots"].append(str(slot))
        question = Question.from_data(entry["question"])
        name = f"q{slot}"
        if question.qtype in ("single", "multiple"):
            wanted = [i for i, c in enumerate(question.choices) if (c.fraction > 0) == right]
            if question.qtype == "single":
                wanted = wanted[:1]
            values[name] = [str(entry["order"].index(i)) for i in wanted]
        elif question.qtype == "truefalse":
            values[name] = [str(question.correct == right).lower()]
        elif question.qtype == "matching":
            for position, left in enumerate(entry["left_order"]):
                target = left if right else (left + 1) % len(question.pairs)
                values[f"{name}-{position}"] = [str(entry["right_order"].index(target))]
        elif question.qtype == "shortanswer":
            values[name] = [question.choices[0].text if right else "ผิด"]
        elif question.qtype == "numerical":
            number = question.numbers[0]
            values[name] = [str(number.value if right else number.value + 1000)]
    return values


def finish(client, attempt: Attempt, right: bool = True):
    url = f"/attempts/{attempt.id}"
    return submit(client, f"{url}/submit", answers(attempt, right), form_url=url)


def spend_reading_time() -> None:
    """The learner reads for a while: move every enrolment's lesson clock back.

    The server credits the time between two lesson events (up to MAX_READING_GAP)
    to the lesson being read; moving the last event back stands for that time.
    """
    for enrolment in db.session.scalars(
        select(Enrolment).where(Enrolment.last_activity_at.is_not(None))
    ):
        enrolment.last_activity_at -= catalog.MAX_READING_GAP
    db.session.commit()


def read_lesson(client, url: str, **kwargs):
    """Open a lesson, spend its minimum reading time on it, and finish it."""
    client.get(url)
    spend_reading_time()
    return submit(client, f"{url}/done", kwargs.pop("data", {}), form_url=url, **kwargs)


def read_all_lessons(client):
    for key in ("what-is-corruption", "conflict-of-interest", "reporting-channels"):
        read_lesson(client, f"/courses/example/lessons/{key}")


def ready_for_posttest(client) -> Attempt:
    """Pre-test taken (all wrong), every lesson read, the module quiz passed: the post-test
    opens. Returns the pre-test attempt."""
    pretest = start(client, "/courses/example/quiz/pretest")
    finish(client, pretest, right=False)
    read_all_lessons(client)
    finish(client, start(client, "/courses/example/modules/reporting/quiz"))
    return pretest


@pytest.fixture
def course():
    return db.session.scalar(select(Course).where(Course.slug == "example"))


__all__ = [
    "answers", "catalog", "finish", "read_all_lessons", "read_lesson", "ready_for_posttest",
    "spend_reading_time", "start",
]  # fmt: skip
