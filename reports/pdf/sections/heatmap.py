"""3 Heatmap: every area by team (teams at or above the privacy threshold), coloured by level."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.platypus import Flowable

from reports.presentation import Score, outline, rules

from ..document import heading
from ..tables import Column
from ..text import Markup
from .base import Inputs, p, table


def _legend() -> Markup:
    items = [f'<font color="{rules.LEVEL_COLOURS[level]}">■</font> {level} {name}'
             for level, name in rules.LEVEL_NAMES.items()]
    return Markup("Colour = level reached: " + " · ".join(items) + ' · <font color="#bbbbbb">■</font> no data')


def _on_colour(cell: Score) -> Markup:
    ink = rules.LEVEL_INK.get(cell.level or 0, "#222222")
    return Markup(f'<font color="{ink}"><b>{cell.text}</b></font>')


def heatmap_section(inputs: Inputs) -> list[Flowable]:
    heat = inputs.doc.heatmap
    columns_shown = heat.columns[: outline.HEATMAP_TEAMS + 1]
    area, discipline, teams = outline.HEATMAP_WIDTHS
    share = teams / len(columns_shown)
    columns = [Column("Area", area), Column("Discipline", discipline),
               *(Column(c, share, "centre") for c in columns_shown)]
    rows, commands = [], []
    for r, row in enumerate(heat.rows, start=1):
        rows.append([row.area, row.discipline, *(_on_colour(cell) for cell in row.cells[: len(columns_shown)])])
        for c, cell in enumerate(row.cells[: len(columns_shown)], start=2):
            commands.append(("BACKGROUND", (c, r), (c, r), colors.HexColor(cell.colour)))
    story: list[Flowable] = [
        *heading(outline.HEATMAP.heading, key=outline.HEATMAP.key),
        p(outline.HEATMAP.intro),
        p(_legend(), "small"),
        table(columns, rows, inputs, extra=commands),
    ]
    notes = [heat.withheld] if heat.withheld else []
    if len(heat.columns) > len(columns_shown):
        notes.append(f"{len(heat.columns) - len(columns_shown)} more teams are in section 7.")
    return story + ([p(" ".join(notes), "note")] if notes else [])
