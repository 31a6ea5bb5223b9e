"""Descriptive statistics over level histograms (counts at levels 1..5).

Sums are taken over integer counts before any division, so the results do not
depend on the order in which tallies arrive.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .results import ScoreStats
from .types import EMPTY_TALLY, HIGHEST_LEVEL, LEVELS, LOWEST_LEVEL, Histogram, Tally

Z_95 = 1.96
# Largest population sd a 1..5 scale allows (half the answers at 1, half at 5). A
# single answer says nothing about spread, so we assume the worst rather than zero.
WIDEST_SD = (HIGHEST_LEVEL - LOWEST_LEVEL) / 2
# Slack for threshold comparisons, so 3.75 - 3.0 counts as ">= 0.75".
EPSILON = 1e-9


def as_histogram(counts: Sequence[int]) -> Histogram:
    one, two, three, four, five = counts
    return (one, two, three, four, five)


def add_tallies(tallies: Iterable[Tally]) -> Tally:
    # Spelled out for the five levels: this runs for every question of every group, and
    # the generic zip-and-sum took a fifth of the scoring time.
    one = two = three = four = five = na = unknown = 0
    for tally in tallies:
        a, b, c, d, e = tally.levels
        one += a
        two += b
        three += c
        four += d
        five += e
        na += tally.na
        unknown += tally.unknown
    return Tally(levels=(one, two, three, four, five), na=na, unknown=unknown)


def _sums(histogram: Histogram) -> tuple[int, int, int]:
    """n, sum of levels and sum of squared levels: exact integers."""
    a, b, c, d, e = histogram
    return a + b + c + d + e, a + 2 * b + 3 * c + 4 * d + 5 * e, a + 4 * b + 9 * c + 16 * d + 25 * e


def histogram_mean(histogram: Histogram) -> float | None:
    n, total, _ = _sums(histogram)
    return total / n if n else None


def histogram_sd(histogram: Histogram) -> float | None:
    """Population sd: it describes the group that answered, not a wider population."""
    n, total, squares = _sums(histogram)
    if n == 0:
        return None
    return math.sqrt(n * squares - total * total) / n


def standard_error(histogram: Histogram) -> float | None:
    """Standard error of the mean, using the sample (n-1) sd as an estimator needs.

    With one answer there is no spread to estimate, so WIDEST_SD stands in.
    """
    n, total, squares = _sums(histogram)
    if n == 0:
        return None
    if n == 1:
        return WIDEST_SD
    sample_variance = (n * squares - total * total) / (n * (n - 1))
    return math.sqrt(sample_variance / n)


def _level_at(histogram: Histogram, index: int) -> int:
    """The level of the index-th answer (0-based) when answers are sorted."""
    seen = 0
    for level, count in zip(LEVELS, histogram, strict=True):
        seen += count
        if index < seen:
            return level
    raise IndexError(index)


def histogram_quantile(histogram: Histogram, q: float) -> float | None:
    """Quantile with linear interpolation between order statistics (numpy's default,
    Hyndman-Fan type 7); q=0.5 gives the usual median."""
    n = sum(histogram)
    if n == 0:
        return None
    position = (n - 1) * q
    below = math.floor(position)
    above = math.ceil(position)
    low, high = _level_at(histogram, below), _level_at(histogram, above)
    return low + (position - below) * (high - low)


def histogram_median(histogram: Histogram) -> float | None:
    return histogram_quantile(histogram, 0.5)


def histogram_iqr(histogram: Histogram) -> float | None:
    q1 = histogram_quantile(histogram, 0.25)
    q3 = histogram_quantile(histogram, 0.75)
    return None if q1 is None or q3 is None else q3 - q1


def coverage(pool: Tally) -> float | None:
    """Share of people with an opinion who gave a level; "don't know" lowers it."""
    answered = sum(pool.levels)
    considered = answered + pool.unknown
    return answered / considered if considered else None


def na_share(pool: Tally) -> float | None:
    total = sum(pool.levels) + pool.unknown + pool.na
    return pool.na / total if total else None


def confidence_interval(
    mean: float | None, se: float | None, share_known: float | None
) -> tuple[float | None, float | None]:
    """95% interval mean ± 1.96·se / coverage, clamped to [1, 5].

    Dividing the half-width by coverage widens it when many people said "don't know":
    at coverage 0.5 the interval is twice as wide, because the missing opinions could
    sit anywhere on the scale.
    """
    if mean is None or se is None or not share_known:
        return None, None
    half_width = Z_95 * se / share_known
    return max(float(LOWEST_LEVEL), mean - half_width), min(float(HIGHEST_LEVEL), mean + half_width)


def describe(pool: Tally, mean: float | None, se: float | None, min_coverage: float) -> ScoreStats:
    share_known = coverage(pool)
    ci_low, ci_high = confidence_interval(mean, se, share_known)
    return ScoreStats(
        mean=mean,
        median=histogram_median(pool.levels),
        sd=histogram_sd(pool.levels),
        iqr=histogram_iqr(pool.levels),
        n=sum(pool.levels),
        unknown=pool.unknown,
        na=pool.na,
        coverage=share_known,
        na_share=na_share(pool),
        standard_error=se,
        ci_low=ci_low,
        ci_high=ci_high,
        low_coverage=share_known is not None and share_known < min_coverage - EPSILON,
        histogram=pool.levels,
    )


def describe_histogram(pool: Tally, min_coverage: float) -> ScoreStats:
    return describe(pool, histogram_mean(pool.levels), standard_error(pool.levels), min_coverage)


@dataclass(frozen=True)
class WeightedMean:
    weight: float
    mean: float
    standard_error: float


def combine_means(parts: Sequence[WeightedMean]) -> tuple[float | None, float | None]:
    """Weighted mean of child means and its standard error, treating children as
    independent: se = sqrt(Σ (w/W)² se²). With no positive weight, weights are equal."""
    if not parts:
        return None, None
    weights = [part.weight for part in parts]
    if sum(weights) <= 0:
        weights = [1.0] * len(parts)
    total = sum(weights)
    mean = sum(w * part.mean for w, part in zip(weights, parts, strict=True)) / total
    # Uneven weights can round a mean of all-5s to 5.000000000000001; keep it on the scale.
    mean = min(float(HIGHEST_LEVEL), max(float(LOWEST_LEVEL), mean))
    variance = sum(
        (w / total) ** 2 * part.standard_error**2 for w, part in zip(weights, parts, strict=True)
    )
    return mean, math.sqrt(variance)


def pool_of(stats: ScoreStats) -> Tally:
    return Tally(levels=stats.histogram, na=stats.na, unknown=stats.unknown)


def describe_combined(
    children: Sequence[tuple[float, ScoreStats]], min_coverage: float
) -> ScoreStats:
    """Stats for a parent from (weight, child stats): mean of child means, pooled rest."""
    pool = add_tallies(pool_of(stats) for _, stats in children) if children else EMPTY_TALLY
    parts = [
        WeightedMean(weight, stats.mean, stats.standard_error)
        for weight, stats in children
        if stats.mean is not None and stats.standard_error is not None
    ]
    mean, se = combine_means(parts)
    return describe(pool, mean, se, min_coverage)
