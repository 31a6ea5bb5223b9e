"""Appendix C: the answers behind every score, question by question."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from reports.fonts import BOLD
from reports.presentation import outline
from reports.presentation.document import AnswerTable

from ..document import heading
from ..styles import CALLOUT, primary, styles
from ..tables import base_style
from ..text import esc
from .base import Inputs, p

# Question text takes what the nine numeric columns leave.
NUMBER_SHARES = (0.05, 0.045, 0.045, 0.045, 0.045, 0.045, 0.05, 0.045, 0.075)
HEAD = ("n", "1", "2", "3", "4", "5", "N/A", "DK", "Score")


def _table(inputs: Inputs, answers: AnswerTable) -> Table:
    s = styles()
    rows: list[list] = [[Paragraph("Question", s.head), *(Paragraph(h, s.head_right) for h in HEAD)]]
    area_rows = []
    for name, score, questions in answers.areas:
        area_rows.append(len(rows))
        rows.append([Paragraph(f"<b>{esc(name)}</b>", s.cell), "", "", "", "", "", "", "", "", score.text])
        rows += [[Paragraph(esc(q.text), s.cell), str(q.n), *(str(c) for c in q.histogram), str(q.na),
                  str(q.unknown), q.score.text] for q in questions]
    widths = [(1 - sum(NUMBER_SHARES)) * inputs.width, *(share * inputs.width for share in NUMBER_SHARES)]
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    commands = [*base_style(), ("ALIGN", (1, 1), (-1, -1), "RIGHT"), ("FONTSIZE", (1, 1), (-1, -1), 7.5)]
    for r in area_rows:
        commands += [("SPAN", (0, r), (-2, r)), ("BACKGROUND", (0, r), (-1, r), CALLOUT),
                     ("FONTNAME", (-1, r), (-1, r), BOLD), ("TEXTCOLOR", (-1, r), (-1, r), primary())]
    table.setStyle(TableStyle(commands))
    return table


def distributions(inputs: Inputs) -> list[Flowable]:
    story: list[Flowable] = [
        *heading(outline.ANSWERS.heading, key=outline.ANSWERS.key),
        p(outline.ANSWERS.intro),
    ]
    for i, answers in enumerate(inputs.doc.answers, start=1):
        story += [*heading(f"C.{i} {answers.discipline}", key=f"answers-{i}", level=1, toc=False),
                  _table(inputs, answers)]
    return story
