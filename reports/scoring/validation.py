"""Reject malformed input early with a message that names the culprit.

The loader validates the catalogue too, but a bad severity or a duplicated
question id would otherwise surface as a KeyError or a silently double-counted
score deep inside the maths.
"""

from __future__ import annotations

from .types import HIGHEST_LEVEL, LEVELS, LOWEST_LEVEL, SEVERITY_WEIGHTS, AreaSpec, AssessmentData


def _check_area(area: AreaSpec) -> None:
    if not LOWEST_LEVEL <= area.target <= HIGHEST_LEVEL:
        raise ValueError(f"area {area.key}: target {area.target} is outside 1..5")
    if area.weight < 0:
        raise ValueError(f"area {area.key}: weight {area.weight} is negative")


def _check_catalogue(data: AssessmentData) -> None:
    area_keys: set[str] = set()
    question_ids: set[int] = set()
    for area in (a for d in data.disciplines for a in d.areas):
        _check_area(area)
        if area.key in area_keys:
            raise ValueError(f"area key {area.key} appears twice")
        area_keys.add(area.key)
        for question in area.questions:
            if question.id in question_ids:
                raise ValueError(f"question id {question.id} appears twice")
            question_ids.add(question.id)
    for risk in data.risks:
        if risk.severity not in SEVERITY_WEIGHTS:
            raise ValueError(f"risk {risk.key}: unknown severity {risk.severity!r}")


def _check_counts(data: AssessmentData) -> None:
    for key, tally in data.tallies.items():
        if len(tally.levels) != len(LEVELS):
            raise ValueError(f"tally {key}: expected {len(LEVELS)} level counts")
        if min(*tally.levels, tally.na, tally.unknown) < 0:
            raise ValueError(f"tally {key}: counts cannot be negative")
    for group, count in data.respondents.items():
        if count < 0:
            raise ValueError(f"respondents {group}: count cannot be negative")


def validate_assessment_data(data: AssessmentData) -> None:
    _check_catalogue(data)
    _check_counts(data)


def validate_parameters(min_group_size: int, min_coverage: float) -> None:
    if min_group_size < 1:
        raise ValueError("min_group_size must be at least 1")
    if not 0 <= min_coverage <= 1:
        raise ValueError("min_coverage must be between 0 and 1")
