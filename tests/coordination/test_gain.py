"""Learning-gain figures checked against arithmetic written out by hand.

Ten members of a cohort, pre-test and post-test scores in percent:

    member   pre  post  diff  g = diff / (100 - pre)
      1       40    60    20   20/60 = 1/3
      2       50    70    20   20/50 = 2/5
      3       60    70    10   10/40 = 1/4
      4       30    50    20   20/70 = 2/7
      5       70    80    10   10/30 = 1/3
      6       50    60    10   10/50 = 1/5
      7       40    70    30   30/60 = 1/2
      8       60    60     0    0/40 = 0
      9       80    90    10   10/20 = 1/2
     10       20    40    20   20/80 = 1/4
    sums     500   650   150

mean pre = 500/10 = 50, mean post = 650/10 = 65, mean gain = 15
sorted pre  20 30 40 40 50 | 50 60 60 70 80 -> median (50 + 50)/2 = 50
sorted post 40 50 60 60 60 | 70 70 70 80 90 -> median (60 + 70)/2 = 65
Hake ⟨g⟩ = (65 - 50) / (100 - 50) = 0.3
mean of g = (1/3 + 2/5 + 1/4 + 2/7 + 1/3 + 1/5 + 1/2 + 0 + 1/2 + 1/4) / 10
          = (2/3 + 3/5 + 1/2 + 2/7 + 1) / 10 = (641/210) / 10 = 641/2100
improved: every member but member 8 -> 9 of 10
differences minus their mean 15: 5 5 -5 5 -5 -5 15 -15 -5 5
sum of squares = 8 × 25 + 2 × 225 = 650; variance = 650/9; sd = sqrt(650/9)
t = 15 / (sd / sqrt(10)) = 15 × sqrt(10) × 3 / sqrt(650) = 45 sqrt(10/650)
Cohen's d_z = 15 / sd = 45 / sqrt(650)
"""

import math

import pytest

from learnhub.coordination import gain

PRE = [40, 50, 60, 30, 70, 50, 40, 60, 80, 20]
POST = [60, 70, 70, 50, 80, 60, 70, 60, 90, 40]


def two_sided_p_for_t_with_9_degrees_of_freedom(t: float) -> float:
    """The t distribution's tail by its closed form for odd degrees of freedom (ν = 9).

    P(|T| < t) = 2/π · [θ + sin θ (cos θ + 2/3 cos³θ + 2·4/(3·5) cos⁵θ
                 + 2·4·6/(3·5·7) cos⁷θ)], θ = arctan(t / √ν)
    (Abramowitz & Stegun 26.7.3), written out so scipy is checked, not trusted.
    """
    theta = math.atan(t / math.sqrt(9))
    c = math.cos(theta)
    series = c + (2 / 3) * c**3 + (8 / 15) * c**5 + (48 / 105) * c**7
    return 1 - (2 / math.pi) * (theta + math.sin(theta) * series)


def test_a_cohorts_gain_figures_are_the_ones_worked_out_by_hand():
    summary = gain.summarise(list(zip(PRE, POST, strict=True)), pre_only=2, post_only=1)

    assert summary.pairs == 10
    assert (summary.pre_only, summary.post_only) == (2, 1)
    assert summary.pre_mean == 50
    assert summary.post_mean == 65
    assert summary.mean_gain == 15
    assert summary.pre_median == 50
    assert summary.post_median == 65
    assert summary.class_gain == pytest.approx(0.3)
    assert summary.individual_gain_mean == pytest.approx(641 / 2100)
    assert summary.individual_gain_left_out == 0
    assert summary.improved == 9
    assert summary.improved_share == pytest.approx(0.9)


def test_the_paired_t_test_and_cohens_d_match_the_hand_computation():
    test = gain.summarise(list(zip(PRE, POST, strict=True))).test

    sd = math.sqrt(650 / 9)
    t = 45 * math.sqrt(10 / 650)
    assert test.pairs == 10
    assert test.degrees_of_freedom == 9
    assert test.mean_difference == 15
    assert test.sd_difference == pytest.approx(sd)
    assert test.t == pytest.approx(t)  # 5.5815...
    assert test.t == pytest.approx(5.5815, abs=1e-4)
    assert test.cohens_d == pytest.approx(45 / math.sqrt(650))  # 1.7650...
    assert test.cohens_d == pytest.approx(1.7650, abs=1e-4)
    assert test.p_value == pytest.approx(two_sided_p_for_t_with_9_degrees_of_freedom(t), rel=1e-9)
    assert 0.0003 < test.p_value < 0.0004


def test_members_who_scored_100_before_have_no_individual_gain_and_are_counted():
    # (100, 100) and (100, 90) have no g; (50, 75) has g = 25/50 = 0.5.
    # Class averages: pre (100 + 100 + 50)/3 = 250/3, post (100 + 90 + 75)/3 = 265/3,
    # ⟨g⟩ = (265/3 - 250/3) / (100 - 250/3) = (15/3) / (50/3) = 0.3.
    summary = gain.summarise([(100, 100), (100, 90), (50, 75)])

    assert summary.individual_gain_mean == pytest.approx(0.5)
    assert summary.individual_gain_left_out == 2
    assert summary.class_gain == pytest.approx(0.3)
    assert summary.improved == 1
    assert summary.test is None  # fewer than 10 pairs: no significance test


def test_a_class_that_averaged_100_before_has_no_normalised_gain():
    summary = gain.summarise([(100, 100), (100, 100)])
    assert summary.class_gain is None
    assert summary.individual_gain_mean is None
    assert summary.individual_gain_left_out == 2


def test_no_pairs_gives_no_figures_and_says_so():
    summary = gain.summarise([], pre_only=3)
    assert summary.pairs == 0
    assert summary.pre_mean is None
    assert summary.test is None
    assert gain.in_words(summary) == ["No member has both a pre-test and a post-test score yet."]


def test_identical_differences_give_no_t_but_are_still_reported():
    pairs = [(score, score + 10) for score in range(10, 110, 10) if score + 10 <= 100]
    pairs += [(0, 10)]
    summary = gain.summarise(pairs)
    assert summary.pairs == 10
    assert summary.test.t is None
    assert summary.test.sd_difference == 0
    assert "same amount" in " ".join(gain.in_words(summary))


def test_the_plain_sentence_says_what_the_figures_mean():
    sentences = gain.in_words(gain.summarise(list(zip(PRE, POST, strict=True))))
    text = " ".join(sentences)
    assert "10 members" in text
    assert "50.0% on average before the training and 65.0% after it, 15.0 points more" in text
    assert "normalised gain 0.30, medium by Hake's scale" in text
    assert "9 of 10 members (90%) scored higher" in text
    assert "paired t-test, p < 0.001" in text
    assert "large (Cohen's d = 1.77)" in text


def test_a_change_that_could_be_chance_is_called_so():
    # Differences +10 and -10 alternate over ten members (mean 2, sd ~10.3): p is large.
    pre = [50] * 10
    post = [60, 40, 60, 40, 60, 40, 60, 40, 60, 60]
    text = " ".join(gain.in_words(gain.summarise(list(zip(pre, post, strict=True)))))
    assert "could be chance" in text
    assert "do not show that the training made a difference" in text


def test_score_bands_put_100_in_the_top_band():
    assert gain.score_bins([0, 9.9, 10, 55, 99.5, 100]) == [2, 1, 0, 0, 0, 1, 0, 0, 0, 2]


def test_question_facility_before_and_after_is_the_mean_credit_in_percent():
    # Question 7: before 0, 1, 0.5 -> 1.5/3 = 50 %; after 1, 1 -> 100 %.
    # Question 8: before 0 -> 0 %; after none seen.
    facilities = gain.question_facilities(
        pre=[(7, 0.0), (7, 1.0), (7, 0.5), (8, 0.0)], post=[(7, 1.0), (7, 1.0)]
    )
    assert facilities[7].pre_facility == 50
    assert facilities[7].post_facility == 100
    assert facilities[7].change == 50
    assert (facilities[7].pre_answers, facilities[7].post_answers) == (3, 2)
    assert facilities[8].post_facility is None
    assert facilities[8].change is None


def test_questions_are_grouped_by_module_in_course_order_untagged_last():
    facilities = gain.question_facilities(
        pre=[(1, 0.0), (2, 0.5), (3, 1.0), (4, 0.0)],
        post=[(1, 1.0), (2, 1.0), (3, 1.0), (4, 1.0)],
    )
    modules = gain.by_module(
        facilities, {1: "m2", 2: "m1", 3: "m2", 4: None}, module_order=["m1", "m2"]
    )
    assert [m.module_key for m in modules] == ["m1", "m2", None]
    # m2 holds questions 1 (0 % -> 100 %) and 3 (100 % -> 100 %): mean 50 % -> 100 %.
    m2 = modules[1]
    assert [q.question_id for q in m2.questions] == [1, 3]
    assert m2.pre_facility == 50
    assert m2.post_facility == 100
    assert m2.change == 50


@pytest.mark.parametrize(
    ("g", "level"), [(0.29, "low"), (0.3, "medium"), (0.69, "medium"), (0.7, "high")]
)
def test_hake_bands(g, level):
    assert gain.hake_level(g) == level


@pytest.mark.parametrize(
    ("d", "level"),
    [(0.1, "negligible"), (0.2, "small"), (-0.6, "medium"), (0.8, "large"), (2.0, "large")],
)
def test_cohens_bands(d, level):
    assert gain.effect_level(d) == level
