"""Gaps to target, their priority, and the risks that low scores leave open."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .results import AreaGap, AreaScore, DisciplineScore, RiskResult
from .types import SEVERITY_WEIGHTS, RiskSpec

_STATUS_ORDER = {"gap": 0, "met": 1, "no_data": 2}


def linked_risks(area_key: str, risks: Sequence[RiskSpec]) -> tuple[RiskSpec, ...]:
    return tuple(risk for risk in risks if area_key in risk.area_keys)


def risk_factor(area_key: str, risks: Sequence[RiskSpec]) -> float:
    """1 + Σ severity weights (low 0.25, medium 0.5, high 1.0) of the risks the area
    mitigates, whether or not they are triggered: a weak area that guards against a
    high risk matters more even before the risk shows."""
    return 1.0 + sum(SEVERITY_WEIGHTS[risk.severity] for risk in linked_risks(area_key, risks))


def area_gap(discipline: DisciplineScore, area: AreaScore, risks: Sequence[RiskSpec]) -> AreaGap:
    """gap = max(0, target − current); priority = gap × weight × risk factor.
    An area without level answers has no gap and no priority: it is "no data"."""
    current = area.stats.mean
    factor = risk_factor(area.key, risks)
    gap = None if current is None else max(0.0, area.target - current)
    return AreaGap(
        area_key=area.key,
        area_name=area.name,
        discipline_key=discipline.key,
        discipline_name=discipline.name,
        current=current,
        target=area.target,
        gap=gap,
        weight=area.weight,
        risk_factor=factor,
        priority=None if gap is None else gap * area.weight * factor,
        status="no_data" if gap is None else ("gap" if gap > 0 else "met"),
        low_coverage=area.stats.low_coverage,
        risk_keys=tuple(risk.key for risk in linked_risks(area.key, risks)),
    )


def area_gaps(
    disciplines: Sequence[DisciplineScore], risks: Sequence[RiskSpec]
) -> tuple[AreaGap, ...]:
    """Every area: gaps by priority (then gap size, then key), then met, then no data."""
    gaps = [area_gap(d, area, risks) for d in disciplines for area in d.areas]
    gaps.sort(
        key=lambda g: (_STATUS_ORDER[g.status], -(g.priority or 0.0), -(g.gap or 0.0), g.area_key)
    )
    return tuple(gaps)


def evaluate_risk(risk: RiskSpec, areas: Mapping[str, AreaScore], threshold: float) -> RiskResult:
    """A risk is triggered when the MEAN score of its linked areas (those with data)
    is below the threshold; the areas below the threshold are named as the cause.

    The mean, rather than "any area below", stops one weak area from raising a risk
    that its sibling areas already mitigate well. Linked keys missing from the
    catalogue are ignored; a risk with no scored area is not triggered (no evidence).
    """
    known = tuple(key for key in risk.area_keys if key in areas)
    scores = {key: areas[key].stats.mean for key in known}
    scored = {key: score for key, score in scores.items() if score is not None}
    mean = sum(scored.values()) / len(scored) if scored else None
    triggered = mean is not None and mean < threshold
    return RiskResult(
        key=risk.key,
        discipline_key=risk.discipline_key,
        text=risk.text,
        severity=risk.severity,
        area_keys=known,
        mean_score=mean,
        triggered=triggered,
        triggering_area_keys=tuple(k for k, s in scored.items() if triggered and s < threshold),
    )


def evaluate_risks(
    risks: Sequence[RiskSpec], areas: Mapping[str, AreaScore], threshold: float
) -> tuple[RiskResult, ...]:
    return tuple(evaluate_risk(risk, areas, threshold) for risk in risks)
