"""The completion rules, as plain functions over plain data.

A lesson is done when the learner reaches its end after spending the lesson's
minimum reading time on it (the catalog's services check the time). In a
sequential course a lesson opens only after the one before it is done, and a
module's quiz only after the module's lessons. A module is complete when
its lessons are done and its quiz, if it has one, meets its rule. The
post-test opens when every module is complete, and the course is complete when
the post-test is passed (or, for a course without one, when every module is).
A course can require the pre-test before its lessons open.

Quiz outcomes come from the assessment engine through ``QuizOutcome``; this
module never imports it, so the rules can be tested with made-up outcomes.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class QuizOutcome:
    """What the learner has achieved on one quiz so far."""

    attempted: bool = False  # at least one attempt submitted
    passed: bool = False  # the graded result meets the pass mark (or no pass mark is set)


@dataclass(frozen=True)
class ModuleState:
    key: str
    lesson_ids: tuple[int, ...]
    has_quiz: bool = False
    quiz: QuizOutcome = field(default_factory=QuizOutcome)


@dataclass(frozen=True)
class CourseState:
    modules: tuple[ModuleState, ...]
    done_lesson_ids: frozenset[int]
    require_pretest: bool = False
    pretest: QuizOutcome | None = None  # None: the course has no pre-test
    posttest: QuizOutcome | None = None  # None: the course has no post-test
    sequential: bool = False


def lessons_done(module: ModuleState, done: frozenset[int]) -> bool:
    return all(lesson_id in done for lesson_id in module.lesson_ids)


def quiz_rule_met(module: ModuleState) -> bool:
    """A module quiz counts when it is passed; without a pass mark, passing means attempting."""
    return not module.has_quiz or module.quiz.passed


def module_complete(module: ModuleState, done: frozenset[int]) -> bool:
    return lessons_done(module, done) and quiz_rule_met(module)


def lessons_open(state: CourseState) -> bool:
    """Lessons open at once, unless the course requires the pre-test first."""
    if not state.require_pretest or state.pretest is None:
        return True
    return state.pretest.attempted


def lesson_open(state: CourseState, lesson_id: int) -> bool:
    """Whether the learner may open this lesson now."""
    if not lessons_open(state):
        return False
    if not state.sequential:
        return True
    order = [lesson for module in state.modules for lesson in module.lesson_ids]
    if lesson_id not in order:
        return False
    return all(earlier in state.done_lesson_ids for earlier in order[: order.index(lesson_id)])


def blocking_lesson(state: CourseState, lesson_id: int) -> int | None:
    """In a sequential course, the first earlier lesson still to be done before this one."""
    order = [lesson for module in state.modules for lesson in module.lesson_ids]
    for earlier in order[: order.index(lesson_id)] if lesson_id in order else []:
        if earlier not in state.done_lesson_ids:
            return earlier
    return None


def module_quiz_open(state: CourseState, module_key: str) -> bool:
    """A module quiz opens with the lessons, or in a sequential course after its lessons."""
    if not lessons_open(state):
        return False
    if not state.sequential:
        return True
    module = next((m for m in state.modules if m.key == module_key), None)
    return module is not None and lessons_done(module, state.done_lesson_ids)


def posttest_open(state: CourseState) -> bool:
    return state.posttest is not None and all(
        module_complete(module, state.done_lesson_ids) for module in state.modules
    )


def course_complete(state: CourseState) -> bool:
    modules_done = all(module_complete(m, state.done_lesson_ids) for m in state.modules)
    if state.posttest is None:
        return modules_done
    return modules_done and state.posttest.passed


def percent_complete(state: CourseState) -> int:
    """Progress for the bar: lessons done, module quizzes met and the post-test, as steps."""
    steps = done = 0
    for module in state.modules:
        steps += len(module.lesson_ids)
        done += sum(1 for lesson_id in module.lesson_ids if lesson_id in state.done_lesson_ids)
        if module.has_quiz:
            steps += 1
            done += quiz_rule_met(module)
    if state.posttest is not None:
        steps += 1
        done += state.posttest.passed
    return round(100 * done / steps) if steps else 0


@dataclass(frozen=True)
class Step:
    """The one thing a learner should do next in a course.

    ``kind`` is ``pretest``, ``lesson`` (with ``lesson_id``), ``module_quiz`` (with
    ``module_key``), ``posttest`` or ``complete``.
    """

    kind: str
    lesson_id: int | None = None
    module_key: str | None = None


def next_activity(state: CourseState, last_lesson_id: int | None = None) -> Step:
    """Where "continue" leads: the course in its own order, so nothing is skipped.

    The pre-test when the lessons wait for it; then the lesson the learner was reading
    if it is unfinished and open; then, module by module, the first unfinished lesson
    and the module's quiz until it is passed; then the post-test.
    """
    if not lessons_open(state):
        return Step("pretest")
    done = state.done_lesson_ids
    if (
        last_lesson_id is not None
        and last_lesson_id not in done
        and lesson_open(state, last_lesson_id)
    ):
        return Step("lesson", lesson_id=last_lesson_id)
    for module in state.modules:
        for lesson_id in module.lesson_ids:
            if lesson_id not in done:
                return Step("lesson", lesson_id=lesson_id)
        if not quiz_rule_met(module):
            return Step("module_quiz", module_key=module.key)
    if state.posttest is not None and not state.posttest.passed:
        return Step("posttest")
    return Step("complete")
