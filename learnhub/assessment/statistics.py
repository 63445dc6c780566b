"""Quiz and item statistics computed as Moodle's quiz statistics report does.

Input is a matrix of question scores (rows: attempts, usually each learner's
first; columns: questions, each a fraction from 0 to 1 of its mark).
References: docs.moodle.org/dev/Quiz_statistics_calculations. Variances and
standard deviations are sample ones (n − 1), as Moodle's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np  # thousands of attempts × dozens of questions: sums in C, not in Python


@dataclass(frozen=True)
class ItemStatistics:
    facility: float  # mean score as % of the mark
    standard_deviation: float  # % of the mark
    discrimination_index: float | None  # 100 × correlation with the rest of the test
    discriminative_efficiency: float | None  # 100 × covariance / its maximum possible


@dataclass(frozen=True)
class QuizStatistics:
    attempts: int
    mean: float  # % of the total mark
    median: float
    standard_deviation: float
    cronbach_alpha: float | None  # % (Moodle: coefficient of internal consistency)
    error_ratio: float | None  # %
    standard_error: float | None  # % of the total mark
    items: list[ItemStatistics]


def _mean(values) -> float:
    return float(np.mean(values))


def _covariance(xs, ys, mean_x: float, mean_y: float) -> float:
    x, y = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    if x.shape != y.shape:
        raise ValueError("the two series differ in length")
    return float(np.dot(x - mean_x, y - mean_y)) / (len(x) - 1)


def item_statistics(scores: list[float], rest: list[float]) -> ItemStatistics:
    """One question's statistics from its scores and each attempt's rest-of-test score."""
    n = len(scores)
    scores, rest = np.asarray(scores, dtype=float), np.asarray(rest, dtype=float)
    mean = _mean(scores)
    if n < 2:
        return ItemStatistics(100 * mean, 0.0, None, None)
    mean_rest = _mean(rest)
    variance = _covariance(scores, scores, mean, mean)
    variance_rest = _covariance(rest, rest, mean_rest, mean_rest)
    covariance = _covariance(scores, rest, mean, mean_rest)
    discrimination = None
    if variance > 0 and variance_rest > 0:
        discrimination = 100 * covariance / math.sqrt(variance * variance_rest)
    # The largest covariance these same values could have: both sorted the same way.
    covariance_max = _covariance(np.sort(scores), np.sort(rest), mean, mean_rest)
    efficiency = 100 * covariance / covariance_max if covariance_max > 0 else None
    return ItemStatistics(100 * mean, 100 * math.sqrt(variance), discrimination, efficiency)


def quiz_statistics(matrix: list[list[float]]) -> QuizStatistics:
    """Statistics of a quiz from its score matrix (attempts × questions, fractions 0..1)."""
    if not matrix:
        return QuizStatistics(0, 0.0, 0.0, 0.0, None, None, None, [])
    n = len(matrix)
    k = len(matrix[0])
    scores = np.asarray(matrix, dtype=float)  # raises on rows of different lengths
    totals = scores.sum(axis=1)
    columns = scores.T
    items = [item_statistics(column, totals - column) for column in columns]
    mean_total = _mean(totals)
    to_percent = 100 / k
    if n < 2:
        return QuizStatistics(
            n, mean_total * to_percent, mean_total * to_percent, 0.0, None, None, None, items
        )
    variance_total = _covariance(totals, totals, mean_total, mean_total)
    sd_total = math.sqrt(variance_total)
    alpha = error_ratio = standard_error = None
    if k > 1 and variance_total > 0:
        item_variances = sum(
            _covariance(column, column, _mean(column), _mean(column)) for column in columns
        )
        alpha_fraction = (k / (k - 1)) * (1 - item_variances / variance_total)
        alpha = 100 * alpha_fraction
        if alpha_fraction < 1:
            error_ratio = 100 * math.sqrt(1 - alpha_fraction) if alpha_fraction >= 0 else None
            if error_ratio is not None:
                standard_error = error_ratio / 100 * sd_total * to_percent
    return QuizStatistics(
        attempts=n,
        mean=mean_total * to_percent,
        median=float(np.median(totals)) * to_percent,
        standard_deviation=sd_total * to_percent,
        cronbach_alpha=alpha,
        error_ratio=error_ratio,
        standard_error=standard_error,
        items=items,
    )
