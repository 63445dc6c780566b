"""Item statistics checked against values worked out by hand (see the comments)."""

import pytest

from learnhub.assessment.services import quiz_report
from learnhub.assessment.statistics import item_statistics, quiz_statistics

# Four first attempts of a three-question quiz (1 = right, 0 = wrong):
MATRIX = [
    [1, 1, 1],  # total 3
    [1, 0, 1],  # total 2
    [0, 1, 0],  # total 1
    [0, 0, 0],  # total 0
]


def test_quiz_level_statistics_match_hand_computed_values():
    stats = quiz_statistics(MATRIX)
    assert stats.attempts == 4
    assert stats.mean == pytest.approx(50.0)  # 1.5 of 3
    assert stats.median == pytest.approx(50.0)  # (1 + 2) / 2 of 3
    # totals 3,2,1,0: sample variance 5/3, SD 1.29099 = 43.033% of 3
    assert stats.standard_deviation == pytest.approx(43.0331, abs=1e-3)
    # alpha = 3/2 × (1 − (1/3 + 1/3 + 1/3) / (5/3)) = 0.6
    assert stats.cronbach_alpha == pytest.approx(60.0)
    # error ratio = √(1 − 0.6) = 63.246%; standard error = 0.63246 × 43.033%
    assert stats.error_ratio == pytest.approx(63.2456, abs=1e-3)
    assert stats.standard_error == pytest.approx(27.2166, abs=1e-3)


def test_item_statistics_match_hand_computed_values():
    first, second, _ = quiz_statistics(MATRIX).items
    # Q1 scores 1,1,0,0 (mean .5, sample SD .57735); rest of test 2,1,1,0
    assert first.facility == pytest.approx(50.0)
    assert first.standard_deviation == pytest.approx(57.735, abs=1e-3)
    # cov = 1/3, var(rest) = 2/3 -> r = (1/3) / √(1/3 · 2/3) = 0.70711
    assert first.discrimination_index == pytest.approx(70.7107, abs=1e-3)
    # sorted pairs give the same covariance, so efficiency is 100%
    assert first.discriminative_efficiency == pytest.approx(100.0)
    # Q2 scores 1,0,1,0 against rest 2,2,0,0: covariance 0
    assert second.discrimination_index == pytest.approx(0.0)
    assert second.discriminative_efficiency == pytest.approx(0.0)


def test_a_question_everyone_got_right_cannot_discriminate():
    stats = item_statistics([1, 1, 1], [2, 1, 0])
    assert stats.facility == 100 and stats.standard_deviation == 0
    assert stats.discrimination_index is None


def test_no_attempts_and_one_attempt_do_not_crash():
    assert quiz_statistics([]).attempts == 0
    assert quiz_report([], []) == (None, {})  # a quiz nobody has submitted yet
    single = quiz_statistics([[1, 0]])
    assert single.mean == 50 and single.cronbach_alpha is None
