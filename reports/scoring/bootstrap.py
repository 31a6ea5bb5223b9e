"""Confidence intervals by resampling respondents (seeded bootstrap over whole responses).

The analytic interval treats every answer as independent, so 15 people answering 100
questions look like 1,500 observations and the interval comes out far too narrow. A
respondent's answers are not independent: an optimist is optimistic everywhere. Drawing
whole responses with replacement keeps that, and the spread of the recomputed scores is
the honest uncertainty of the organisation's score.

Each resample recomputes scores exactly as the engine does (question mean, area = mean of
its questions, discipline = weighted mean of its areas, overall = mean of disciplines),
vectorised with numpy: a resample is a vector of how often each respondent was drawn.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from .types import HIGHEST_LEVEL, LOWEST_LEVEL, DisciplineSpec, LevelAnswers

SAMPLES = 400
LOW_Q, HIGH_Q = 2.5, 97.5

Interval = tuple[float, float]


def _matrices(answers: LevelAnswers, question_ids: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """Levels (respondents x questions, 0 where not answered at a level) and the mask."""
    respondent_ids = np.asarray(answers.response_ids, dtype=np.int64)
    answer_questions = np.asarray(answers.question_ids, dtype=np.int64)
    answer_levels = np.asarray(answers.levels, dtype=float)
    _, row = np.unique(respondent_ids, return_inverse=True)
    order = np.asarray(question_ids, dtype=np.int64)
    sorter = np.argsort(order)
    position = np.searchsorted(order, answer_questions, sorter=sorter)
    position = np.clip(position, 0, max(0, len(order) - 1))
    col = sorter[position] if len(order) else position
    known = order[col] == answer_questions if len(order) else np.zeros(len(answer_questions), dtype=bool)
    levels = np.zeros((int(row.max()) + 1 if len(row) else 0, len(order)))
    levels[row[known], col[known]] = answer_levels[known]
    return levels, (levels > 0).astype(float)


def _nanmean(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Row-wise weighted mean over the non-NaN columns (NaN when a row has none)."""
    present = ~np.isnan(values)
    w = np.where(present, weights, 0.0)
    total = w.sum(axis=1)
    # Weights that are all zero among present children fall back to equal weights, as the engine does.
    equal = present.astype(float)
    w = np.where((total > 0)[:, None], w, equal)
    total = w.sum(axis=1)
    summed = np.where(present, values, 0.0) * w
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, summed.sum(axis=1) / np.where(total > 0, total, 1.0), np.nan)


def bootstrap_intervals(
    disciplines: Sequence[DisciplineSpec],
    answers: LevelAnswers,
    *,
    coverage: Mapping[str, float | None],
    samples: int = SAMPLES,
    seed: int = 0,
) -> dict[str, Interval]:
    """95% percentile intervals for every area ("<d>.<a>"), discipline ("<d>") and
    "overall", each widened by 1/coverage around the point estimate (many "don't know"
    answers widen it) and kept within 1-5. Keys without level answers are left out."""
    question_ids = [q.id for d in disciplines for a in d.areas for q in a.questions]
    levels, mask = _matrices(answers, question_ids)
    if levels.shape[0] == 0 or not question_ids:
        return {}
    rng = np.random.default_rng(seed)
    count = levels.shape[0]
    draws = rng.multinomial(count, np.full(count, 1.0 / count), size=samples).astype(float)
    estimates = _resampled_scores(disciplines, np.ones((1, count)) @ levels, np.ones((1, count)) @ mask)
    resampled = _resampled_scores(disciplines, draws @ levels, draws @ mask)
    intervals = {}
    for key, values in resampled.items():
        point = float(estimates[key][0])
        if np.isnan(point):
            continue
        low, high = np.nanpercentile(values, [LOW_Q, HIGH_Q])
        share = coverage.get(key) or 1.0
        low = point - max(0.0, point - float(low)) / share
        high = point + max(0.0, float(high) - point) / share
        intervals[key] = (max(float(LOWEST_LEVEL), low), min(float(HIGHEST_LEVEL), high))
    return intervals


def _resampled_scores(
    disciplines: Sequence[DisciplineSpec], sums: np.ndarray, counts: np.ndarray
) -> dict[str, np.ndarray]:
    """Area, discipline and overall scores for each row of per-question sums and counts."""
    with np.errstate(invalid="ignore", divide="ignore"):
        question_means = np.where(counts > 0, sums / np.where(counts > 0, counts, 1.0), np.nan)
    scores: dict[str, np.ndarray] = {}
    column = 0
    discipline_scores = []
    for d in disciplines:
        area_scores, weights = [], []
        for area in d.areas:
            width = len(area.questions)
            block = question_means[:, column : column + width]
            column += width
            scores[area.key] = _nanmean(block, np.ones(width)) if width else np.full(len(sums), np.nan)
            area_scores.append(scores[area.key])
            weights.append(area.weight)
        if area_scores:
            scores[d.key] = _nanmean(np.column_stack(area_scores), np.array(weights))
        else:
            scores[d.key] = np.full(len(sums), np.nan)
        discipline_scores.append(scores[d.key])
    if discipline_scores:
        stacked = np.column_stack(discipline_scores)
        scores["overall"] = _nanmean(stacked, np.ones(stacked.shape[1]))
    return scores
