"""score_assessment: the one entry point that turns AssessmentData into a result."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

from .agreement import find_hotspots
from .bootstrap import bootstrap_intervals
from .gaps import area_gaps, evaluate_risks
from .kpis import score_kpi
from .perception import flag_perception_gaps, perception_by_area
from .privacy import roles_alone, visible_groups
from .results import AssessmentResult, DisciplineScore, ScoreStats, ScoringParameters
from .roadmap import build_recommendations, build_roadmap
from .tree import pool_by_question, score_catalogue, score_groups
from .types import AssessmentData
from .validation import validate_assessment_data, validate_parameters


def score_assessment(
    data: AssessmentData,
    *,
    min_group_size: int = 3,
    risk_threshold: float = 2.5,
    min_coverage: float = 0.6,
    perception_gap_threshold: float = 0.75,
    hotspot_min_iqr: float = 2.0,
    bootstrap_seed: int = 0,
    groups: tuple[Collection[str], Collection[str] | None] | None = None,
) -> AssessmentResult:
    """Score an assessment: pure maths over plain data, no database.

    Tallies for question ids not in the catalogue are ignored (answers to retired
    questions). Raises ValueError on malformed input (see validation.py); empty
    input gives a result full of None and empty tuples.

    `groups` names the teams and roles to show (roles None: no role breakdown), as a
    publication planned them; by default `privacy.visible_groups` decides from the
    respondents alone, so that no group under `min_group_size` can be computed by
    subtraction, whatever is crossed with what.
    """
    validate_assessment_data(data)
    validate_parameters(min_group_size, min_coverage)
    parameters = ScoringParameters(
        min_group_size=min_group_size,
        risk_threshold=risk_threshold,
        min_coverage=min_coverage,
        perception_gap_threshold=perception_gap_threshold,
        hotspot_min_iqr=hotspot_min_iqr,
    )
    pools = pool_by_question(data.tallies, lambda team, role: True)
    disciplines, overall = score_catalogue(data.disciplines, pools, min_coverage)
    if data.level_answers is not None:
        disciplines, overall = _with_resampled_intervals(data, disciplines, overall, bootstrap_seed)
    shown_team_names, shown_role_names = groups if groups is not None else visible_groups(
        data.respondents, min_group_size)
    teams, small_teams = score_groups(data, "team", shown_team_names, min_coverage)
    roles, small_roles = score_groups(data, "role", shown_role_names or (), min_coverage)
    areas = {area.key: area for d in disciplines for area in d.areas}
    area_specs = {area.key: area for d in data.disciplines for area in d.areas}
    perception = perception_by_area(disciplines, roles)
    risks = evaluate_risks(data.risks, areas, risk_threshold)
    gaps = area_gaps(disciplines, data.risks)
    recommendations = build_recommendations(gaps, areas, area_specs, risks)
    shown_teams = {team.name for team in teams}
    return AssessmentResult(
        parameters=parameters,
        respondent_count=sum(data.respondents.values()),
        overall=overall,
        disciplines=disciplines,
        teams=teams,
        teams_below_threshold=small_teams,
        roles=roles,
        roles_below_threshold=small_roles,
        hotspots=find_hotspots(disciplines, hotspot_min_iqr),
        perception=perception,
        perception_gaps=flag_perception_gaps(perception, perception_gap_threshold),
        kpis=tuple(score_kpi(spec, data.kpi_values, shown_teams) for spec in data.kpis),
        gaps=gaps,
        risks=risks,
        triggered_risks=tuple(risk for risk in risks if risk.triggered),
        recommendations=recommendations,
        roadmap=build_roadmap(recommendations),
        role_breakdown_withheld=not roles and bool(roles_alone(data.respondents, min_group_size)),
    )


def _with_interval(stats: ScoreStats, interval: tuple[float, float] | None) -> ScoreStats:
    if interval is None:
        return replace(stats, ci_low=None, ci_high=None)
    return replace(stats, ci_low=min(interval[0], stats.mean or interval[0]),
                   ci_high=max(interval[1], stats.mean or interval[1]))


def _with_resampled_intervals(
    data: AssessmentData, disciplines: tuple[DisciplineScore, ...], overall: ScoreStats, seed: int
) -> tuple[tuple[DisciplineScore, ...], ScoreStats]:
    """Replace the analytic intervals of areas, disciplines and the overall score with
    intervals from resampling whole responses (see bootstrap.py)."""
    assert data.level_answers is not None
    coverage = {"overall": overall.coverage, **{d.key: d.stats.coverage for d in disciplines},
                **{a.key: a.stats.coverage for d in disciplines for a in d.areas}}
    intervals = bootstrap_intervals(data.disciplines, data.level_answers, coverage=coverage, seed=seed)
    rebuilt = tuple(
        replace(d, stats=_with_interval(d.stats, intervals.get(d.key)),
                areas=tuple(replace(a, stats=_with_interval(a.stats, intervals.get(a.key))) for a in d.areas))
        for d in disciplines
    )
    return rebuilt, _with_interval(overall, intervals.get("overall"))
