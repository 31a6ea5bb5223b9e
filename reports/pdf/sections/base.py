"""What every section builder receives: the presentation model and the frame width."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.platypus import Flowable, Paragraph

from reports.presentation import ReportDocument, Score

from ..styles import styles
from ..tables import Column, data_table
from ..text import Markup, esc


@dataclass(frozen=True)
class Inputs:
    doc: ReportDocument
    width: float  # of the frame, in points


def p(text: str, style: str = "body") -> Paragraph:
    """A paragraph of plain text (escaped) or of Markup (kept)."""
    return Paragraph(text if isinstance(text, Markup) else esc(text), getattr(styles(), style))


def bullets(items: list[str], style: str = "bullet") -> list[Flowable]:
    return [Paragraph(item if isinstance(item, Markup) else esc(item), getattr(styles(), style), bulletText="•")
            for item in items]


def score_cell(score: Score) -> Markup:
    """The printed score with a swatch in its level's colour."""
    if score.value is None:
        return Markup('<font color="#9aa5b1">no data</font>')
    return Markup(f'<font color="{score.colour}">■</font> {score.text}')


def table(columns: list[Column], rows: list[list], inputs: Inputs, **kwargs: object) -> Flowable:
    return data_table(columns, rows, inputs.width, **kwargs)  # type: ignore[arg-type]
