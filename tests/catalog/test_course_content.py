"""Every real course in courses/ meets the programme's bar: enough modules, lessons and
questions, lessons that state objectives and sources, and answer keys that add up."""

from pathlib import Path

import pytest

from learnhub.assessment import gift
from learnhub.assessment.questions import MATCHING, MULTIPLE, SHORTANSWER, SINGLE, TRUEFALSE
from learnhub.catalog.loader import LATIN, THAI, VERIFY_HEDGE, find_course_folders, load_course

COURSES = Path(__file__).resolve().parents[2] / "courses"
REAL = [folder for folder in find_course_folders(COURSES) if folder.name != "example"]


def bank(folder: Path, path: str):
    return gift.parse((folder / path).read_text(encoding="utf-8"))


@pytest.mark.parametrize("folder", REAL, ids=[f.name for f in REAL])
def test_course_has_the_modules_lessons_and_settings_a_programme_needs(folder):
    spec = load_course(folder)
    assert spec.slug == folder.name
    assert len(spec.modules) >= 4
    for module in spec.modules:
        assert len(module.lessons) >= 3, module.key
        assert module.quiz is not None, module.key
        assert sum(q.graded for q in bank(folder, module.quiz["bank"])) >= 5, module.key
        for lesson in module.lessons:
            assert lesson.objectives and lesson.sources, lesson.path
            assert "[!SUMMARY]" in lesson.body, f"{lesson.path} has no summary"
    assert spec.require_pretest
    assert spec.posttest["pass_mark"] == 70
    assert spec.posttest["attempts"] == 3 and spec.posttest["time_limit_minutes"] == 30
    assert spec.pretest["bank"] == spec.posttest["bank"]


@pytest.mark.parametrize("folder", REAL, ids=[f.name for f in REAL])
def test_pre_and_post_test_bank_is_large_and_varied(app, folder):
    spec = load_course(folder)
    questions = bank(folder, spec.posttest["bank"])
    # large enough that a first post-test repeats nothing of the learner's pre-test
    drawn = spec.pretest["questions"] + spec.posttest["questions"]
    assert sum(q.graded for q in questions) >= drawn
    kinds = {q.qtype for q in questions}
    assert {SINGLE, MULTIPLE, TRUEFALSE, MATCHING} <= kinds
    # every question names a lesson; the one warning kept: three post-test attempts of 20
    # draw more than the bank holds, so later attempts repeat questions (courses/README.md)
    others = [str(w) for w in spec.warnings if "later post-test attempts repeat" not in str(w)]
    assert others == []


@pytest.mark.parametrize("folder", REAL, ids=[f.name for f in REAL])
def test_every_answer_key_is_consistent_and_explained(folder):
    spec = load_course(folder)
    paths = {spec.posttest["bank"]} | {m.quiz["bank"] for m in spec.modules}
    for path in paths:
        for question in bank(folder, path):
            where = f"{path}:{question.line} {question.title}"
            right = [c for c in question.choices if c.fraction > 0]
            if question.qtype == SINGLE:
                assert [c.fraction for c in right] == [1.0], where
            if question.qtype == MULTIPLE:
                assert len(right) >= 2, where
                assert abs(sum(c.fraction for c in right) - 1) < 0.001, where
            if question.qtype == SHORTANSWER:
                assert any(c.fraction == 1.0 for c in question.choices), where
            if question.qtype == MATCHING:
                assert len(question.pairs) >= 2, where
                assert len({p.right for p in question.pairs}) == len(question.pairs), where
            feedback = question.general_feedback or any(c.feedback for c in question.choices)
            feedback = feedback or question.feedback_true or question.feedback_false
            assert feedback, f"{where} explains nothing"


# The GIFT tag that marks an application question: a situation to judge under a rule, not a
# fact to recall (courses/README.md, "Question banks").
SCENARIO = "scenario"


def lesson_titles(spec) -> dict[str, str]:
    return {lesson.key: lesson.title for module in spec.modules for lesson in module.lessons}


@pytest.mark.parametrize("folder", REAL, ids=[f.name for f in REAL])
def test_a_third_of_each_pre_and_post_bank_asks_the_learner_to_apply_what_was_taught(folder):
    spec = load_course(folder)
    graded = [q for q in bank(folder, spec.posttest["bank"]) if q.graded]
    applied = [q for q in graded if SCENARIO in q.tags]

    assert len(graded) >= 40  # so that a post-test repeats little of the learner's pre-test
    assert 3 * len(applied) >= len(graded), f"{len(applied)} of {len(graded)} apply the lessons"


@pytest.mark.parametrize("folder", REAL, ids=[f.name for f in REAL])
def test_every_question_s_feedback_names_the_lesson_that_teaches_its_answer(folder):
    spec = load_course(folder)
    titles = lesson_titles(spec)
    paths = {spec.posttest["bank"]} | {m.quiz["bank"] for m in spec.modules}
    for path in sorted(paths):
        for question in bank(folder, path):
            if not question.graded:
                continue
            feedback = " ".join(
                [question.general_feedback, question.feedback_true, question.feedback_false]
                + [choice.feedback for choice in question.choices]
            )
            pointers = [f'บทเรียน "{titles[tag]}"' for tag in question.tags if tag in titles]
            assert pointers, f"{path}:{question.line} is tagged with no lesson"
            assert any(p in feedback for p in pointers), (
                f"{path}:{question.line} {question.title}: the feedback should name "
                f"{' or '.join(pointers)}"
            )


@pytest.mark.parametrize("folder", REAL, ids=[f.name for f in REAL])
def test_the_course_teaches_the_law_instead_of_asking_the_learner_to_verify_it(folder):
    """No lesson, front matter, course text or question tells the learner to check a
    section number or wording: the course checked it (issue 14)."""
    files = [folder / "course.yaml", *sorted((folder / "lessons").glob("*.md"))]
    files += sorted((folder / "banks").glob("*.gift"))
    hedges = [
        f"{path.relative_to(folder)}:{number}: {line.strip()}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if VERIFY_HEDGE.search(line)
    ]
    assert hedges == []


@pytest.mark.parametrize("folder", REAL, ids=[f.name for f in REAL])
def test_every_choice_a_learner_reads_is_written_in_thai(folder):
    """English at most in brackets beside the Thai term, never a choice in English alone."""
    spec = load_course(folder)
    english_only = []
    for path in sorted({spec.posttest["bank"]} | {m.quiz["bank"] for m in spec.modules}):
        for question in bank(folder, path):
            if question.qtype == SHORTANSWER:  # typed by the learner, never shown as choices
                continue
            shown = [c.text for c in question.choices]
            shown += [side for pair in question.pairs for side in (pair.left, pair.right)]
            english_only += [
                f"{path}:{question.line} {text}"
                for text in shown
                if LATIN.search(text) and not THAI.search(text)
            ]
    assert english_only == []
