"""Benchmarks for the assessment engine (run with `make bench`; not part of `make test`).

They print figures and assert nothing about time: speed is measured here, not
asserted in the test suite.
"""

from __future__ import annotations

import random
import statistics
import time

from sqlalchemy import insert, select

from learnhub.assessment import services
from learnhub.assessment.models import Attempt, AttemptAnswer, Quiz
from learnhub.assessment.statistics import quiz_statistics
from learnhub.catalog.importer import import_path
from learnhub.catalog.models import Enrolment
from learnhub.extensions import db
from tests.journeys import answers

ATTEMPTS, QUESTIONS = 10_000, 30


def _matrix(rng: random.Random) -> list[list[float]]:
    """Scores with a realistic spread: abler learners get more questions right."""
    rows = []
    difficulty = [rng.uniform(-1.5, 1.5) for _ in range(QUESTIONS)]
    for _ in range(ATTEMPTS):
        ability = rng.gauss(0, 1)
        rows.append(
            [1.0 if rng.random() < 1 / (1 + 2.718 ** (d - ability)) else 0.0 for d in difficulty]
        )
    return rows


def enrol(user_id: int, quiz: Quiz) -> Enrolment:
    version = quiz.version
    enrolment = Enrolment(user_id=user_id, course_id=version.course_id, version_id=version.id)
    db.session.add(enrolment)
    db.session.commit()
    return enrolment


def test_item_statistics_over_10000_attempts_of_30_questions(app, make_member, course_folder):
    rng = random.Random(2569)
    matrix = _matrix(rng)
    started = time.perf_counter()
    stats = quiz_statistics(matrix)
    pure = time.perf_counter() - started

    # The same through the database: 10,000 first attempts with 300,000 answers.
    import_path(course_folder(quizzes=True).path)
    quiz = db.session.scalars(select(Quiz).where(Quiz.kind == "posttest")).first()
    member = make_member()
    enrolment = Enrolment(
        user_id=member, course_id=quiz.version.course_id, version_id=quiz.version_id
    )
    db.session.add(enrolment)
    db.session.commit()
    from learnhub.accounts.models import User

    user = {"password_hash": "x", "display_name": "u", "role": "learner"}
    users = [{"email": f"u{i}@bench.test", **user}
             for i in range(ATTEMPTS)]  # fmt: skip
    db.session.execute(insert(User), users)
    user_ids = db.session.scalars(select(User.id).where(User.email.like("%@bench.test"))).all()
    question_ids = list(range(1, QUESTIONS + 1))
    db.session.execute(
        insert(Attempt),
        [{"quiz_id": quiz.id, "user_id": uid, "enrolment_id": enrolment.id, "number": 1,
          "state": "submitted", "snapshot": [], "question_ids": question_ids, "score": 0.0}
         for uid in user_ids],
    )  # fmt: skip
    attempt_ids = db.session.scalars(select(Attempt.id).order_by(Attempt.id)).all()
    db.session.execute(
        insert(AttemptAnswer),
        [{"attempt_id": aid, "slot": slot, "response": None, "fraction": row[slot - 1]}
         for aid, row in zip(attempt_ids, matrix, strict=True) for slot in range(1, QUESTIONS + 1)],
    )  # fmt: skip
    db.session.commit()
    started = time.perf_counter()
    loaded, ids = services.first_attempts_scores(quiz)
    overall, items = services.quiz_report(loaded, ids)
    from_db = time.perf_counter() - started

    assert overall.attempts == ATTEMPTS and len(items) == QUESTIONS
    assert abs(overall.cronbach_alpha - stats.cronbach_alpha) < 1e-9
    dialect = db.engine.dialect.name
    print(f"\nitem statistics, {ATTEMPTS} attempts x {QUESTIONS} questions: "
          f"calculation {pure * 1000:.0f} ms; "
          f"from {dialect} incl. loading {from_db * 1000:.0f} ms; "
          f"alpha {stats.cronbach_alpha:.1f}%")  # fmt: skip
    print(f"stats_seconds={pure:.3f} stats_with_db_seconds={from_db:.3f} database={dialect}")


def test_saving_one_answer(app, make_member, course_folder, client):
    import_path(course_folder(quizzes=True).path)
    user_id = make_member()
    quiz = db.session.scalars(select(Quiz).where(Quiz.kind == "pretest")).first()
    from learnhub.accounts.models import User

    user = db.session.get(User, user_id)
    enrolment = Enrolment(
        user_id=user_id, course_id=quiz.version.course_id, version_id=quiz.version_id
    )
    db.session.add(enrolment)
    db.session.commit()
    attempt = services.start_attempt(user, quiz, enrolment)
    values = answers(attempt)
    entries = attempt.snapshot
    timings = []
    for round_number in range(300):
        entry = entries[round_number % len(entries)]
        response = services.parse_response(entry, values)
        started = time.perf_counter()
        services.save_answers(attempt, {entry["slot"]: response})
        timings.append((time.perf_counter() - started) * 1000)
    median = statistics.median(timings)
    p95 = sorted(timings)[int(len(timings) * 0.95)]
    dialect = db.engine.dialect.name
    print(
        f"\nsave one answer on {dialect}: median {median:.2f} ms, p95 {p95:.2f} ms, "
        f"{len(timings)} saves"
    )
    print(f"save_answer_median_ms={median:.2f} database={dialect}")
