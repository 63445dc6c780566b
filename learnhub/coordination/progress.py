"""Where each member of a cohort stands: pre-test, lessons, quizzes, post-test, attendance,
completion and certificate, loaded for the whole cohort in a fixed handful of queries.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from learnhub.accounts.models import MemberProfile, User
from learnhub.assessment.models import MODULE_QUIZ, POSTTEST, PRETEST, SUBMITTED, Attempt, Quiz
from learnhub.assessment.services import meets_pass_mark
from learnhub.catalog.models import Enrolment, Lesson, LessonProgress, Module
from learnhub.coordination import scoping
from learnhub.coordination.models import Attendance, Cohort, CohortSession
from learnhub.credentials.models import VALID, Certificate
from learnhub.extensions import db
from learnhub.thai import full_name

NOT_STARTED, IN_PROGRESS, COMPLETED, FAILED = "not_started", "in_progress", "completed", "failed"
STATUS_LABELS = {
    NOT_STARTED: _l("Not started"),
    IN_PROGRESS: _l("In progress"),
    COMPLETED: _l("Completed"),
    FAILED: _l("Failed all attempts"),
}
FILTERS = {
    "": _l("Everyone"),
    NOT_STARTED: STATUS_LABELS[NOT_STARTED],
    IN_PROGRESS: STATUS_LABELS[IN_PROGRESS],
    COMPLETED: STATUS_LABELS[COMPLETED],
    FAILED: STATUS_LABELS[FAILED],
    "absent": _l("Attendance below the rule"),
}
SORTS = {
    "name": _l("Name"),
    "pretest": _l("Pre-test score"),
    "posttest": _l("Post-test score"),
    "progress": _l("Lessons done"),
    "status": _l("Status"),
}
DEFAULT_ATTENDANCE_SHARE = 80  # percent of sessions, when an on-site cohort sets none


@dataclass
class MemberProgress:
    member_id: int
    user_id: int
    name: str
    email: str
    enrolment_id: int | None
    version_id: int | None
    completed_at: dt.datetime | None
    lessons_done: int = 0
    lessons_total: int = 0
    pretest_score: float | None = None
    module_quizzes_passed: int = 0
    module_quizzes_total: int = 0
    posttest_best: float | None = None
    posttest_attempts: int = 0
    posttest_passed: bool = False
    posttest_used_up: bool = False
    sessions_present: int = 0
    sessions_total: int = 0
    certificate_id: int | None = None
    certificate_serial: str | None = None
    rule_met: bool = False
    status: str = NOT_STARTED
    extra: dict = field(default_factory=dict)

    @property
    def attendance_percent(self) -> int | None:
        if not self.sessions_total:
            return None
        return round(100 * self.sessions_present / self.sessions_total)

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


def required_share(cohort: Cohort) -> int:
    """The percent of sessions a member of an on-site or blended cohort must attend."""
    if cohort.attendance_share is None:
        return DEFAULT_ATTENDANCE_SHARE
    return cohort.attendance_share


def rule_met(cohort: Cohort, row: MemberProgress) -> bool:
    """The cohort's certificate rule: the course's own online; attendance (and the
    post-test when required) on site and blended."""
    if not cohort.uses_attendance:
        return row.completed_at is not None
    if not row.sessions_total:
        return False
    attended = 100 * row.sessions_present / row.sessions_total >= required_share(cohort) - 1e-9
    return attended and (not cohort.posttest_required or row.posttest_passed)


def _status(row: MemberProgress) -> str:
    if row.completed_at is not None:
        return COMPLETED
    if row.posttest_used_up and not row.posttest_passed:
        return FAILED
    if row.lessons_done or row.pretest_score is not None or row.posttest_attempts:
        return IN_PROGRESS
    return NOT_STARTED


def cohort_progress(viewer, cohort: Cohort) -> list[MemberProgress]:
    """Every member of the cohort the viewer may see, with their progress (8 queries)."""
    members = scoping.members_for(viewer, cohort.id).subquery()
    enrolment_ids = select(members.c.enrolment_id)
    rows = db.session.execute(
        select(
            members.c.id,
            members.c.user_id,
            members.c.enrolment_id,
            User.display_name,
            User.email,
            MemberProfile.title,
            MemberProfile.title_other,
            MemberProfile.first_name_th,
            MemberProfile.last_name_th,
            Enrolment.version_id,
            Enrolment.completed_at,
        )  # fmt: skip
        .join(User, User.id == members.c.user_id)
        .outerjoin(MemberProfile, MemberProfile.user_id == User.id)
        .outerjoin(Enrolment, Enrolment.id == members.c.enrolment_id)
    ).all()
    progress = {}
    for (member_id, user_id, enrolment_id, display, email, title, other, first, last,
         version_id, completed_at) in rows:  # fmt: skip
        name = full_name(title, first, last, other) if first else display
        progress[member_id] = MemberProgress(member_id, user_id, name, email, enrolment_id,
                                             version_id, completed_at)  # fmt: skip
    by_enrolment = {row.enrolment_id: row for row in progress.values() if row.enrolment_id}
    versions = {row.version_id for row in progress.values() if row.version_id}

    lesson_totals = dict(
        db.session.execute(
            select(Module.version_id, func.count(Lesson.id))
            .join(Lesson, Lesson.module_id == Module.id)
            .where(Module.version_id.in_(versions))
            .group_by(Module.version_id)
        ).all()
    )
    quizzes = {
        quiz.id: quiz
        for quiz in db.session.scalars(select(Quiz).where(Quiz.version_id.in_(versions)))
    }
    module_quiz_totals: dict[int, int] = defaultdict(int)
    for quiz in quizzes.values():
        if quiz.kind == MODULE_QUIZ:
            module_quiz_totals[quiz.version_id] += 1
    for enrolment_id, done in db.session.execute(
        select(LessonProgress.enrolment_id, func.count())
        .where(LessonProgress.enrolment_id.in_(enrolment_ids))
        .group_by(LessonProgress.enrolment_id)
    ):
        by_enrolment[enrolment_id].lessons_done = done

    attempts: dict[tuple[int, int], list[tuple[int, float]]] = defaultdict(list)
    for enrolment_id, quiz_id, number, score in db.session.execute(
        select(Attempt.enrolment_id, Attempt.quiz_id, Attempt.number, Attempt.score)
        .where(Attempt.enrolment_id.in_(enrolment_ids), Attempt.state == SUBMITTED)
        .order_by(Attempt.number)
    ):
        attempts[(enrolment_id, quiz_id)].append((number, score or 0.0))
    for (enrolment_id, quiz_id), scored in attempts.items():
        row, quiz = by_enrolment.get(enrolment_id), quizzes.get(quiz_id)
        if row is None or quiz is None:
            continue
        scores = [score for _, score in scored]
        if quiz.kind == PRETEST:
            row.pretest_score = scores[0]
        elif quiz.kind == POSTTEST:
            row.posttest_best = max(scores)
            row.posttest_attempts = len(scores)
            row.posttest_passed = meets_pass_mark(quiz, max(scores))
            allowed = quiz.attempts_allowed
            row.posttest_used_up = allowed is not None and len(scores) >= allowed
        elif quiz.kind == MODULE_QUIZ and meets_pass_mark(quiz, max(scores)):
            row.module_quizzes_passed += 1

    sessions_total = db.session.scalar(
        select(func.count()).where(CohortSession.cohort_id == cohort.id)
    )
    for member_id, present in db.session.execute(
        select(Attendance.member_id, func.count())
        .join(CohortSession, CohortSession.id == Attendance.session_id)
        .where(CohortSession.cohort_id == cohort.id, Attendance.present.is_(True))
        .group_by(Attendance.member_id)
    ):
        if member_id in progress:
            progress[member_id].sessions_present = present

    user_ids = select(members.c.user_id)
    certificates = {
        (user_id, version_id): (certificate_id, serial)
        for certificate_id, user_id, version_id, serial in db.session.execute(
            select(Certificate.id, Certificate.user_id, Certificate.version_id, Certificate.serial)
            .where(Certificate.user_id.in_(user_ids), Certificate.status == VALID)
            .where(Certificate.course_id == cohort.course_id)
        )
    }
    for row in progress.values():
        row.lessons_total = lesson_totals.get(row.version_id, 0)
        row.module_quizzes_total = module_quiz_totals.get(row.version_id, 0)
        row.sessions_total = sessions_total
        row.certificate_id, row.certificate_serial = certificates.get(
            (row.user_id, row.version_id), (None, None)
        )
        row.rule_met = rule_met(cohort, row)
        row.status = _status(row)
    return sorted(progress.values(), key=lambda r: r.name)


def _below_attendance(cohort: Cohort, row: MemberProgress) -> bool:
    if not row.sessions_total:
        return False
    return 100 * row.sessions_present / row.sessions_total < required_share(cohort) - 1e-9


def select_rows(cohort: Cohort, rows: list[MemberProgress], status: str = "", query: str = "",
                sort: str = "name", descending: bool = False) -> list[MemberProgress]:  # fmt: skip
    """Filter by status (or 'absent'), search names and e-mails, sort; plain Python."""
    if status == "absent":
        rows = [r for r in rows if _below_attendance(cohort, r)]
    elif status in STATUS_LABELS:
        rows = [r for r in rows if r.status == status]
    needle = (query or "").strip().lower()
    if needle:
        rows = [r for r in rows if needle in r.name.lower() or needle in r.email.lower()]
    order = list(STATUS_LABELS)
    keys = {
        "name": lambda r: r.name,
        "pretest": lambda r: r.pretest_score,
        "posttest": lambda r: r.posttest_best,
        "progress": lambda r: r.lessons_done,
        "status": lambda r: order.index(r.status),
    }
    key = keys.get(sort, keys["name"])
    # Members with no score yet come last, whichever way the scores are sorted.
    known = sorted((r for r in rows if key(r) is not None), key=key, reverse=descending)
    return known + [r for r in rows if key(r) is None]
