"""KPI medians and the band they fall in."""

from __future__ import annotations

import math
import statistics
from collections.abc import Collection, Iterable, Mapping

from .results import KpiResult, TeamKpi
from .types import Band, KpiSpec, KpiValueKey, kpi_full_key


def kpi_band(spec: KpiSpec, value: float) -> Band | None:
    """The first band (best first) the value meets.

    Higher is better: value >= band.min. Lower is better: value <= band.max. A band
    without the relevant bound (normally the last) takes every value that reaches it.
    None only when the KPI has no bands at all.
    """
    for band in spec.bands:
        bound = band.min if spec.higher_is_better else band.max
        if bound is None:
            return band
        if (value >= bound) if spec.higher_is_better else (value <= bound):
            return band
    return None


def _finite(values: Iterable[float]) -> list[float]:
    # A NaN or infinity from a broken form must not turn a median into NaN in JSON.
    return [float(v) for v in values if math.isfinite(v)]


def _median_and_band(spec: KpiSpec, values: list[float]) -> tuple[float | None, str | None]:
    if not values:
        return None, None
    median = float(statistics.median(values))
    band = kpi_band(spec, median)
    return median, band.name if band else None


def _team_kpi(spec: KpiSpec, team: str, values: list[float]) -> TeamKpi:
    median, band = _median_and_band(spec, values)
    return TeamKpi(team=team, n=len(values), median=median, band=band)


def score_kpi(
    spec: KpiSpec,
    kpi_values: Mapping[KpiValueKey, tuple[float, ...]],
    shown_teams: Collection[str],
) -> KpiResult:
    """Assessment-wide median over every submitted value, plus a median per team
    that passed the privacy threshold and reported at least one value."""
    key = kpi_full_key(spec)
    by_team = {
        team: _finite(values) for (kpi_key, team), values in kpi_values.items() if kpi_key == key
    }
    everything = sorted(v for values in by_team.values() for v in values)
    median, band = _median_and_band(spec, everything)
    teams = tuple(
        _team_kpi(spec, team, sorted(by_team[team]))
        for team in sorted(by_team)
        if team in shown_teams and by_team[team]
    )
    return KpiResult(
        key=key,
        discipline_key=spec.discipline_key,
        name=spec.name,
        unit=spec.unit,
        higher_is_better=spec.higher_is_better,
        source=spec.source,
        n=len(everything),
        median=median,
        band=band,
        teams=teams,
    )
