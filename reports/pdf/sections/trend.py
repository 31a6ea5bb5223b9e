"""9 Trend since the previous assessment, matched area by area."""

from __future__ import annotations

from reportlab.platypus import Flowable

from reports.presentation import outline
from reports.presentation.document import Change

from ..document import heading
from ..styles import BAD, GOOD, MUTED, hex_of
from ..tables import Column
from ..text import Markup, esc
from .base import Inputs, p, table

COLOURS = {"up": hex_of(GOOD), "down": hex_of(BAD), "flat": hex_of(MUTED)}


def change(c: Change) -> Markup:
    colour = COLOURS.get(c.direction or "flat", hex_of(MUTED))
    text = esc(c.text)
    return Markup(f'<font color="{colour}"><i>{text}</i></font>' if c.delta is None else
                  f'<font color="{colour}"><b>{text}</b></font>')


def trend_section(inputs: Inputs) -> list[Flowable]:
    doc = inputs.doc
    story: list[Flowable] = [*heading(outline.TREND.heading, key=outline.TREND.key)]
    if doc.trend is None:
        return [*story, p(f"This is the first completed assessment for {doc.meta.organization}, so there is no "
                          "earlier result to compare with; the next assessment will show the change against this "
                          "one.")]
    trend = doc.trend
    columns = [Column("Discipline", 0.4), Column("Previous", 0.18, "right"), Column("Current", 0.18, "right"),
               Column("Change", 0.24)]
    area_columns = [Column("Area", 0.27), Column("Discipline", 0.14), Column("Previous", 0.1, "right"),
                    Column("Current", 0.1, "right"), Column("Change", 0.17), Column("Actions since", 0.22)]
    return [
        *story,
        p(trend.summary),
        p("Change is the difference of the two printed scores. “Not comparable” marks an area whose questions "
          "changed meaning between the two catalogues.", "note"),
        table(columns, [[t.name, t.change.previous.text, t.change.current.text, change(t.change)]
                        for t in trend.disciplines], inputs),
        *heading("Areas", key="trend-areas", level=1, toc=False),
        table(area_columns, [[t.name, t.discipline, t.change.previous.text, t.change.current.text, change(t.change),
                              t.actions or "–"] for t in trend.areas], inputs),
    ]
