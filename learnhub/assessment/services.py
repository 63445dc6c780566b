"""Attempts: start or resume, save each answer, submit once, grade from the snapshot.

Invariants kept here: an attempt grades only its own snapshot; the correct
answers never go into the page before submission (choices are identified by
their shuffled position, not their bank order), and after it only as the
quiz's review policy allows (see review.py); the server enforces the time
limit; saving and submitting are atomic on both databases, so submitting twice,
or from two tabs at once, grades every saved answer exactly once; one learner
has at most one attempt in progress per quiz (a partial unique index backs
this up).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
from sqlalchemy import bindparam, func, select, update
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import defer

from learnhub.accounts.models import User, utcnow
from learnhub.assessment import review
from learnhub.assessment.grading import grade, overall_grade
from learnhub.assessment.models import (
    IN_PROGRESS,
    MODULE_QUIZ,
    POSTTEST,
    PRETEST,
    SUBMITTED,
    Attempt,
    AttemptAnswer,
    BankQuestion,
    Quiz,
)
from learnhub.assessment.questions import (
    MATCHING,
    MULTIPLE,
    NUMERICAL,
    SHORTANSWER,
    SINGLE,
    TRUEFALSE,
    Question,
)
from learnhub.assessment.statistics import QuizStatistics, item_statistics, quiz_statistics
from learnhub.catalog import services as catalog
from learnhub.catalog.models import CourseVersion, Enrolment, Lesson
from learnhub.catalog.progress import QuizOutcome
from learnhub.extensions import db

# Saves still count this long after the deadline: a slow phone network should
# not cost a learner the answer they gave in the last second.
GRACE = dt.timedelta(seconds=30)
MAX_TEXT_ANSWER = 500
_random = secrets.SystemRandom()


class QuizClosed(Exception):
    """The learner may not start an attempt now; ``reason`` says why."""

    def __init__(self, reason: str, until: dt.datetime | None = None):
        super().__init__(reason)
        self.reason = reason
        self.until = until


class AttemptClosed(Exception):
    """The attempt was submitted (perhaps by the clock) and takes no more answers."""


class InvalidAnswer(Exception):
    """A response that does not fit the question shown: a forged choice, an unknown slot."""


# ---------------------------------------------------------------- quizzes of a version


def quizzes_of(version: CourseVersion) -> list[Quiz]:
    return list(db.session.scalars(select(Quiz).where(Quiz.version_id == version.id)))


def find_quiz(version: CourseVersion, kind: str, module_key: str | None = None) -> Quiz | None:
    for quiz in quizzes_of(version):
        if quiz.kind != kind:
            continue
        if kind != MODULE_QUIZ or (quiz.module and quiz.module.key == module_key):
            return quiz
    return None


def attempts_of(user: User, quiz: Quiz) -> list[Attempt]:
    attempts = list(
        db.session.scalars(
            select(Attempt)
            .where(Attempt.user_id == user.id, Attempt.quiz_id == quiz.id)
            .order_by(Attempt.number)
        )
    )
    for attempt in attempts:
        submit_if_overdue(attempt)
    return attempts


def is_overdue(attempt: Attempt, now: dt.datetime | None = None) -> bool:
    now = now or utcnow()
    return attempt.deadline is not None and now > attempt.deadline + GRACE


def submit_if_overdue(attempt: Attempt) -> None:
    if attempt.state == IN_PROGRESS and is_overdue(attempt):
        submit(attempt, auto=True)


# ---------------------------------------------------------------- outcomes for completion


def meets_pass_mark(quiz: Quiz, score: float) -> bool:
    """A score (percent) at the pass mark passes, rounding errors included."""
    return quiz.pass_mark is None or score >= quiz.pass_mark - 1e-6


def quiz_result(quiz: Quiz, attempts: list[Attempt]) -> tuple[float | None, bool]:
    """(overall percent by the quiz's grading method, passed) from the submitted attempts."""
    scores = [a.score for a in attempts if a.state == SUBMITTED and a.score is not None]
    overall = overall_grade(scores, quiz.settings.get("grading", "highest"))
    if overall is None:
        return None, False
    return overall, meets_pass_mark(quiz, overall)


def outcomes(enrolments: Sequence[Enrolment]) -> dict[int, catalog.QuizOutcomes]:
    """What the catalog's completion rules need to know about these enrolments' quizzes,
    by enrolment id: the quizzes of their versions in one query, their attempts in one."""
    if not enrolments:
        return {}
    by_version: dict[int, list[Quiz]] = {}
    for quiz in db.session.scalars(
        select(Quiz).where(Quiz.version_id.in_({e.version_id for e in enrolments}))
    ):
        by_version.setdefault(quiz.version_id, []).append(quiz)
    # Scores and states only: a learner's attempts carry their snapshots (kilobytes of JSON
    # each), which only an overdue attempt's grading reads, and loads then.
    attempts = list(
        db.session.scalars(
            select(Attempt)
            .where(Attempt.enrolment_id.in_([e.id for e in enrolments]))
            .order_by(Attempt.quiz_id, Attempt.number)
            .options(defer(Attempt.snapshot), defer(Attempt.question_ids))
        )
    )
    for attempt in attempts:
        submit_if_overdue(attempt)
    by_quiz: dict[tuple[int, int], list[Attempt]] = {}
    for attempt in attempts:
        by_quiz.setdefault((attempt.enrolment_id, attempt.quiz_id), []).append(attempt)
    return {
        enrolment.id: _outcomes(enrolment, by_version.get(enrolment.version_id, []), by_quiz)
        for enrolment in enrolments
    }


def _outcomes(
    enrolment: Enrolment, quizzes: list[Quiz], by_quiz: dict[tuple[int, int], list[Attempt]]
) -> catalog.QuizOutcomes:
    results = {}
    for quiz in quizzes:
        quiz_attempts = by_quiz.get((enrolment.id, quiz.id), [])
        _, passed = quiz_result(quiz, quiz_attempts)
        attempted = any(a.state == SUBMITTED for a in quiz_attempts)
        results[quiz.id] = QuizOutcome(attempted=attempted, passed=passed)
    assessments = enrolment.version.assessments or {}
    pretest = next((q for q in quizzes if q.kind == PRETEST), None)
    posttest = next((q for q in quizzes if q.kind == POSTTEST), None)
    return catalog.QuizOutcomes(
        pretest=results[pretest.id]
        if pretest
        else (QuizOutcome() if assessments.get("pretest") else None),
        posttest=results[posttest.id]
        if posttest
        else (QuizOutcome() if assessments.get("posttest") else None),
        modules={
            q.module.key: results[q.id] for q in quizzes if q.kind == MODULE_QUIZ and q.module
        },
    )


# ---------------------------------------------------------------- starting an attempt


@dataclass(frozen=True)
class Availability:
    open: bool
    reason: str | None = None  # "locked", "no_attempts", "wait", "not_enrolled"
    until: dt.datetime | None = None
    attempts_used: int = 0


def availability(user: User, quiz: Quiz, enrolment: Enrolment | None) -> Availability:
    if enrolment is None or enrolment.version_id != quiz.version_id:
        return Availability(False, "not_enrolled")
    attempts = attempts_of(user, quiz)
    used = len(attempts)
    if any(a.state == IN_PROGRESS for a in attempts):
        return Availability(True, attempts_used=used)
    state = catalog.course_state(enrolment)
    if quiz.kind == MODULE_QUIZ and not catalog.module_quiz_open(
        state, quiz.module.key if quiz.module else ""
    ):
        return Availability(False, "locked", attempts_used=used)
    if quiz.kind == POSTTEST and not catalog.posttest_open(state):
        return Availability(False, "locked", attempts_used=used)
    allowed = quiz.attempts_allowed
    if allowed is not None and used >= allowed:
        return Availability(False, "no_attempts", attempts_used=used)
    delay = quiz.settings.get("delay_minutes") or 0
    submitted = [a.submitted_at for a in attempts if a.submitted_at]
    if delay and submitted:
        until = max(submitted) + dt.timedelta(minutes=delay)
        if utcnow() < until:
            return Availability(False, "wait", until, used)
    return Availability(True, attempts_used=used)


def _draw(quiz: Quiz, user: User) -> list[BankQuestion]:
    """Questions for a new attempt: those this learner knows least about come first.

    The pre-test and post-test share a bank so their scores compare; a post-test
    therefore prefers questions the learner never saw, then pre-test questions whose
    answers the pre-test's review did not give away, and takes questions whose answer
    an earlier review showed only when the bank runs out.
    """
    statement = select(BankQuestion).where(
        BankQuestion.bank_id == quiz.bank_id, BankQuestion.graded.is_(True)
    )
    if quiz.settings.get("category"):
        statement = statement.where(BankQuestion.category == quiz.settings["category"])
    pool = {q.id: q for q in db.session.scalars(statement.order_by(BankQuestion.position))}
    count = quiz.settings.get("questions") or len(pool)
    ids = review.draw(list(pool), count, exposure(user, quiz), _random)
    chosen = [pool[question_id] for question_id in ids]
    if quiz.settings.get("shuffle_questions", True):
        _random.shuffle(chosen)
    else:
        chosen.sort(key=lambda q: q.position)
    return chosen


def _snapshot_slot(slot: int, bank_question: BankQuestion, shuffle_choices: bool) -> dict:
    question = Question.from_data(bank_question.data)
    entry = {"slot": slot, "question_id": bank_question.id, "question": bank_question.data}
    if question.qtype in (SINGLE, MULTIPLE):
        order = list(range(len(question.choices)))
        if shuffle_choices:
            _random.shuffle(order)
        entry["order"] = order
    elif question.qtype == MATCHING:
        # a pair with nothing on the left is only an extra answer to choose from
        entry["left_order"] = [i for i, pair in enumerate(question.pairs) if pair.left]
        right = list(range(len(question.pairs)))
        _random.shuffle(right)  # the answers are always shuffled, or the order gives them away
        entry["right_order"] = right
    return entry


def start_attempt(user: User, quiz: Quiz, enrolment: Enrolment | None) -> Attempt:
    """Resume the attempt in progress, or start a new one if the quiz is open to this learner."""
    open_attempt = db.session.scalar(
        select(Attempt).where(
            Attempt.user_id == user.id, Attempt.quiz_id == quiz.id, Attempt.state == IN_PROGRESS
        )
    )
    if open_attempt is not None:
        submit_if_overdue(open_attempt)
        if open_attempt.state == IN_PROGRESS:
            return open_attempt
    available = availability(user, quiz, enrolment)
    if not available.open:
        raise QuizClosed(available.reason, available.until)
    questions = _draw(quiz, user)
    shuffle = quiz.settings.get("shuffle_choices", True)
    now = utcnow()
    number = (
        db.session.scalar(
            select(func.max(Attempt.number)).where(
                Attempt.user_id == user.id, Attempt.quiz_id == quiz.id
            )
        )
        or 0
    ) + 1
    attempt = Attempt(
        quiz=quiz,
        user=user,
        enrolment=enrolment,
        number=number,
        started_at=now,
        deadline=now + quiz.time_limit if quiz.time_limit else None,
        snapshot=[_snapshot_slot(i, q, shuffle) for i, q in enumerate(questions, start=1)],
        question_ids=[q.id for q in questions],
    )
    db.session.add(attempt)
    try:
        db.session.commit()
    except IntegrityError:  # a second tab started one at the same moment: use that one
        db.session.rollback()
        return db.session.scalar(
            select(Attempt).where(
                Attempt.user_id == user.id, Attempt.quiz_id == quiz.id, Attempt.state == IN_PROGRESS
            )
        )
    return attempt


# ---------------------------------------------------------------- answers


def slot_of(attempt: Attempt, slot: int) -> dict:
    for entry in attempt.snapshot:
        if entry["slot"] == slot:
            return entry
    raise InvalidAnswer(f"question {slot} is not in this attempt")


def _position(value: str, size: int) -> int:
    try:
        position = int(value)
    except (TypeError, ValueError):
        raise InvalidAnswer("not a choice of this question") from None
    if not 0 <= position < size:
        raise InvalidAnswer("not a choice of this question")
    return position


def parse_response(entry: dict, values: dict[str, list[str]]):
    """Turn submitted form values for one question into a stored response.

    Field names: ``q<slot>`` (choice position, true/false or text), and
    ``q<slot>-<left position>`` for matching. Blank means no answer.
    """
    question = Question.from_data(entry["question"])
    name = f"q{entry['slot']}"
    given = [v for v in values.get(name, []) if v != ""]
    if question.qtype == SINGLE:
        if not given:
            return None
        return entry["order"][_position(given[-1], len(entry["order"]))]
    if question.qtype == MULTIPLE:  # no box ticked is no answer, like every other blank
        return sorted({entry["order"][_position(v, len(entry["order"]))] for v in given}) or None
    if question.qtype == TRUEFALSE:
        if not given:
            return None
        if given[-1] not in ("true", "false"):
            raise InvalidAnswer("true or false expected")
        return given[-1] == "true"
    if question.qtype == MATCHING:
        response = {}
        for left_position, left in enumerate(entry["left_order"]):
            chosen = [v for v in values.get(f"{name}-{left_position}", []) if v != ""]
            if chosen:
                right_position = _position(chosen[-1], len(entry["right_order"]))
                response[str(left)] = entry["right_order"][right_position]
        return response or None
    if question.qtype in (SHORTANSWER, NUMERICAL):
        text = given[-1].strip() if given else ""
        if len(text) > MAX_TEXT_ANSWER:
            raise InvalidAnswer("the answer is too long")
        return text or None
    raise InvalidAnswer("this question takes no answer")


def answer_marker(response) -> str:
    """A short fingerprint of a response, put in the page beside each question.

    A form posted back with a question's answer unchanged since the page was loaded
    (or since its last save) carries the same fingerprint: that answer is not the
    learner's new word and must not overwrite one saved meanwhile in another tab.
    """
    encoded = json.dumps(response, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.blake2s(encoded, digest_size=8).hexdigest()


def _claim_open(attempt: Attempt, **values) -> bool:
    """Take the attempt's row for this transaction if it is still in progress.

    The conditional UPDATE decides between concurrent requests on both databases:
    PostgreSQL makes a second writer wait for the row and re-checks the state after
    the wait; SQLite lets one writer in at a time. Nothing is read through the
    session's identity map, which may hold a state older than the row's.
    """
    result = db.session.execute(
        update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.state == IN_PROGRESS)
        .values(**(values or {"state": IN_PROGRESS}))
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _upsert(rows: list[dict], only_if_saved_before: dt.datetime | None = None) -> None:
    dialect = db.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(AttemptAnswer).values(rows)
    statement = statement.on_conflict_do_update(
        index_elements=["attempt_id", "slot"],
        set_={"response": statement.excluded.response, "saved_at": statement.excluded.saved_at},
        where=(AttemptAnswer.saved_at <= only_if_saved_before)
        if only_if_saved_before is not None
        else None,
    )
    db.session.execute(statement)


def save_answers(
    attempt: Attempt,
    responses: dict[int, object],
    *,
    loaded_at: dt.datetime | None = None,
    unchanged: frozenset[int] = frozenset(),
) -> None:
    """Save responses (slot -> response); each replaces that question's earlier answer.

    A whole form posted back (``loaded_at`` is when its page was rendered) never
    erases an answer saved after that moment with an empty field, and answers it
    carries unchanged since the page was loaded (``unchanged``) are left as stored.
    Refused once the attempt is submitted or past its deadline and grace period
    (and then the attempt is submitted with what was saved).
    """
    if not _claim_open(attempt):
        db.session.rollback()
        raise AttemptClosed()
    if is_overdue(attempt):
        db.session.rollback()
        submit(attempt, auto=True)
        raise AttemptClosed()
    now = utcnow()
    rows = [
        {"attempt_id": attempt.id, "slot": slot, "response": response, "saved_at": now}
        for slot, response in responses.items()
        if slot not in unchanged
    ]
    given = [row for row in rows if row["response"] is not None or loaded_at is None]
    blanks = [row for row in rows if row["response"] is None and loaded_at is not None]
    if given:
        _upsert(given)
    if blanks:
        _upsert(blanks, only_if_saved_before=loaded_at)
    db.session.commit()


def saved_responses(attempt: Attempt) -> dict[int, object]:
    # The id from the identity key: an attempt just expired by a commit is not reloaded.
    attempt_id = sa_inspect(attempt).identity[0]
    rows = db.session.execute(
        select(AttemptAnswer.slot, AttemptAnswer.response).where(
            AttemptAnswer.attempt_id == attempt_id
        )
    )
    return {slot: response for slot, response in rows}


# ---------------------------------------------------------------- submission


def submit(attempt: Attempt, auto: bool = False) -> bool:
    """Grade and close the attempt from its snapshot and saved answers, exactly once.

    Returns True when this call closed it, False when it was already closed (a
    second click, another tab, the clock): that is harmless and changes nothing.
    """
    now = utcnow()
    submitted_at = min(now, attempt.deadline + GRACE) if attempt.deadline else now
    if not _claim_open(attempt, state=SUBMITTED, submitted_at=submitted_at, auto_submitted=auto):
        db.session.rollback()
        db.session.refresh(attempt)
        return False
    # Read after taking the row: every save that committed before is here, and no
    # save can commit after (it finds the attempt submitted).
    responses = saved_responses(attempt)
    earned = graded = 0
    fractions: dict[int, float] = {}
    for entry in attempt.snapshot:
        question = Question.from_data(entry["question"])
        fraction = grade(question, responses.get(entry["slot"]))
        if fraction is None:
            continue
        graded += 1
        earned += fraction
        fractions[entry["slot"]] = fraction
    db.session.execute(
        update(Attempt)
        .where(Attempt.id == attempt.id)
        .values(score=round(100 * earned / graded, 4) if graded else 0.0)
        .execution_options(synchronize_session=False)
    )
    answers = AttemptAnswer.__table__
    stored = [slot for slot in responses if slot in fractions]
    if stored:
        db.session.execute(
            answers.update()
            .where(answers.c.attempt_id == attempt.id, answers.c.slot == bindparam("b_slot"))
            .values(fraction=bindparam("b_fraction")),
            [{"b_slot": slot, "b_fraction": fractions[slot]} for slot in stored],
        )
    db.session.commit()
    db.session.refresh(attempt)
    catalog.refresh_completion(attempt.enrolment)
    return True


# ---------------------------------------------------------------- review


def review_policy(quiz: Quiz) -> review.ReviewPolicy:
    posttest = find_quiz(quiz.version, POSTTEST)
    shares = posttest is not None and posttest.bank_id == quiz.bank_id
    return review.policy_for(quiz.kind, quiz.settings, shares)


def passed(user: User, quiz: Quiz | None) -> bool:
    return quiz is not None and quiz_result(quiz, attempts_of(user, quiz))[1]


def attempts_used_up(quiz: Quiz, attempts: list[Attempt]) -> bool:
    """Every allowed attempt is submitted (one still in progress is not used up)."""
    allowed = quiz.attempts_allowed
    submitted = sum(1 for a in attempts if a.state == SUBMITTED)
    return allowed is not None and submitted >= allowed and submitted == len(attempts)


def correct_answers_visible(attempt: Attempt) -> bool:
    """Whether this attempt's results may show the key now, by the quiz's review policy."""
    return _key_visible(attempt.user, attempt.quiz, review_policy(attempt.quiz))


def _key_visible(user: User, quiz: Quiz, policy: review.ReviewPolicy) -> bool:
    if policy.correct_answers in (review.ALWAYS, review.NEVER):
        return policy.correct_answers == review.ALWAYS
    attempts = attempts_of(user, quiz)
    posttest_passed = policy.correct_answers == review.AFTER_POSTTEST_PASSED and passed(
        user, find_quiz(quiz.version, POSTTEST)
    )
    return review.key_visible(
        policy,
        quiz_passed=quiz_result(quiz, attempts)[1],
        attempts_used_up=attempts_used_up(quiz, attempts),
        posttest_passed=posttest_passed,
    )


def lessons_by_key(version: CourseVersion) -> dict[str, Lesson]:
    return {lesson.key: lesson for lesson in version.lessons}


def slot_results(attempt: Attempt, lessons: dict[str, Lesson]) -> list[review.SlotResult]:
    """Each question of a submitted attempt: its credit and the lessons that teach it."""
    stored = dict(
        db.session.execute(
            select(AttemptAnswer.slot, AttemptAnswer.fraction).where(
                AttemptAnswer.attempt_id == attempt.id
            )
        ).all()
    )
    results = []
    for entry in attempt.snapshot:
        question = Question.from_data(entry["question"])
        fraction = stored.get(entry["slot"])
        if fraction is None:
            fraction = grade(question, None)  # unanswered: 0, or None when not graded
        taught_by = tuple(tag for tag in question.tags if tag in lessons)
        module = lessons[taught_by[0]].module.key if taught_by else None
        results.append(review.SlotResult(entry["question_id"], fraction, taught_by, module))
    return results


def exposure(user: User, quiz: Quiz) -> dict[int, int]:
    """What the learner's earlier attempts on this quiz's bank showed them, per question."""
    related = [q for q in quizzes_of(quiz.version) if q.bank_id == quiz.bank_id]
    lessons = lessons_by_key(quiz.version)
    known = []
    for other in related:
        policy = review_policy(other)
        key = _key_visible(user, other, policy)
        for attempt in attempts_of(user, other):
            if attempt.state != SUBMITTED:
                known.append({entry["question_id"]: review.SEEN for entry in attempt.snapshot})
                continue
            known.append(review.exposure(
                slot_results(attempt, lessons), correctness=policy.correctness, key=key
            ))  # fmt: skip
    return review.merge_exposure(*known)


# ---------------------------------------------------------------- statistics


def first_attempts_scores(quiz: Quiz) -> tuple[list[list[float]], list[list[int]]]:
    """Each learner's first submitted attempt: per-slot fractions and the question of each slot."""
    first_numbers = (
        select(Attempt.user_id, func.min(Attempt.number).label("number"))
        .where(Attempt.quiz_id == quiz.id, Attempt.state == SUBMITTED)
        .group_by(Attempt.user_id)
        .subquery()
    )
    first_attempts = (
        select(Attempt.id, Attempt.question_ids)
        .join(
            first_numbers,
            (Attempt.user_id == first_numbers.c.user_id)
            & (Attempt.number == first_numbers.c.number),
        )
        .where(Attempt.quiz_id == quiz.id)
        .subquery()
    )
    attempts = db.session.execute(
        select(first_attempts.c.id, first_attempts.c.question_ids).order_by(first_attempts.c.id)
    ).all()
    index = {attempt_id: row for row, (attempt_id, _) in enumerate(attempts)}
    matrix = [[0.0] * len(ids) for _, ids in attempts]
    answers = db.session.execute(
        select(AttemptAnswer.attempt_id, AttemptAnswer.slot, AttemptAnswer.fraction)
        .join(first_attempts, AttemptAnswer.attempt_id == first_attempts.c.id)
        .where(AttemptAnswer.fraction.is_not(None))
    )
    for attempt_id, slot, fraction in answers:
        row = matrix[index[attempt_id]]
        if 0 < slot <= len(row):
            row[slot - 1] = fraction
    return matrix, [ids for _, ids in attempts]


def quiz_report(
    matrix: list[list[float]], question_ids: list[list[int]]
) -> tuple[QuizStatistics, dict]:
    """Quiz statistics over slots, and item statistics per bank question.

    With questions drawn at random, each question is seen by some attempts
    only; its statistics use those attempts, its "rest of test" being the
    rest of each attempt's score, as Moodle does for random questions.
    """
    stats = (
        quiz_statistics(matrix)
        if matrix and all(len(r) == len(matrix[0]) for r in matrix)
        else None
    )
    pairs = [
        (row[: len(ids)], ids[: len(row)]) for row, ids in zip(matrix, question_ids, strict=True)
    ]
    # Flattened (attempt, slot) cells, grouped per question in attempt order: the
    # same values the per-question lists held, gathered by numpy for thousands of attempts.
    lengths = np.fromiter((len(ids) for _row, ids in pairs), dtype=np.int64, count=len(pairs))
    scores = np.fromiter(chain.from_iterable(row for row, _ids in pairs), dtype=float)
    ids = np.fromiter(chain.from_iterable(ids for _row, ids in pairs), dtype=np.int64)
    totals = np.fromiter((sum(row) for row, _ids in pairs), dtype=float, count=len(pairs))
    rests = np.repeat(totals, lengths) - scores
    order = np.argsort(ids, kind="stable")
    ids, scores, rests = ids[order], scores[order], rests[order]
    question_order, starts = np.unique(ids, return_index=True)
    ends = [*starts[1:], len(ids)] if len(ids) else []  # no submitted attempt yet
    items = {
        int(qid): item_statistics(scores[start:end], rests[start:end])
        for qid, start, end in zip(question_order, starts, ends, strict=True)
    }
    return stats, items
