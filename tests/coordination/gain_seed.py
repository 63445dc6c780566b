"""Seed a cohort whose members took the pre-test and post-test, with known scores.

Each attempt shows all ten questions of the example course's pre/post bank, in
bank order, and a member scoring s% answered the first s/10 of them right and
the rest wrong, so every figure of the report can be worked out by hand.
Rows are written in bulk (Core inserts), so the benchmark can seed thousands.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert, select

from learnhub.accounts.models import User
from learnhub.assessment.models import (
    MODULE_QUIZ,
    POSTTEST,
    PRETEST,
    SUBMITTED,
    Attempt,
    AttemptAnswer,
    Quiz,
)
from learnhub.catalog.models import Course, Enrolment
from learnhub.coordination.models import Cohort, CohortMember, Network, NetworkCoordinator
from learnhub.extensions import db

# The ten members of tests/coordination/test_gain.py.
PRE = [40, 50, 60, 30, 70, 50, 40, 60, 80, 20]
POST = [60, 70, 70, 50, 80, 60, 70, 60, 90, 40]


def make_network(name: str, coordinator_id: int | None = None, province: str = "50") -> Network:
    network = Network(name=name, province_code=province)
    db.session.add(network)
    db.session.flush()
    if coordinator_id:
        db.session.add(NetworkCoordinator(network_id=network.id, user_id=coordinator_id))
    db.session.commit()
    return network


def seed_cohort(
    network: Network,
    slug: str,
    pre: list[float],
    post: list[float | None],
    *,
    name: str = "รุ่นที่ 1",
    extra_posttests: int = 0,
    when: dt.datetime | None = None,
    prefix: str = "m",
    module_quizzes: bool = False,
) -> Cohort:
    """A cohort of len(pre) members; post[i] None means member i has no post-test yet.

    ``extra_posttests`` adds that many later post-test attempts per member, and
    ``module_quizzes`` one attempt at each module quiz (a full history): they must
    not change the report, which reads first pre-test and post-test attempts.
    """
    when = when or dt.datetime(2026, 11, 1, 3, 0)
    course = db.session.scalar(select(Course).where(Course.slug == slug))
    version = course.current_version
    quizzes = {
        q.kind: q
        for q in db.session.scalars(
            select(Quiz).where(Quiz.version_id == version.id, Quiz.kind.in_((PRETEST, POSTTEST)))
        )
    }
    question_ids = [q.id for q in quizzes[PRETEST].bank.questions][:10]
    module_quiz_list = (
        list(
            db.session.scalars(
                select(Quiz).where(Quiz.version_id == version.id, Quiz.kind == MODULE_QUIZ)
            )
        )
        if module_quizzes
        else []
    )
    cohort = Cohort(
        network_id=network.id, course_id=course.id, name=name, starts_on=when.date(), mode="online"
    )
    db.session.add(cohort)
    db.session.flush()
    count = len(pre)
    users = [
        {
            "email": f"{prefix}{cohort.id}-{i}@example.org",
            "password_hash": "x",
            "display_name": f"สมาชิก {i}",
            "role": "learner",
            "active": True,
            "created_at": when,
        }
        for i in range(count)
    ]
    user_ids = list(
        db.session.scalars(insert(User).returning(User.id, sort_by_parameter_order=True), users)
    )
    enrolment_ids = list(
        db.session.scalars(
            insert(Enrolment).returning(Enrolment.id, sort_by_parameter_order=True),
            [
                {
                    "user_id": uid,
                    "course_id": course.id,
                    "version_id": version.id,
                    "source": "cohort",
                    "enrolled_at": when,
                }
                for uid in user_ids
            ],
        )
    )
    db.session.execute(
        insert(CohortMember),
        [
            {"cohort_id": cohort.id, "user_id": uid, "enrolment_id": eid, "added_at": when}
            for uid, eid in zip(user_ids, enrolment_ids, strict=True)
        ],
    )
    attempts, scores = [], []
    for uid, eid, a, b in zip(user_ids, enrolment_ids, pre, post, strict=True):
        plan = [(PRETEST, 1, a)]
        if b is not None:
            plan.append((POSTTEST, 1, b))
            plan += [(POSTTEST, 2 + k, 100) for k in range(extra_posttests)]
        plan += [(quiz, 1, 100) for quiz in module_quiz_list]
        for kind, number, score in plan:
            quiz = kind if isinstance(kind, Quiz) else quizzes[kind]
            attempts.append(
                {
                    "quiz_id": quiz.id,
                    "user_id": uid,
                    "enrolment_id": eid,
                    "number": number,
                    "state": SUBMITTED,
                    "started_at": when,
                    "submitted_at": when
                    + dt.timedelta(minutes=20 if kind == PRETEST else 600 + number),
                    "auto_submitted": False,
                    "snapshot": [],
                    "question_ids": question_ids
                    if quiz.kind != MODULE_QUIZ
                    else [q.id for q in quiz.bank.questions][:2],
                    "score": float(score),
                }
            )
            scores.append(score)
    attempt_ids = list(
        db.session.scalars(
            insert(Attempt).returning(Attempt.id, sort_by_parameter_order=True), attempts
        )
    )
    db.session.execute(
        insert(AttemptAnswer),
        [
            {
                "attempt_id": attempt_id,
                "slot": slot,
                "response": None,
                "fraction": 1.0 if slot <= score * len(attempt["question_ids"]) // 100 else 0.0,
                "saved_at": when,
            }
            for attempt_id, score, attempt in zip(attempt_ids, scores, attempts, strict=True)
            for slot in range(1, len(attempt["question_ids"]) + 1)
        ],
    )
    db.session.commit()
    return cohort
