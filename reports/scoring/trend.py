"""Compare two assessment results area by area, matched on stable keys."""

from __future__ import annotations

from collections.abc import Mapping

from .results import AreaScore, AssessmentResult, DisciplineScore, ScoreTrend, TrendResult
from .stats import EPSILON

DEAD_BAND = 0.1


def direction(delta: float, dead_band: float = DEAD_BAND) -> str:
    """ "up" or "down" only beyond ±dead_band (inclusive), so noise reads as "flat"."""
    if delta > dead_band + EPSILON:
        return "up"
    if delta < -dead_band - EPSILON:
        return "down"
    return "flat"


def _trend(
    key: str,
    name: str,
    current: float | None,
    previous: float | None,
    comparable: bool,
    dead_band: float,
) -> ScoreTrend:
    delta = (
        current - previous if comparable and current is not None and previous is not None else None
    )
    return ScoreTrend(
        key=key,
        name=name,
        current=current,
        previous=previous,
        delta=delta,
        direction=None if delta is None else direction(delta, dead_band),
        comparable=comparable,
        status="matched",
    )


def _one_sided(key: str, name: str, score: float | None, status: str) -> ScoreTrend:
    return ScoreTrend(
        key=key,
        name=name,
        current=score if status == "new" else None,
        previous=score if status == "removed" else None,
        delta=None,
        direction=None,
        comparable=False,
        status=status,
    )


def _areas(result: AssessmentResult) -> dict[str, AreaScore]:
    return {area.key: area for d in result.disciplines for area in d.areas}


def _area_trends(
    now: Mapping[str, AreaScore], before: Mapping[str, AreaScore], dead_band: float
) -> tuple[ScoreTrend, ...]:
    matched = [
        _trend(
            key,
            area.name,
            area.stats.mean,
            before[key].stats.mean,
            area.fingerprint == before[key].fingerprint,
            dead_band,
        )
        for key, area in now.items()
        if key in before
    ]
    new = [
        _one_sided(key, a.name, a.stats.mean, "new") for key, a in now.items() if key not in before
    ]
    gone = [
        _one_sided(key, a.name, a.stats.mean, "removed")
        for key, a in before.items()
        if key not in now
    ]
    return tuple(matched + new + gone)


def _same_content(now: DisciplineScore, before: DisciplineScore) -> bool:
    """A discipline compares only if it has the same areas with the same fingerprints;
    otherwise its score is a different average and a delta would mislead."""
    fingerprints_now = {a.key: a.fingerprint for a in now.areas}
    fingerprints_before = {a.key: a.fingerprint for a in before.areas}
    return fingerprints_now == fingerprints_before


def _discipline_trends(
    current: AssessmentResult, previous: AssessmentResult, dead_band: float
) -> tuple[ScoreTrend, ...]:
    before = {d.key: d for d in previous.disciplines}
    now = {d.key: d for d in current.disciplines}
    matched = [
        _trend(
            key,
            d.name,
            d.stats.mean,
            before[key].stats.mean,
            _same_content(d, before[key]),
            dead_band,
        )
        for key, d in now.items()
        if key in before
    ]
    new = [
        _one_sided(key, d.name, d.stats.mean, "new") for key, d in now.items() if key not in before
    ]
    gone = [
        _one_sided(key, d.name, d.stats.mean, "removed")
        for key, d in before.items()
        if key not in now
    ]
    return tuple(matched + new + gone)


def compare_results(
    current: AssessmentResult, previous: AssessmentResult, *, dead_band: float = DEAD_BAND
) -> TrendResult:
    """Deltas (current − previous) per area, discipline and overall.

    Areas match on their "<discipline>.<area>" key. An area whose fingerprint
    changed is listed with comparable=False and no delta. A discipline, and the
    overall score, compare only when their make-up is unchanged.
    """
    now, before = _areas(current), _areas(previous)
    areas = _area_trends(now, before, dead_band)
    disciplines = _discipline_trends(current, previous, dead_band)
    overall_comparable = all(d.comparable for d in disciplines)
    overall = _trend(
        "overall",
        "Overall",
        current.overall.mean,
        previous.overall.mean,
        overall_comparable,
        dead_band,
    )
    return TrendResult(
        overall=overall,
        disciplines=disciplines,
        areas=areas,
        new_area_keys=tuple(t.key for t in areas if t.status == "new"),
        removed_area_keys=tuple(t.key for t in areas if t.status == "removed"),
        changed_area_keys=tuple(t.key for t in areas if t.status == "matched" and not t.comparable),
    )
