"""Enrolment, lesson progress and completion, as functions the views and tests call."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import inspect, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from learnhub.accounts.models import User, utcnow
from learnhub.catalog.models import (
    Course,
    CourseVersion,
    Enrolment,
    Lesson,
    LessonProgress,
    LessonReading,
    Module,
)
from learnhub.catalog.progress import (
    CourseState,
    ModuleState,
    QuizOutcome,
    Step,
    blocking_lesson,
    course_complete,
    lesson_open,
    lessons_open,
    module_complete,
    module_quiz_open,
    next_activity,
    percent_complete,
    posttest_open,
)
from learnhub.extensions import db

# The longest stretch between two lesson events that counts as reading: a page left
# open overnight is not eight hours of study.
MAX_READING_GAP = dt.timedelta(minutes=20)


@dataclass(frozen=True)
class QuizOutcomes:
    """Outcomes of an enrolment's quizzes, as the assessment engine reports them."""

    pretest: QuizOutcome | None = None
    posttest: QuizOutcome | None = None
    modules: dict[str, QuizOutcome] | None = None


# The assessment engine registers the function that reports quiz outcomes (of several
# enrolments at once, keyed by enrolment id), and credentials registers what happens on
# completion; the catalog imports neither.
outcome_provider: list[Callable[[Sequence[Enrolment]], dict[int, QuizOutcomes]]] = []
completion_listeners: list[Callable[[Enrolment], None]] = []


class EnrolmentClosed(Exception):
    """The course does not take self-enrolment."""


class NotReadYet(Exception):
    """The learner reached the lesson's end sooner than its minimum reading time allows."""

    def __init__(self, seconds_read: int, seconds_required: int):
        super().__init__(f"{seconds_read} of {seconds_required} seconds")
        self.seconds_read = seconds_read
        self.seconds_required = seconds_required

    @property
    def seconds_left(self) -> int:
        return max(0, self.seconds_required - self.seconds_read)


def catalog(query: str = "", audience: str = "") -> list[CourseVersion]:
    """The listed courses' current versions, filtered by words of their title, summary or
    lesson titles, and by audience."""
    statement = (
        select(CourseVersion)
        .join(Course, Course.current_version_id == CourseVersion.id)
        .where(CourseVersion.listed.is_(True))
        .order_by(Course.slug)
    )
    if query:
        like = f"%{query.strip()}%"
        lesson_titled = (
            select(Lesson.id)
            .join(Module, Lesson.module_id == Module.id)
            .where(Module.version_id == CourseVersion.id, Lesson.title.ilike(like))
            .exists()
        )
        statement = statement.where(
            or_(
                CourseVersion.title_th.ilike(like),
                CourseVersion.title_en.ilike(like),
                CourseVersion.summary_th.ilike(like),
                CourseVersion.summary_en.ilike(like),
                lesson_titled,
            )
        )
    # The page shows each course's slug and module count: loaded for all versions at once.
    statement = statement.options(
        selectinload(CourseVersion.course), selectinload(CourseVersion.modules)
    )
    versions = db.session.scalars(statement).all()
    if audience:
        versions = [v for v in versions if audience in v.audience]
    return list(versions)


def course_by_slug(slug: str) -> Course | None:
    """The course with its current version, in one query (every course page reads both)."""
    return db.session.scalar(
        select(Course).where(Course.slug == slug).options(joinedload(Course.current_version))
    )


def enrolment_for(user: User, course: Course) -> Enrolment | None:
    """The learner's latest enrolment in the course, on whatever version they started."""
    if not user.is_authenticated:
        return None
    enrolment = db.session.scalar(
        select(Enrolment)
        .where(Enrolment.user_id == user.id, Enrolment.course_id == course.id)
        .order_by(Enrolment.enrolled_at.desc(), Enrolment.id.desc())
        .limit(1)
    )
    if enrolment is not None and "course" in inspect(enrolment).unloaded:
        # Its course is the one in hand: holding it keeps it from being read again once
        # the caller has let go of it (the session only holds loaded objects weakly).
        set_committed_value(enrolment, "course", course)
    return enrolment


def enrol(user: User, course: Course, source: str = "self") -> Enrolment:
    """Enrol in the course's current version; enrolling twice returns the first enrolment."""
    existing = enrolment_for(user, course)
    if existing is not None:
        return existing
    version = course.current_version
    if source == "self" and not version.open_enrolment:
        raise EnrolmentClosed()
    enrolment = Enrolment(user=user, course=course, version=version, source=source)
    db.session.add(enrolment)
    try:
        db.session.commit()
    except IntegrityError:  # a double click: the other request enrolled first
        db.session.rollback()
        return enrolment_for(user, course)
    return enrolment


def quiz_outcomes_of(enrolments: Sequence[Enrolment]) -> dict[int, QuizOutcomes]:
    """Each enrolment's quiz outcomes, by enrolment id."""
    if outcome_provider:
        return outcome_provider[-1](enrolments)
    outcomes = {}
    for enrolment in enrolments:
        assessments = enrolment.version.assessments or {}
        outcomes[enrolment.id] = QuizOutcomes(
            pretest=QuizOutcome() if assessments.get("pretest") else None,
            posttest=QuizOutcome() if assessments.get("posttest") else None,
            modules={},
        )
    return outcomes


def quiz_outcomes(enrolment: Enrolment) -> QuizOutcomes:
    return quiz_outcomes_of([enrolment])[enrolment.id]


def load_outline(version: CourseVersion) -> CourseVersion:
    """The version's modules and all their lessons in one query, not one per module.

    A no-op when they are loaded already (the identity map keeps them for the request).
    """
    state = inspect(version)
    if "modules" in state.unloaded and state.persistent:
        modules = (
            db.session.scalars(
                select(Module)
                .where(Module.version_id == version.id)
                .order_by(Module.position)
                .options(joinedload(Module.lessons))
            )
            .unique()
            .all()
        )
        set_committed_value(version, "modules", modules)
    return version


def course_state(enrolment: Enrolment) -> CourseState:
    return course_states([enrolment])[enrolment.id]


def course_states(enrolments: Sequence[Enrolment]) -> dict[int, CourseState]:
    """Each enrolment's state, by enrolment id: quizzes, attempts and lessons done of all
    of them in one query each, however many there are (the dashboard shows them all)."""
    for enrolment in enrolments:  # first: module quizzes name their module by its key
        load_outline(enrolment.version)
    outcomes = quiz_outcomes_of(enrolments)
    done: dict[int, set[int]] = {enrolment.id: set() for enrolment in enrolments}
    for enrolment_id, lesson_id in db.session.execute(
        select(LessonProgress.enrolment_id, LessonProgress.lesson_id).where(
            LessonProgress.enrolment_id.in_(list(done))
        )
    ):
        done[enrolment_id].add(lesson_id)
    return {
        enrolment.id: _state(enrolment, outcomes[enrolment.id], frozenset(done[enrolment.id]))
        for enrolment in enrolments
    }


def _state(enrolment: Enrolment, outcomes: QuizOutcomes, done: frozenset[int]) -> CourseState:
    version = enrolment.version
    module_outcomes = outcomes.modules or {}
    modules = tuple(
        ModuleState(
            key=module.key,
            lesson_ids=tuple(lesson.id for lesson in module.lessons),
            has_quiz=module.quiz is not None,
            quiz=module_outcomes.get(module.key, QuizOutcome()),
        )
        for module in version.modules
    )
    return CourseState(
        modules=modules,
        done_lesson_ids=done,
        require_pretest=version.require_pretest,
        pretest=outcomes.pretest,
        posttest=outcomes.posttest,
        sequential=version.sequential,
    )


def find_lesson(version: CourseVersion, key: str) -> Lesson | None:
    for lesson in load_outline(version).lessons:
        if lesson.key == key:
            return lesson
    return None


def neighbours(version: CourseVersion, lesson: Lesson) -> tuple[Lesson | None, Lesson | None]:
    lessons = version.lessons
    index = lessons.index(lesson)
    previous = lessons[index - 1] if index > 0 else None
    following = lessons[index + 1] if index + 1 < len(lessons) else None
    return previous, following


def record_reading(enrolment: Enrolment, lesson: Lesson) -> int:
    """Note a lesson event (opened, finished) and return the seconds read on this lesson.

    The time since the learner's previous lesson event, up to MAX_READING_GAP, is
    credited to the lesson of that event: the one they were reading meanwhile. So
    time is measured by the server, and two tabs share one clock instead of each
    counting it: of two events at the same moment, the compare-and-set lets only
    one credit the interval.
    """
    now = utcnow()
    enrolment_id, lesson_id = enrolment.id, lesson.id
    previous_at, previous_lesson = enrolment.last_activity_at, enrolment.last_lesson_id
    same_clock = (
        Enrolment.last_activity_at.is_(None)
        if previous_at is None
        else Enrolment.last_activity_at == previous_at
    )
    moved = db.session.execute(
        update(Enrolment)
        .where(Enrolment.id == enrolment_id, same_clock)
        .values(last_activity_at=now, last_lesson_id=lesson_id)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount == 1 and previous_at is not None and previous_lesson is not None:
        gap = min(now - previous_at, MAX_READING_GAP)
        _add_reading(enrolment_id, previous_lesson, max(0, int(gap.total_seconds())), now)
    read = seconds_read(enrolment_id, lesson_id)
    # Nothing the page shows changed: keep the loaded course, modules and lessons rather
    # than reload them after the commit (the clock columns are read only here).
    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True
    if moved.rowcount == 1:  # as stored now, not a change for a later flush to write
        set_committed_value(enrolment, "last_activity_at", now)
        set_committed_value(enrolment, "last_lesson_id", lesson_id)
    else:
        db.session.expire(enrolment, ["last_activity_at", "last_lesson_id"])
    return read


def _add_reading(enrolment_id: int, lesson_id: int, seconds: int, now: dt.datetime) -> None:
    dialect = db.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(LessonReading).values(
        enrolment_id=enrolment_id, lesson_id=lesson_id, seconds=seconds, updated_at=now
    )
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=["enrolment_id", "lesson_id"],
            set_={"seconds": LessonReading.seconds + seconds, "updated_at": now},
        )
    )


def seconds_read(enrolment_id: int, lesson_id: int) -> int:
    return (
        db.session.scalar(
            select(LessonReading.seconds).where(
                LessonReading.enrolment_id == enrolment_id, LessonReading.lesson_id == lesson_id
            )
        )
        or 0
    )


def mark_lesson_done(enrolment: Enrolment, lesson: Lesson) -> bool:
    """Record that the learner reached the lesson's end; harmless to repeat.

    The lesson counts only once the learner has spent its minimum reading time
    on it (NotReadYet says how long is left). Returns True when this made the
    whole course complete.
    """
    read = record_reading(enrolment, lesson)
    already = db.session.scalar(
        select(LessonProgress.id).where(
            LessonProgress.enrolment_id == enrolment.id, LessonProgress.lesson_id == lesson.id
        )
    )
    if already is None and read < lesson.min_reading_seconds:
        raise NotReadYet(read, lesson.min_reading_seconds)
    if already is None:
        db.session.add(LessonProgress(enrolment_id=enrolment.id, lesson_id=lesson.id))
        try:
            db.session.commit()
        except IntegrityError:  # the same lesson finished in two tabs at once
            db.session.rollback()
    return refresh_completion(enrolment)


def refresh_completion(enrolment: Enrolment) -> bool:
    """Mark the enrolment complete the moment its rules are met (no cron job).

    Returns True when it became complete just now; listeners (certificates)
    are told exactly once.
    """
    if enrolment.completed_at is not None or not course_complete(course_state(enrolment)):
        return False
    updated = db.session.execute(
        Enrolment.__table__.update()
        .where(Enrolment.id == enrolment.id, Enrolment.completed_at.is_(None))
        .values(completed_at=utcnow())
    )
    db.session.commit()
    db.session.refresh(enrolment)
    if updated.rowcount != 1:  # another request completed it first
        return False
    for listener in completion_listeners:
        listener(enrolment)
    return True


@dataclass(frozen=True)
class NextStep:
    """Where a learner goes after a lesson: the next lesson, a module's quiz, or the course."""

    lesson: Lesson | None = None
    quiz_module: Module | None = None


def next_step(enrolment: Enrolment, lesson: Lesson, state: CourseState) -> NextStep:
    """After a module's last lesson comes its quiz, unless passed; then the next lesson."""
    module = lesson.module
    module_state = next((m for m in state.modules if m.key == module.key), None)
    last_of_module = module.lessons[-1].id == lesson.id
    if last_of_module and module_state and module_state.has_quiz and not module_state.quiz.passed:
        return NextStep(quiz_module=module)
    _previous, following = neighbours(enrolment.version, lesson)
    return NextStep(lesson=following)


def lesson_blocked_by(state: CourseState, lesson: Lesson) -> Lesson | None:
    """The lesson to finish first when this one is still closed in a sequential course."""
    if lesson_open(state, lesson.id):
        return None
    blocker = blocking_lesson(state, lesson.id)
    return db.session.get(Lesson, blocker) if blocker else None


def continue_step(enrolment: Enrolment, state: CourseState) -> Step:
    """The exact next step of this enrolment (see progress.next_activity)."""
    last = enrolment.last_lesson_id
    version_lessons = {lesson.id for lesson in enrolment.version.lessons}
    return next_activity(state, last if last in version_lessons else None)


@dataclass(frozen=True)
class MyCourse:
    """One of a learner's courses as the dashboard shows it."""

    enrolment: Enrolment
    percent: int
    step: Step


def my_courses(user: User) -> list[MyCourse]:
    """The learner's latest enrolment in each course, most recently active first."""
    # Every enrolment's version with its modules and lessons in two queries, whatever the
    # number of courses (course_state would otherwise load them course by course).
    enrolments = db.session.scalars(
        select(Enrolment)
        .where(Enrolment.user_id == user.id)
        .order_by(Enrolment.enrolled_at.desc(), Enrolment.id.desc())
        .options(
            selectinload(Enrolment.version)
            .selectinload(CourseVersion.modules)
            .joinedload(Module.lessons)
        )
    ).all()
    latest: dict[int, Enrolment] = {}
    for enrolment in enrolments:
        latest.setdefault(enrolment.course_id, enrolment)
    states = course_states(list(latest.values()))
    courses = []
    for enrolment in latest.values():
        state = states[enrolment.id]
        step = continue_step(enrolment, state)
        courses.append(MyCourse(enrolment, percent_complete(state), step))
    return sorted(
        courses,
        key=lambda c: c.enrolment.last_activity_at or c.enrolment.enrolled_at,
        reverse=True,
    )


def suggested_courses(
    user: User, member_type: str | None, started: set[int] | None = None
) -> list[CourseVersion]:
    """Listed courses meant for the learner's member type that they have not started
    (``started``: the ids of the courses they have, when the caller knows them already)."""
    if started is None:
        started = set(
            db.session.scalars(select(Enrolment.course_id).where(Enrolment.user_id == user.id))
        )
    return [v for v in catalog(audience=member_type or "") if v.course_id not in started]


def step_lesson(enrolment: Enrolment, step: Step) -> Lesson | None:
    """The lesson a step leads to, if it is a lesson."""
    if step.lesson_id is None:
        return None
    return next((x for x in enrolment.version.lessons if x.id == step.lesson_id), None)


__all__ = [
    "EnrolmentClosed", "MyCourse", "NextStep", "NotReadYet", "QuizOutcomes", "catalog",
    "completion_listeners", "continue_step", "course_by_slug", "course_state", "course_states",
    "enrol",
    "enrolment_for", "find_lesson", "lesson_blocked_by", "lesson_open", "lessons_open",
    "mark_lesson_done", "module_complete", "module_quiz_open", "my_courses", "neighbours",
    "next_step", "outcome_provider", "posttest_open", "record_reading", "refresh_completion",
    "seconds_read", "step_lesson", "suggested_courses",
]  # fmt: skip
