"""Agreement within areas (Krippendorff's ordinal alpha) and disagreement hotspots."""

from __future__ import annotations

import math
from collections.abc import Sequence

from .results import Agreement, AreaScore, DisciplineScore, Hotspot, QuestionScore
from .stats import EPSILON, add_tallies, histogram_sd
from .types import Tally

CoincidenceMatrix = list[list[float]]


def coincidence_matrix(units: Sequence[Sequence[int]]) -> CoincidenceMatrix:
    """o_ck = Σ_u n_uc·(n_uk − [c=k]) / (m_u − 1) over units with m_u ≥ 2.

    Each unit is a histogram: how many coders gave each value to that unit. Sums use
    math.fsum (correctly rounded), so the order of units cannot change the result;
    floats rather than Fractions keep a 300-question, 20-team assessment fast.
    """
    size = len(units[0]) if units else 0
    terms: list[list[list[float]]] = [[[] for _ in range(size)] for _ in range(size)]
    for unit in units:
        pairable = sum(unit)
        if pairable < 2:
            continue  # a lone value has nobody to be compared with
        for c, count_c in enumerate(unit):
            if not count_c:
                continue
            for k, count_k in enumerate(unit):
                pairs = count_c * (count_k - (1 if c == k else 0))
                if pairs:
                    terms[c][k].append(pairs / (pairable - 1))
    return [[math.fsum(cell) for cell in row] for row in terms]


def ordinal_distance(marginals: Sequence[float], c: int, k: int) -> float:
    """Squared ordinal metric: (Σ_{g=c..k} n_g − (n_c + n_k)/2)², c ≤ k.

    Ordinal distance counts how many values lie between two ranks, so it respects
    order without assuming the levels are evenly spaced.
    """
    between = math.fsum(marginals[c : k + 1]) - (marginals[c] + marginals[k]) / 2
    return between * between


def krippendorff_alpha_ordinal(units: Sequence[Sequence[int]]) -> float | None:
    """Krippendorff's alpha for ordinal data from per-unit value counts.

    alpha = 1 − (n − 1) · Σ_{c<k} o_ck δ²_ck / Σ_{c<k} n_c n_k δ²_ck. None when
    undefined: fewer than two pairable values, or every value is the same.
    """
    matrix = coincidence_matrix(units)
    marginals = [math.fsum(row) for row in matrix]
    n = math.fsum(marginals)
    if n < 2 - EPSILON:
        return None
    observed_terms, expected_terms = [], []
    for c in range(len(marginals)):
        for k in range(c + 1, len(marginals)):
            distance = ordinal_distance(marginals, c, k)
            observed_terms.append(matrix[c][k] * distance)
            expected_terms.append(marginals[c] * marginals[k] * distance)
    expected = math.fsum(expected_terms)
    if expected <= EPSILON:
        return None
    alpha = 1 - (n - 1) * math.fsum(observed_terms) / expected
    # Rounded so that float noise cannot make equal inputs differ in the last digit.
    return round(alpha, 12)


def area_agreement(question_pools: Sequence[Tally]) -> Agreement:
    units = [pool.levels for pool in question_pools]
    pooled = add_tallies(question_pools)
    return Agreement(
        sd=histogram_sd(pooled.levels),
        alpha=krippendorff_alpha_ordinal(units),
        pairable_values=sum(sum(unit) for unit in units if sum(unit) >= 2),
    )


def _hotspot(discipline: DisciplineScore, area: AreaScore, question: QuestionScore) -> Hotspot:
    return Hotspot(
        question_id=question.id,
        question_key=question.key,
        question_text=question.text,
        area_key=area.key,
        area_name=area.name,
        discipline_key=discipline.key,
        discipline_name=discipline.name,
        iqr=question.stats.iqr or 0.0,
        sd=question.stats.sd,
        n=question.stats.n,
        histogram=question.stats.histogram,
    )


def find_hotspots(disciplines: Sequence[DisciplineScore], min_iqr: float) -> tuple[Hotspot, ...]:
    """Questions whose answers spread over at least `min_iqr` levels (interquartile
    range), widest spread first; ties by sd, then catalogue key."""
    hotspots = [
        _hotspot(discipline, area, question)
        for discipline in disciplines
        for area in discipline.areas
        for question in area.questions
        if question.stats.iqr is not None and question.stats.iqr >= min_iqr - EPSILON
    ]
    hotspots.sort(key=lambda h: (-h.iqr, -(h.sd or 0.0), h.area_key, h.question_key, h.question_id))
    return tuple(hotspots)
