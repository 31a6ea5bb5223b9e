"""Perception gaps: do managers see an area differently from engineers?"""

from __future__ import annotations

from collections.abc import Sequence

from .results import AreaScore, DisciplineScore, GroupScores, PerceptionGap
from .stats import EPSILON


def _area_means(group: GroupScores) -> dict[str, float | None]:
    return {area.key: area.stats.mean for d in group.disciplines for area in d.areas}


def _perception_for_area(
    area: AreaScore, means_by_role: dict[str, dict[str, float | None]]
) -> PerceptionGap:
    def mean_of(role: str) -> float | None:
        return means_by_role.get(role, {}).get(area.key)

    engineer, manager = mean_of("engineer"), mean_of("manager")
    difference = None if engineer is None or manager is None else manager - engineer
    return PerceptionGap(
        area_key=area.key,
        area_name=area.name,
        discipline_key=area.discipline_key,
        engineer=engineer,
        lead=mean_of("lead"),
        manager=manager,
        manager_minus_engineer=difference,
    )


def perception_by_area(
    disciplines: Sequence[DisciplineScore], roles: Sequence[GroupScores]
) -> tuple[PerceptionGap, ...]:
    """Area means by role for every area, in catalogue order. `roles` holds only the
    role groups that passed the privacy threshold, so smaller roles show as None."""
    means_by_role = {group.name: _area_means(group) for group in roles}
    return tuple(_perception_for_area(area, means_by_role) for d in disciplines for area in d.areas)


def flag_perception_gaps(
    perception: Sequence[PerceptionGap], threshold: float
) -> tuple[PerceptionGap, ...]:
    """Areas where |manager − engineer| ≥ threshold, largest difference first."""
    flagged = [
        p
        for p in perception
        if p.manager_minus_engineer is not None
        and abs(p.manager_minus_engineer) >= threshold - EPSILON
    ]
    flagged.sort(key=lambda p: (-abs(p.manager_minus_engineer or 0.0), p.area_key))
    return tuple(flagged)
