"""Appendix B: the answers behind every score, question by question."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from reports.fonts import BOLD
from reports.scoring import AreaScore, DisciplineScore

from ..document import heading
from ..styles import CALLOUT, PRIMARY, styles
from ..tables import base_style
from ..text import esc, score
from .base import Inputs, p

# Question text takes what the nine numeric columns leave.
NUMBER_SHARES = (0.05, 0.045, 0.045, 0.045, 0.045, 0.045, 0.05, 0.045, 0.075)
HEAD = ("n", "1", "2", "3", "4", "5", "N/A", "DK", "Mean")


def _area_rows(area: AreaScore) -> list[list]:
    cell = styles().cell
    rows: list[list] = [[Paragraph(f"<b>{esc(area.name)}</b>", cell), "", "", "", "", "", "", "", "",
                         score(area.stats.mean)]]
    for q in area.questions:
        s = q.stats
        rows.append([Paragraph(esc(q.text), cell), str(s.n), *(str(c) for c in s.histogram), str(s.na),
                     str(s.unknown), score(s.mean)])
    return rows


def _table(inputs: Inputs, discipline: DisciplineScore) -> Table:
    s = styles()
    head = [Paragraph("Question", s.head), *(Paragraph(h, s.head_right) for h in HEAD)]
    rows, area_rows = [head], []
    for area in discipline.areas:
        area_rows.append(len(rows))
        rows += _area_rows(area)
    widths = [(1 - sum(NUMBER_SHARES)) * inputs.width, *(share * inputs.width for share in NUMBER_SHARES)]
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    commands = [*base_style(), ("ALIGN", (1, 1), (-1, -1), "RIGHT"), ("FONTSIZE", (1, 1), (-1, -1), 7.5)]
    for r in area_rows:
        commands += [("SPAN", (0, r), (-2, r)), ("BACKGROUND", (0, r), (-1, r), CALLOUT),
                     ("FONTNAME", (-1, r), (-1, r), BOLD), ("TEXTCOLOR", (-1, r), (-1, r), PRIMARY)]
    table.setStyle(TableStyle(commands))
    return table


def distributions(inputs: Inputs) -> list[Flowable]:
    story: list[Flowable] = [
        *heading("Appendix B — Answer distributions", key="distributions"),
        p("For every question: the number of level answers (n), how many people chose each level 1–5, "
          "“not applicable” (N/A), “don’t know” (DK) and the mean. Shaded rows give the area’s score."),
    ]
    for i, discipline in enumerate(inputs.ctx.result.disciplines, start=1):
        story += [*heading(f"B.{i} {discipline.name}", key=f"answers-{discipline.key}", level=1, toc=False),
                  _table(inputs, discipline)]
    return story

