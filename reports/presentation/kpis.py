"""KPIs as printed: the median, the band of that printed median, the thresholds and
where they come from; KPIs nobody reported go to one compact list."""

from __future__ import annotations

from reports.scoring import Band, KpiResult, KpiSpec, TeamKpi, kpi_band

from . import rules
from .document import KpiMissing, KpiRow
from .inputs import KpiInfo, ReportInputs

TEAM_LIMIT = 6  # above this, a KPI's team breakdown names only the best and the weakest team


def with_unit(value: str, unit: str) -> str:
    if not unit:
        return value
    return f"{value}{unit}" if unit == "%" else f"{value} {unit}"


def band_of(result: KpiResult, bands: tuple[Band, ...], value: float | None) -> str:
    """The band of the value *as printed*, so a printed 99.9 never sits in the band below."""
    if value is None or not bands:
        return rules.DASH
    spec = KpiSpec(key=result.key, discipline_key=result.discipline_key, name=result.name, unit=result.unit,
                   higher_is_better=result.higher_is_better, bands=bands, source="")
    band = kpi_band(spec, rules.printed(value, 2) or 0.0)
    return band.name if band else rules.DASH


def thresholds(result: KpiResult, bands: tuple[Band, ...]) -> str:
    """"Elite ≤ 1 h · High ≤ 24 h · Low above 24 h"."""
    parts, last = [], None
    for band in bands:
        bound = band.min if result.higher_is_better else band.max
        if bound is None:
            if last is not None:
                word = "below" if result.higher_is_better else "above"
                parts.append(f"{band.name} {word} {with_unit(rules.number_text(last), result.unit)}")
            continue
        sign = "≥" if result.higher_is_better else "≤"
        parts.append(f"{band.name} {sign} {with_unit(rules.number_text(bound), result.unit)}")
        last = bound
    return " · ".join(parts)


def source_text(info: KpiInfo | None, fallback: str) -> str:
    if info is None:
        return fallback or rules.DASH
    title = info.source_title or fallback
    if info.source_year and str(info.source_year) not in title:
        title = f"{title} ({info.source_year})"
    if info.heuristic:
        return f"Thresholds: practitioner heuristic. Definition: {title}" if title else "Practitioner heuristic"
    return title or rules.DASH


def source_short(info: KpiInfo | None, fallback: str) -> str:
    if info is not None and info.heuristic:
        return "Practitioner heuristic"
    return source_text(info, fallback)


def _team_lines(result: KpiResult, bands: tuple[Band, ...]) -> tuple[str, ...]:
    teams = [t for t in result.teams if t.median is not None]

    def line(team: TeamKpi) -> str:
        band = band_of(result, bands, team.median)
        return f"{team.team}: {with_unit(rules.number_text(team.median), result.unit)}" + (
            f" ({band})" if band != rules.DASH else "")

    if len(teams) <= TEAM_LIMIT:
        return tuple(line(t) for t in teams)
    ordered = sorted(teams, key=lambda t: t.median or 0.0, reverse=result.higher_is_better)
    return (f"{len(teams)} teams; best {line(ordered[0])}", f"weakest {line(ordered[-1])}")


def _first_sentence(text: str) -> str:
    sentence = text.strip().split(". ")[0].strip()
    return sentence if sentence.endswith(".") else sentence + "."


def kpi_rows(inputs: ReportInputs) -> tuple[tuple[KpiRow, ...], tuple[KpiMissing, ...]]:
    names = {d.key: d.name for d in inputs.result.disciplines}
    measured, missing = [], []
    for k in inputs.result.kpis:
        info = inputs.kpis.get(k.key)
        bands = info.bands if info else ()
        discipline = names.get(k.discipline_key, k.discipline_key)
        if k.median is None:
            why = _first_sentence(info.help) if info and info.help else "Not reported by any respondent."
            missing.append(KpiMissing(name=k.name, discipline_name=discipline, why=why))
            continue
        measured.append(KpiRow(
            key=k.key, name=k.name, discipline_name=discipline,
            value=with_unit(rules.number_text(k.median), k.unit), n=k.n, band=band_of(k, bands, k.median),
            thresholds=thresholds(k, bands), source=source_text(info, k.source),
            source_short=source_short(info, k.source),
            heuristic=info.heuristic if info else "", teams=_team_lines(k, bands),
        ))
    return tuple(measured), tuple(missing)
