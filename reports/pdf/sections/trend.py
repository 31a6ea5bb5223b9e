"""8 Trend since the previous assessment, matched area by area."""

from __future__ import annotations

from reportlab.platypus import Flowable

from reports.scoring import ScoreTrend, TrendResult
from reports.scoring.trend import DEAD_BAND

from ..document import heading
from ..styles import BAD, GOOD, MUTED, hex_of
from ..tables import Column, data_table
from ..text import Markup, arrow, esc, score, signed
from .base import Inputs, p

COLOURS = {"up": hex_of(GOOD), "down": hex_of(BAD), "flat": hex_of(MUTED)}
STATUS_TEXT = {"new": "new area", "removed": "no longer assessed"}


def change(trend: ScoreTrend) -> Markup:
    if trend.status in STATUS_TEXT:
        return Markup(f'<font color="{hex_of(MUTED)}">{STATUS_TEXT[trend.status]}</font>')
    if not trend.comparable:
        return Markup(f'<font color="{hex_of(MUTED)}"><i>not comparable</i></font>')
    if trend.delta is None:
        return Markup("–")
    colour = COLOURS.get(trend.direction or "flat", hex_of(MUTED))
    return Markup(f'<font color="{colour}"><b>{arrow(trend.direction)}</b> {signed(trend.delta)}</font>')


def _overall(inputs: Inputs, trend: TrendResult) -> str:
    overall, previous = trend.overall, inputs.ctx.previous_title or "the previous assessment"
    if not overall.comparable or overall.delta is None:
        return (f"Compared with “{previous}”, the overall score ({score(overall.previous)} then, "
                f"{score(overall.current)} now) is not comparable: the catalogue content changed, so the averages "
                "are built from different areas. Area-level changes below remain valid where marked.")
    return (f"Compared with “{previous}”, the overall score moved from {score(overall.previous)} to "
            f"{score(overall.current)} ({arrow(overall.direction)} {signed(overall.delta)}).")


def _rows(items: tuple[ScoreTrend, ...], inputs: Inputs, with_discipline: bool) -> list[list]:
    rows = []
    for t in items:
        row = [t.name, score(t.previous), score(t.current), change(t)]
        if with_discipline:
            row.insert(1, inputs.discipline_name(t.key.partition(".")[0]))
        rows.append(row)
    return rows


def _tables(inputs: Inputs, trend: TrendResult) -> list[Flowable]:
    discipline_columns = [Column("Discipline", 0.4), Column("Previous", 0.18, "right"),
                          Column("Current", 0.18, "right"), Column("Change", 0.24)]
    area_columns = [Column("Area", 0.34), Column("Discipline", 0.18), Column("Previous", 0.13, "right"),
                    Column("Current", 0.13, "right"), Column("Change", 0.22)]
    return [
        *heading("Disciplines", key="trend-disciplines", level=1, toc=False),
        data_table(discipline_columns, _rows(trend.disciplines, inputs, False), inputs.width),
        *heading("Areas", key="trend-areas", level=1, toc=False),
        data_table(area_columns, _rows(trend.areas, inputs, True), inputs.width),
    ]


def trend_section(inputs: Inputs) -> list[Flowable]:
    ctx = inputs.ctx
    story: list[Flowable] = [*heading("8 Trend since the previous assessment", key="trend")]
    if ctx.trend is None:
        return [*story, p(f"This is the first completed assessment for {ctx.organization}, so there is no earlier "
                          "result to compare with; the next assessment will show the change against this one.")]
    return [
        *story,
        p(_overall(inputs, ctx.trend)),
        p(Markup(f"↑ and ↓ mark changes of more than {DEAD_BAND:g} of a level; smaller moves show as → and are "
                 "within the noise. <i>Not comparable</i> marks an area whose questions changed meaning between "
                 f"the two catalogues. Previous assessment: “{esc(ctx.previous_title or '–')}”."), "note"),
        *_tables(inputs, ctx.trend),
    ]
