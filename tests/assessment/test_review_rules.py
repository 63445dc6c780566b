"""The review policy as plain functions: what a result may show, and what a new attempt draws."""

import random

from learnhub.assessment import review
from learnhub.assessment.review import (
    ANSWER_KNOWN,
    SEEN,
    SEEN_WRONG,
    UNSEEN,
    SlotResult,
    exposure,
    key_visible,
    module_results,
    policy_for,
)


def slot(question_id, fraction, lessons=("l1",), module="m1"):
    return SlotResult(question_id, fraction, tuple(lessons), module)


def test_each_kind_of_quiz_has_its_own_default():
    pre = policy_for("pretest", {}, shares_posttest_bank=True)
    module = policy_for("module", {}, shares_posttest_bank=False)
    post = policy_for("posttest", {}, shares_posttest_bank=True)

    assert (pre.correctness, pre.correct_answers) == (False, "after_posttest_passed")
    assert (module.correctness, module.correct_answers) == (True, "after_pass")
    assert (post.correctness, post.correct_answers) == (True, "after_pass_or_last_attempt")


def test_a_pretest_imported_with_an_old_always_policy_still_hides_the_key():
    old = {"review": {"score": True, "correctness": True, "correct_answers": "always"}}

    policy = policy_for("pretest", old, shares_posttest_bank=True)

    assert policy.correctness is False and policy.correct_answers == "after_posttest_passed"
    assert not key_visible(policy, quiz_passed=True, attempts_used_up=True, posttest_passed=False)
    assert key_visible(policy, quiz_passed=False, attempts_used_up=False, posttest_passed=True)


def test_a_module_quiz_shows_its_key_once_passed_and_a_posttest_also_when_attempts_run_out():
    module = policy_for("module", {}, shares_posttest_bank=False)
    post = policy_for("posttest", {}, shares_posttest_bank=True)

    assert not key_visible(module, quiz_passed=False, attempts_used_up=True, posttest_passed=False)
    assert key_visible(module, quiz_passed=True, attempts_used_up=False, posttest_passed=False)
    assert not key_visible(post, quiz_passed=False, attempts_used_up=False, posttest_passed=False)
    assert key_visible(post, quiz_passed=False, attempts_used_up=True, posttest_passed=False)


def test_results_per_module_count_right_answers_and_list_lessons_to_study():
    slots = [
        slot(1, 1.0, ["a1"], "a"),
        slot(2, 0.0, ["a2"], "a"),
        slot(3, 0.5, ["b1", "b2"], "b"),
        slot(4, 0.9999999, ["b1"], "b"),  # 33.33333 × 3: full credit up to rounding
        slot(5, None, [], None),  # a description: not counted
    ]

    results = module_results(slots, ["b", "a"])

    assert [(r.module, r.right, r.total, r.lessons_to_study) for r in results] == [
        ("b", 1, 2, ["b1", "b2"]),
        ("a", 1, 2, ["a2"]),
    ]


def test_a_pretest_review_reveals_only_what_its_counts_give_away():
    slots = [
        slot(1, 1.0, ["a1"], "a"),  # module a all right: the learner knows these were right
        slot(2, 1.0, ["a2"], "a"),
        slot(3, 1.0, ["b1"], "b"),  # b1 is not listed to study: every b1 question was right
        slot(4, 1.0, ["b2"], "b"),  # b2 is listed (question 5 was wrong): nothing given away
        slot(5, 0.0, ["b2"], "b"),
    ]

    known = exposure(slots, correctness=False, key=False)

    assert known == {1: ANSWER_KNOWN, 2: ANSWER_KNOWN, 3: ANSWER_KNOWN, 4: SEEN, 5: SEEN}


def test_marked_answers_and_a_shown_key_tell_the_learner_more():
    slots = [slot(1, 1.0), slot(2, 0.0)]

    assert exposure(slots, correctness=True, key=False) == {1: ANSWER_KNOWN, 2: SEEN_WRONG}
    assert exposure(slots, correctness=False, key=True) == {1: ANSWER_KNOWN, 2: ANSWER_KNOWN}


def test_a_new_attempt_draws_what_the_learner_knows_least_about_first():
    known = {1: ANSWER_KNOWN, 2: SEEN_WRONG, 3: SEEN, 4: SEEN}
    pool = [1, 2, 3, 4, 5, 6]

    for seed in range(20):
        chosen = review.draw(pool, 4, known, random.Random(seed))
        assert set(chosen[:2]) == {5, 6}  # never seen
        assert set(chosen[2:]) == {3, 4}  # seen, nothing marked
    assert review.draw(pool, 6, known, random.Random(0))[-1] == 1  # the known answer comes last
    assert review.merge_exposure({1: SEEN}, {1: ANSWER_KNOWN, 2: UNSEEN}) == {
        1: ANSWER_KNOWN,
        2: UNSEEN,
    }
