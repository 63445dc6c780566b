"""Learning gain from pre-test and post-test scores: plain functions over numbers.

Scores are percentages (0–100). Everything here takes lists of numbers and
returns plain dataclasses, so the figures a coordinator shows an auditor can be
checked by hand (tests/coordination/test_gain.py does exactly that).

References:
- Hake, R. R. (1998), "Interactive-engagement versus traditional methods",
  Am. J. Phys. 66, 64–74: the normalised gain on class averages
  ⟨g⟩ = (post − pre) / (100 − pre), low < 0.3 ≤ medium < 0.7 ≤ high.
- The mean of individual gains g = (post − pre) / (100 − pre) is undefined for
  a member whose pre-test is already 100, so they are left out and counted
  (Marx & Cummings 2007 discuss the alternatives).
- Paired t-test (scipy.stats.ttest_rel) and Cohen's d for paired samples
  d_z = mean difference / standard deviation of the differences (Lakens 2013),
  with Cohen's thresholds 0.2 / 0.5 / 0.8.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats as scipy_stats

# Below this many pairs a t-test says little and is easily misread; the report says so.
MIN_PAIRS_FOR_TEST = 10
SIGNIFICANCE = 0.05
HAKE_MEDIUM, HAKE_HIGH = 0.3, 0.7
EFFECT_SMALL, EFFECT_MEDIUM, EFFECT_LARGE = 0.2, 0.5, 0.8


@dataclass(frozen=True)
class PairedTest:
    """A paired t-test of post − pre and its effect size."""

    pairs: int
    mean_difference: float
    sd_difference: float
    t: float | None  # None when every difference is the same (sd = 0)
    degrees_of_freedom: int
    p_value: float | None
    cohens_d: float | None  # d_z; None when sd = 0


@dataclass(frozen=True)
class GainSummary:
    pairs: int  # members with both a pre-test and a post-test score
    pre_only: int  # took the pre-test but not (yet) the post-test
    post_only: int
    pre_mean: float | None
    pre_median: float | None
    post_mean: float | None
    post_median: float | None
    mean_gain: float | None  # mean of post − pre, in percentage points
    class_gain: float | None  # Hake's ⟨g⟩ on the class averages
    individual_gain_mean: float | None  # mean of each member's g
    individual_gain_left_out: int  # members with pre = 100, who have no g
    improved: int  # members whose post-test is above their pre-test
    improved_share: float | None  # improved / pairs, 0..1
    test: PairedTest | None  # None below MIN_PAIRS_FOR_TEST pairs


def normalised_gain(pre: float, post: float) -> float | None:
    """Hake's g for one score pair (or for class averages); None when pre is 100."""
    if pre >= 100:
        return None
    return (post - pre) / (100 - pre)


def paired_test(pre: Sequence[float], post: Sequence[float]) -> PairedTest:
    """The paired t-test of post against pre (two-sided) and Cohen's d_z.

    scipy computes t and its p-value from the exact t distribution; d_z is
    computed here from the same differences, with the sample (n − 1) deviation.
    """
    differences = [b - a for a, b in zip(pre, post, strict=True)]
    n = len(differences)
    if n < 2:
        raise ValueError("a paired t-test needs at least two pairs")
    mean = statistics.fmean(differences)
    sd = statistics.stdev(differences)
    if sd == 0:
        return PairedTest(n, mean, 0.0, None, n - 1, None, None)
    result = scipy_stats.ttest_rel(post, pre)
    return PairedTest(
        pairs=n,
        mean_difference=mean,
        sd_difference=sd,
        t=float(result.statistic),
        degrees_of_freedom=n - 1,
        p_value=float(result.pvalue),
        cohens_d=mean / sd,
    )


def summarise(
    pairs: Sequence[tuple[float, float]], pre_only: int = 0, post_only: int = 0
) -> GainSummary:
    """The learning-gain figures of members who have both scores, as (pre, post) pairs."""
    n = len(pairs)
    if n == 0:
        return GainSummary(0, pre_only, post_only, *([None] * 7), 0, 0, None, None)
    pre = [float(a) for a, _ in pairs]
    post = [float(b) for _, b in pairs]
    pre_mean, post_mean = statistics.fmean(pre), statistics.fmean(post)
    gains = [normalised_gain(a, b) for a, b in zip(pre, post, strict=True)]
    defined = [g for g in gains if g is not None]
    improved = sum(1 for a, b in zip(pre, post, strict=True) if b > a)
    return GainSummary(
        pairs=n,
        pre_only=pre_only,
        post_only=post_only,
        pre_mean=pre_mean,
        pre_median=statistics.median(pre),
        post_mean=post_mean,
        post_median=statistics.median(post),
        mean_gain=post_mean - pre_mean,
        class_gain=normalised_gain(pre_mean, post_mean),
        individual_gain_mean=statistics.fmean(defined) if defined else None,
        individual_gain_left_out=len(gains) - len(defined),
        improved=improved,
        improved_share=improved / n,
        test=paired_test(pre, post) if n >= MIN_PAIRS_FOR_TEST else None,
    )


def score_bins(scores: Iterable[float], width: int = 10) -> list[int]:
    """How many scores fall in each band of ``width`` points: 0–9, 10–19, …, 90–100."""
    count = math.ceil(100 / width)
    bins = [0] * count
    for score in scores:
        bins[min(int(score // width), count - 1) if score > 0 else 0] += 1
    return bins


# ---------------------------------------------------------------- per question


@dataclass(frozen=True)
class QuestionFacility:
    """How well one question was answered before and after the training (% of its mark)."""

    question_id: int
    pre_facility: float | None
    pre_answers: int
    post_facility: float | None
    post_answers: int

    @property
    def change(self) -> float | None:
        if self.pre_facility is None or self.post_facility is None:
            return None
        return self.post_facility - self.pre_facility


def question_facilities(
    pre: Iterable[tuple[int, float]], post: Iterable[tuple[int, float]]
) -> dict[int, QuestionFacility]:
    """Facility per question from (question id, fraction 0..1) of every pre and post answer.

    Facility is Moodle's: the mean score as a percentage of the question's mark.
    A question drawn at random is seen by some attempts only, so each side
    counts its own answers.
    """
    sides = []
    for answers in (pre, post):
        pairs = list(answers)
        sides.append(
            (
                np.array([qid for qid, _ in pairs], dtype=np.int64),
                np.array([fraction for _, fraction in pairs], dtype=float),
            )
        )
    return facilities_of_arrays(*sides[0], *sides[1])


def facilities_of_arrays(
    pre_ids: np.ndarray, pre_credit: np.ndarray, post_ids: np.ndarray, post_credit: np.ndarray
) -> dict[int, QuestionFacility]:
    """question_facilities over parallel arrays (question id, fraction) of each side: a
    cohort of thousands gives hundreds of thousands of answers, summed here in C."""
    ids = np.unique(np.concatenate((pre_ids, post_ids)))
    counted = []
    for side_ids, credit in ((pre_ids, pre_credit), (post_ids, post_credit)):
        where = np.searchsorted(ids, side_ids)
        counted.append(
            (
                np.bincount(where, weights=credit, minlength=len(ids)),
                np.bincount(where, minlength=len(ids)),
            )
        )
    (pre_sum, pre_n), (post_sum, post_n) = counted
    return {
        int(qid): QuestionFacility(
            int(qid),
            100 * float(pre_sum[i]) / int(pre_n[i]) if pre_n[i] else None,
            int(pre_n[i]),
            100 * float(post_sum[i]) / int(post_n[i]) if post_n[i] else None,
            int(post_n[i]),
        )
        for i, qid in enumerate(ids)
    }


@dataclass(frozen=True)
class ModuleFacility:
    """The questions of one module (the lessons their tags name), pre versus post."""

    module_key: str | None  # None: questions tagged with no lesson of the course
    questions: list[QuestionFacility]
    pre_facility: float | None  # mean over the module's questions seen before
    post_facility: float | None

    @property
    def change(self) -> float | None:
        if self.pre_facility is None or self.post_facility is None:
            return None
        return self.post_facility - self.pre_facility


def by_module(
    facilities: dict[int, QuestionFacility],
    module_of: dict[int, str | None],
    module_order: Sequence[str],
) -> list[ModuleFacility]:
    """Questions grouped per module in the course's order, untagged questions last.

    A module's facility is the mean of its questions' facilities (each question
    weighs the same, however often it was drawn).
    """
    groups: dict[str | None, list[QuestionFacility]] = {}
    for qid, facility in facilities.items():
        groups.setdefault(module_of.get(qid), []).append(facility)
    order = [key for key in module_order if key in groups]
    order += [key for key in groups if key not in order and key is not None]
    if None in groups:
        order.append(None)
    result = []
    for key in order:
        questions = sorted(groups[key], key=lambda f: f.question_id)
        pre = [f.pre_facility for f in questions if f.pre_facility is not None]
        post = [f.post_facility for f in questions if f.post_facility is not None]
        result.append(
            ModuleFacility(
                key,
                questions,
                statistics.fmean(pre) if pre else None,
                statistics.fmean(post) if post else None,
            )
        )
    return result


# ---------------------------------------------------------------- in words


def _identity(message: str, **values) -> str:
    return message % values if values else message


def hake_level(g: float) -> str:
    """Hake's bands: 'low' (< 0.3), 'medium' (< 0.7) or 'high'."""
    return "high" if g >= HAKE_HIGH else "medium" if g >= HAKE_MEDIUM else "low"


def effect_level(d: float) -> str:
    """Cohen's bands on |d|: 'negligible', 'small', 'medium' or 'large'."""
    size = abs(d)
    if size >= EFFECT_LARGE:
        return "large"
    if size >= EFFECT_MEDIUM:
        return "medium"
    return "small" if size >= EFFECT_SMALL else "negligible"


def format_p(p: float) -> str:
    """A p-value as reports print it: 'p < 0.001', or 'p = 0.034'."""
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def in_words(summary: GainSummary, gettext: Callable[..., str] = _identity) -> list[str]:
    """What the figures mean, in plain sentences (translated by ``gettext``).

    gain.py stays free of Flask: the view passes Flask-Babel's gettext, tests
    may pass nothing and read the English.
    """
    _ = gettext
    if summary.pairs == 0:
        return [_("No member has both a pre-test and a post-test score yet.")]
    sentences = [
        _(
            "The %(n)d members who took both tests scored %(pre).1f%% on average before "
            "the training and %(post).1f%% after it, %(gain).1f points more.",
            n=summary.pairs,
            pre=summary.pre_mean,
            post=summary.post_mean,
            gain=summary.mean_gain,
        )
        if summary.mean_gain >= 0
        else _(
            "The %(n)d members who took both tests scored %(pre).1f%% on average before "
            "the training and %(post).1f%% after it, %(loss).1f points less.",
            n=summary.pairs,
            pre=summary.pre_mean,
            post=summary.post_mean,
            loss=-summary.mean_gain,
        )
    ]
    if summary.class_gain is not None:
        levels = {"low": _("low"), "medium": _("medium"), "high": _("high")}
        sentences.append(
            _(
                "They gained %(percent).0f%% of the marks they could still gain "
                "(normalised gain %(g).2f, %(level)s by Hake's scale).",
                percent=100 * summary.class_gain,
                g=summary.class_gain,
                level=levels[hake_level(summary.class_gain)],
            )
        )
    sentences.append(
        _(
            "%(improved)d of %(n)d members (%(share).0f%%) scored higher after the training.",
            improved=summary.improved,
            n=summary.pairs,
            share=100 * summary.improved_share,
        )
    )
    test = summary.test
    if test is None:
        sentences.append(
            _(
                "With fewer than %(minimum)d members with both scores, no significance test "
                "is made: the figures describe this group only.",
                minimum=MIN_PAIRS_FOR_TEST,
            )
        )
    elif test.p_value is None:
        sentences.append(
            _("Every member's score changed by the same amount, so no t-test can be made.")
        )
    else:
        effects = {
            "negligible": _("negligible"),
            "small": _("small"),
            "medium": _("medium"),
            "large": _("large"),
        }
        effect = effects[effect_level(test.cohens_d)]
        if test.p_value < SIGNIFICANCE and test.mean_difference > 0:
            sentences.append(
                _(
                    "A change this large is unlikely to be chance (paired t-test, %(p)s) and "
                    "its effect is %(effect)s (Cohen's d = %(d).2f): the training most likely "
                    "made the difference.",
                    p=format_p(test.p_value),
                    effect=effect,
                    d=test.cohens_d,
                )
            )
        elif test.p_value < SIGNIFICANCE:
            sentences.append(
                _(
                    "Scores fell by more than chance would explain (paired t-test, %(p)s; "
                    "Cohen's d = %(d).2f): look at the post-test and the lessons.",
                    p=format_p(test.p_value),
                    d=test.cohens_d,
                )
            )
        else:
            sentences.append(
                _(
                    "The change could be chance (paired t-test, %(p)s; Cohen's d = %(d).2f, "
                    "%(effect)s): these scores do not show that the training made a difference.",
                    p=format_p(test.p_value),
                    d=test.cohens_d,
                    effect=effect,
                )
            )
    if summary.individual_gain_left_out:
        sentences.append(
            _(
                "%(n)d members scored 100%% on the pre-test; they are left out of the mean "
                "individual gain, which has no value for them.",
                n=summary.individual_gain_left_out,
            )
        )
    return sentences
