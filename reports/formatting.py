"""Figures printed the same way on the results page and in the PDF. Plain functions
with no imports from the rest of `reports`, so both the template tags and the PDF
text helpers can use them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reports.scoring import KpiResult, TeamKpi


def number(value: float | None) -> str:
    """A KPI value with at most two decimals and no trailing zeros."""
    if value is None:
        return "–"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


TEAM_KPI_LIMIT = 6  # above this, a KPI's team breakdown names only the best and weakest team


def kpi_team_lines(kpi: KpiResult) -> list[str]:
    """A KPI's teams as short lines for the page and the PDF: each team when there are
    a few, else how many, and the best and the weakest (by the KPI's own direction)."""
    teams = [t for t in kpi.teams if t.median is not None]

    def line(team: TeamKpi) -> str:
        return f"{team.team}: {number(team.median)}" + (f" ({team.band})" if team.band else "")

    if len(teams) <= TEAM_KPI_LIMIT:
        return [line(t) for t in teams]
    ordered = sorted(teams, key=lambda t: t.median, reverse=kpi.higher_is_better)
    return [f"{len(teams)} teams; best {line(ordered[0])}", f"weakest {line(ordered[-1])}"]
