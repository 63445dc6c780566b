"""What a quiz's results may show, and when, as plain functions over plain data.

A certificate must mean that its holder learned, so the answer key travels only
as the review policy allows: a pre-test never shows its key (the post-test draws
from the same bank) until the post-test is passed, a module quiz shows it once
passed, a post-test once passed or when its attempts are used up. The same
functions decide what a new attempt should draw: questions whose answers an
earlier review could have taught the learner come last.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field

from learnhub.assessment.grading import is_full_credit
from learnhub.catalog.loader import REVIEW_DEFAULTS

# When the key is shown ("pass" here is a quiz passed, not a password: hence noqa, nosec).
ALWAYS, NEVER = "always", "never"
AFTER_PASS = "after_pass"  # noqa: S105  # nosec B105
AFTER_PASS_OR_LAST_ATTEMPT = "after_pass_or_last_attempt"  # noqa: S105  # nosec B105
AFTER_POSTTEST_PASSED = "after_posttest_passed"  # noqa: S105

# How much a learner may know of a question's answer from what LearnHub has shown them.
UNSEEN, SEEN, SEEN_WRONG, ANSWER_KNOWN = 0, 1, 2, 3


@dataclass(frozen=True)
class ReviewPolicy:
    score: bool
    correctness: bool  # mark each question right or wrong
    feedback: bool  # per-answer and general feedback, shown with the correct answers
    correct_answers: str  # when the key is shown: one of the constants above


def policy_for(kind: str, settings: dict, shares_posttest_bank: bool) -> ReviewPolicy:
    """The quiz's policy: its course's settings over the defaults of its kind.

    A quiz that draws from the post-test's bank (a pre-test) never marks answers
    right or wrong and never shows its key before the post-test is passed, whatever
    an older import's settings say.
    """
    review = {**REVIEW_DEFAULTS[kind], **(settings.get("review") or {})}
    correctness = bool(review["correctness"])
    answers = review["correct_answers"]
    if shares_posttest_bank and kind != "posttest":
        correctness = False
        if answers not in (AFTER_POSTTEST_PASSED, NEVER):
            answers = AFTER_POSTTEST_PASSED
    return ReviewPolicy(
        score=bool(review.get("score", True)),
        correctness=correctness,
        feedback=bool(review.get("feedback", True)),
        correct_answers=answers,
    )


def key_visible(
    policy: ReviewPolicy, *, quiz_passed: bool, attempts_used_up: bool, posttest_passed: bool
) -> bool:
    """Whether the results may show the correct answers now."""
    rule = policy.correct_answers
    if rule == ALWAYS:
        return True
    if rule == AFTER_PASS:
        return quiz_passed
    if rule == AFTER_PASS_OR_LAST_ATTEMPT:
        return quiz_passed or attempts_used_up
    if rule == AFTER_POSTTEST_PASSED:
        return posttest_passed
    return False


@dataclass(frozen=True)
class SlotResult:
    """One question of a submitted attempt, as the review functions see it."""

    question_id: int
    fraction: float | None  # None: not graded (a description or an essay)
    lessons: tuple[str, ...]  # keys of the lessons that teach it, from its tags
    module: str | None  # the module of its first lesson


@dataclass
class ModuleResult:
    """How many questions of one module the learner got right, and what to study."""

    module: str | None
    right: int = 0
    total: int = 0
    lessons_to_study: list[str] = field(default_factory=list)


def module_results(slots: Iterable[SlotResult], module_order: list[str]) -> list[ModuleResult]:
    """Per module: right answers out of questions, and the lessons of the wrong ones."""
    results: dict[str | None, ModuleResult] = {}
    for slot in slots:
        if slot.fraction is None:
            continue
        result = results.setdefault(slot.module, ModuleResult(slot.module))
        result.total += 1
        if is_full_credit(slot.fraction):
            result.right += 1
        else:
            for lesson in slot.lessons:
                if lesson not in result.lessons_to_study:
                    result.lessons_to_study.append(lesson)
    position = {key: index for index, key in enumerate(module_order)}
    return sorted(results.values(), key=lambda r: position.get(r.module, len(position)))


def exposure(slots: list[SlotResult], *, correctness: bool, key: bool) -> dict[int, int]:
    """What a submitted attempt's review has told the learner about each question.

    With the key shown, or a question marked right, the learner may know its answer.
    A question marked wrong tells them one answer that is not right. Without marks, the
    per-module counts still give away the questions of a module answered all right, and
    so do the lessons not listed to study: every question on them was answered right.
    """
    known: dict[int, int] = {}
    if key:
        return {slot.question_id: ANSWER_KNOWN for slot in slots}
    if correctness:
        for slot in slots:
            right = slot.fraction is not None and is_full_credit(slot.fraction)
            known[slot.question_id] = ANSWER_KNOWN if right else SEEN_WRONG
        return known
    modules = {r.module: r for r in module_results(slots, [])}
    to_study = {lesson for r in modules.values() for lesson in r.lessons_to_study}
    for slot in slots:
        level = SEEN
        if slot.fraction is not None and is_full_credit(slot.fraction):
            module = modules.get(slot.module)
            all_right = module is not None and module.right == module.total
            if all_right or (slot.lessons and not to_study.intersection(slot.lessons)):
                level = ANSWER_KNOWN
        known[slot.question_id] = level
    return known


def merge_exposure(*exposures: dict[int, int]) -> dict[int, int]:
    merged: dict[int, int] = {}
    for known in exposures:
        for question_id, level in known.items():
            merged[question_id] = max(merged.get(question_id, UNSEEN), level)
    return merged


def draw(pool: list[int], count: int, known: dict[int, int], rng: random.Random) -> list[int]:
    """Choose ``count`` questions, those the learner knows least about first.

    Questions never seen come first, then those seen without any mark, then those
    marked wrong, then those whose answer a review has shown; within a level the
    order is random.
    """
    keyed = [(known.get(question_id, UNSEEN), rng.random(), question_id) for question_id in pool]
    keyed.sort()
    return [question_id for _, _, question_id in keyed[:count]]
