"""What every section builder receives: the presentation model and the frame width."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.platypus import Flowable, Paragraph

from reports.presentation import ReportDocument, Score
from reports.presentation.narrative import Block, Span

from ..styles import hex_of, primary, styles
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


def _span(span: Span) -> str:
    text = esc(span.text)
    if span.bold:
        text = f"<b>{text}</b>"
    if span.italic:
        text = f"<i>{text}</i>"
    if span.href:
        text = f'<a href="{esc(span.href)}" color="{hex_of(primary())}"><u>{text}</u></a>'
    return text


def narrative(items: tuple[Block, ...], style: str = "body") -> list[Flowable]:
    """The consultant's paragraphs and lists, their emphasis and links kept."""
    story: list[Flowable] = []
    s = styles()
    for block in items:
        for number, item in enumerate(block.items, start=1):
            markup = "".join(_span(span) for span in item)
            if block.kind == "paragraph":
                story.append(Paragraph(markup, getattr(s, style)))
            else:
                story.append(Paragraph(markup, s.bullet, bulletText="•" if block.kind == "bullets" else f"{number}."))
    return story
