"""Every completion rule, as a plain function."""

from learnhub.catalog.progress import (
    CourseState,
    ModuleState,
    QuizOutcome,
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

PASSED = QuizOutcome(attempted=True, passed=True)
FAILED = QuizOutcome(attempted=True, passed=False)
NOT_TAKEN = QuizOutcome()


def state(
    done=(), quiz=NOT_TAKEN, pretest=None, posttest=None, require_pretest=False, sequential=False
):
    return CourseState(
        modules=(
            ModuleState("one", (1, 2)),
            ModuleState("two", (3,), has_quiz=True, quiz=quiz),
        ),
        done_lesson_ids=frozenset(done),
        require_pretest=require_pretest,
        pretest=pretest,
        posttest=posttest,
        sequential=sequential,
    )


def test_module_without_quiz_is_complete_when_its_lessons_are_done():
    module = ModuleState("one", (1, 2))
    assert not module_complete(module, frozenset({1}))
    assert module_complete(module, frozenset({1, 2}))


def test_module_with_quiz_needs_the_quiz_passed_too():
    assert not module_complete(ModuleState("two", (3,), True, NOT_TAKEN), frozenset({3}))
    assert not module_complete(ModuleState("two", (3,), True, FAILED), frozenset({3}))
    assert module_complete(ModuleState("two", (3,), True, PASSED), frozenset({3}))
    assert not module_complete(ModuleState("two", (3,), True, PASSED), frozenset())


def test_posttest_opens_only_when_every_module_is_complete():
    assert not posttest_open(state(done={1, 2, 3}, quiz=FAILED, posttest=NOT_TAKEN))
    assert posttest_open(state(done={1, 2, 3}, quiz=PASSED, posttest=NOT_TAKEN))
    assert not posttest_open(state(done={1, 2, 3}, quiz=PASSED, posttest=None))  # no post-test


def test_course_is_complete_when_the_posttest_is_passed():
    assert not course_complete(state(done={1, 2, 3}, quiz=PASSED, posttest=FAILED))
    assert course_complete(state(done={1, 2, 3}, quiz=PASSED, posttest=PASSED))
    # a passed post-test does not excuse an unfinished module
    assert not course_complete(state(done={1, 2}, quiz=PASSED, posttest=PASSED))


def test_course_without_posttest_is_complete_when_its_modules_are():
    assert not course_complete(state(done={1, 2, 3}, quiz=FAILED))
    assert course_complete(state(done={1, 2, 3}, quiz=PASSED))


def test_lessons_wait_for_the_pretest_only_when_the_course_requires_it():
    assert lessons_open(state())
    assert lessons_open(state(pretest=NOT_TAKEN))
    assert not lessons_open(state(pretest=NOT_TAKEN, require_pretest=True))
    assert lessons_open(state(pretest=FAILED, require_pretest=True))  # taking it is enough


def test_percent_counts_lessons_quizzes_and_the_posttest():
    assert percent_complete(state(posttest=NOT_TAKEN)) == 0
    assert percent_complete(state(done={1}, posttest=NOT_TAKEN)) == 20
    assert percent_complete(state(done={1, 2, 3}, quiz=PASSED, posttest=NOT_TAKEN)) == 80
    assert percent_complete(state(done={1, 2, 3}, quiz=PASSED, posttest=PASSED)) == 100


def test_in_a_sequential_course_each_lesson_waits_for_the_one_before():
    assert lesson_open(state(sequential=True), 1)
    assert not lesson_open(state(sequential=True), 2)
    assert blocking_lesson(state(sequential=True), 3) == 1
    assert not lesson_open(state(done={1}, sequential=True), 3)
    assert lesson_open(state(done={1, 2}, sequential=True), 3)  # the next module's first lesson
    assert lesson_open(state(sequential=False), 3)  # any order otherwise


def test_in_a_sequential_course_a_module_quiz_waits_for_its_lessons():
    assert not module_quiz_open(state(sequential=True), "two")
    assert module_quiz_open(state(done={3}, sequential=True), "two")
    assert module_quiz_open(state(sequential=False), "two")
    locked = state(pretest=NOT_TAKEN, require_pretest=True, done={3}, sequential=True)
    assert not module_quiz_open(locked, "two") and not lesson_open(locked, 1)


def test_continue_leads_through_the_course_in_its_own_order():
    taken = QuizOutcome(attempted=True, passed=False)
    waiting = state(require_pretest=True, pretest=NOT_TAKEN, posttest=NOT_TAKEN)
    assert next_activity(waiting).kind == "pretest"
    fresh = state(require_pretest=True, pretest=taken, posttest=NOT_TAKEN)
    assert next_activity(fresh) == next_activity(fresh, last_lesson_id=None)
    assert next_activity(fresh).lesson_id == 1
    assert next_activity(state(done={1}, posttest=NOT_TAKEN)).lesson_id == 2
    # the lesson last opened comes first, if it is still unfinished and open
    assert next_activity(state(done={1}, posttest=NOT_TAKEN), last_lesson_id=3).lesson_id == 3
    assert next_activity(state(done={1}, posttest=NOT_TAKEN), last_lesson_id=1).lesson_id == 2
    lessons_read = state(done={1, 2, 3}, quiz=FAILED, posttest=NOT_TAKEN)
    assert next_activity(lessons_read).kind == "module_quiz"
    assert next_activity(lessons_read).module_key == "two"
    quiz_passed = state(done={1, 2, 3}, quiz=PASSED, posttest=FAILED)
    assert next_activity(quiz_passed).kind == "posttest"
    assert next_activity(state(done={1, 2, 3}, quiz=PASSED, posttest=PASSED)).kind == "complete"


def test_in_a_sequential_course_continue_never_offers_a_closed_lesson():
    sequential = state(done=(), sequential=True, posttest=NOT_TAKEN)
    assert next_activity(sequential, last_lesson_id=3).lesson_id == 1
