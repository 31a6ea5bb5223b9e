"""2 Findings by discipline: position, chart, area table and the consultant's observations."""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer

from reports.charts import chart_drawing
from reports.presentation import outline
from reports.presentation.document import AreaRow, DisciplineView

from ..document import heading
from ..styles import BAD, MUTED, hex_of, styles
from ..tables import Column, embedded
from ..text import Markup, esc
from .base import Inputs, narrative, p, score_cell, table

ROOM_FOR_A_DISCIPLINE = 430  # points: heading, intro and chart stay together on one page


def _coverage(area: AreaRow) -> Markup:
    text = esc(area.coverage)
    if area.low_evidence:
        text += f' <font color="{hex_of(BAD)}"><b>low evidence</b></font>'
    return Markup(text)


def _area_table(inputs: Inputs, view: DisciplineView) -> Flowable:
    columns = [Column("Area", 0.25), Column("Weight", 0.09, "right"), Column("Current", 0.11, "right"),
               Column("Target", 0.08, "right"), Column("Gap", 0.07, "right"), Column("Level", 0.13),
               Column("Agreement", 0.14), Column("Coverage", 0.13)]
    rows = [[a.name, f"{a.weight:g}", score_cell(a.score), str(a.target), a.gap_text, a.score.level_name,
             a.agreement, _coverage(a)] for a in view.areas]
    return table(columns, rows, inputs)


def observation_paragraphs(items: tuple[tuple[str, str, bool], ...]) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = []
    for area, text, internal in items:
        marker = '<font color="#b3261e"><b>Internal — not for distribution:</b></font> ' if internal else ""
        story.append(Paragraph(f"{marker}<b>{esc(area)}:</b> {esc(text)}", s.bullet, bulletText="–"))
    return story


def _discipline(inputs: Inputs, view: DisciplineView) -> list[Flowable]:
    chart = chart_drawing(view.chart, width=inputs.width, height=230)
    story: list[Flowable] = [
        CondPageBreak(ROOM_FOR_A_DISCIPLINE),
        *heading(f"2.{view.number} {view.name}", key=f"discipline-{view.key}", level=1),
        p(view.intro),
        *narrative(view.commentary),
        embedded(chart),
        Spacer(1, 4),
        KeepTogether([Paragraph("Areas", styles().h3), _area_table(inputs, view)]),
    ]
    if view.observations:
        story += [Paragraph("Consultant observations", styles().h3), *observation_paragraphs(view.observations)]
    if view.comments:
        story += [Paragraph(outline.COMMENTS_CAPTION, styles().h3), *_comment_paragraphs(view.comments)]
    return story


def _comment_paragraphs(items: tuple[tuple[str, str, str, str], ...]) -> list[Flowable]:
    s = styles()
    return [Paragraph(f"<b>{esc(area)}</b> · <i>{esc(question)}</i><br/>“{esc(text)}” "
                      f'<font color="{hex_of(MUTED)}">— {esc(team)}</font>', s.bullet, bulletText="–")
            for area, question, text, team in items]


def disciplines(inputs: Inputs) -> list[Flowable]:
    # A new page unless the verdict ran over onto one with room left (a long commentary):
    # the section then follows on rather than leaving that page nearly empty.
    story: list[Flowable] = [
        CondPageBreak(ROOM_FOR_A_DISCIPLINE + 120),
        *heading(outline.DISCIPLINES.heading, key=outline.DISCIPLINES.key),
        p(outline.DISCIPLINES.intro),
    ]
    for view in inputs.doc.disciplines:
        story += _discipline(inputs, view)
    if inputs.doc.orphan_observations:
        story += [Paragraph("Other observations", styles().h3),
                  *observation_paragraphs(inputs.doc.orphan_observations)]
    return story
