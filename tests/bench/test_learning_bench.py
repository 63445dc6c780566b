"""Benchmarks for a learner's way through a programme course (run with `make bench`).

What the rules of issue 10 cost per request: timing a lesson (one compare-and-set and an
upsert), drawing a post-test with the pre-test in mind (the learner's earlier attempts
read back), grading a submission under the attempt's row, and a result page that shows
only what the review policy allows. They print figures and assert nothing about time.
"""

from __future__ import annotations

import statistics
import time

from learnhub.catalog.cli import DEFAULT_PATH
from learnhub.catalog.importer import import_path
from learnhub.catalog.loader import load_course
from learnhub.extensions import db
from tests.conftest import login, submit
from tests.journeys import answers, finish, read_lesson, start

SLUG = "ethics-standards"


def _timed(call, rounds: int) -> tuple[float, float]:
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), sorted(timings)[int(len(timings) * 0.95)]


def _report(name: str, figures: tuple[float, float]) -> None:
    median, p95 = figures
    dialect = db.engine.dialect.name
    print(f"{name}: median {median:.1f} ms, p95 {p95:.1f} ms on {dialect}")
    print(f"{name.replace(' ', '_')}_median_ms={median:.2f} database={dialect}")


def test_a_learners_way_through_a_programme_course(app, make_member, client):
    import_path(DEFAULT_PATH)
    spec = load_course(DEFAULT_PATH / SLUG)
    make_member(email="bench@example.org")
    login(client, "bench@example.org")
    base = f"/courses/{SLUG}"
    submit(client, f"{base}/enrol", {}, form_url=base)
    pretest = start(client, f"{base}/quiz/pretest")
    finish(client, pretest, right=False)
    print()

    first = spec.modules[0].lessons[0].key
    _report("lesson page", _timed(lambda: client.get(f"{base}/lessons/{first}"), 200))
    _report("pre-test result page", _timed(
        lambda: client.get(f"/attempts/{pretest.id}/result"), 100
    ))  # fmt: skip

    for module in spec.modules:
        for lesson in module.lessons:
            read_lesson(client, f"{base}/lessons/{lesson.key}")
        finish(client, start(client, f"{base}/modules/{module.key}/quiz"))
    failed = start(client, f"{base}/quiz/posttest")
    finish(client, failed, right=False)
    _report("post-test result page", _timed(
        lambda: client.get(f"/attempts/{failed.id}/result"), 100
    ))  # fmt: skip

    # Drawing a post-test reads back the pre-test and the earlier post-test: time a
    # start, then throw the attempt away so that the next start draws again.
    from learnhub.assessment import services
    from learnhub.assessment.models import Attempt

    quiz = failed.quiz
    enrolment = failed.enrolment

    def draw_and_discard():
        attempt = services.start_attempt(failed.user, quiz, enrolment)
        db.session.delete(db.session.get(Attempt, attempt.id))
        db.session.commit()

    _report("post-test start with exposure draw", _timed(draw_and_discard, 100))

    def submit_all_wrong():
        attempt = services.start_attempt(failed.user, quiz, enrolment)
        values = answers(attempt, right=False)
        services.save_answers(attempt, {
            e["slot"]: services.parse_response(e, values) for e in attempt.snapshot
        })  # fmt: skip
        started = time.perf_counter()
        services.submit(attempt)
        elapsed = time.perf_counter() - started
        db.session.delete(db.session.get(Attempt, attempt.id))
        db.session.commit()
        return elapsed

    grading = sorted(submit_all_wrong() * 1000 for _ in range(50))
    _report("submit and grade 20 questions", (statistics.median(grading), grading[47]))
