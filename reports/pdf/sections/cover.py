"""The cover page, the contents with a short reading guide, and the short document for
an assessment nobody has answered yet."""

from __future__ import annotations

from io import BytesIO

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    Image,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from reports.fonts import REGULAR
from reports.presentation import outline

from ..document import contents, heading
from ..styles import ACCENT, RULE, styles
from ..tables import Column, callout
from ..text import Markup, esc
from .base import Inputs, bullets, p, table


def _facts_table(inputs: Inputs) -> Table:
    s = styles()
    rows = [[Paragraph(esc(label), s.cover_label), Paragraph(esc(value), s.cover_value)]
            for label, value in inputs.doc.meta.facts]
    facts = Table(rows, colWidths=[40 * mm, inputs.width - 40 * mm], hAlign="LEFT")
    facts.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return facts


def _headline(text: str, style: ParagraphStyle) -> Paragraph:
    """Large type, smaller for long names; a long name wraps rather than running off the page."""
    scale = 1.0 if len(text) <= 40 else 0.75 if len(text) <= 80 else 0.6
    sized = ParagraphStyle(f"{style.name}-sized", parent=style, fontSize=style.fontSize * scale,
                           leading=style.leading * scale)
    return Paragraph(esc(text), sized)


LOGO_HEIGHT = 14 * mm
LOGO_MAX_WIDTH = 60 * mm


def _logo(png: bytes) -> list[Flowable]:
    """The firm's logo, 14 mm tall (narrower when it is very wide), above the client's name."""
    reader = ImageReader(BytesIO(png))
    width, height = reader.getSize()
    scale = min(LOGO_HEIGHT / height, LOGO_MAX_WIDTH / width)
    return [Image(BytesIO(png), width=width * scale, height=height * scale, hAlign="LEFT"), Spacer(1, 8 * mm)]


def cover(inputs: Inputs) -> list[Flowable]:
    meta, s = inputs.doc.meta, styles()
    story: list[Flowable] = [
        *(_logo(meta.logo) if meta.logo else []),
        _headline(meta.organization, s.cover_client),
        _headline(meta.assessment_title, s.cover_title),
        HRFlowable(width=30 * mm, thickness=1.2 * mm, color=ACCENT, hAlign="LEFT", spaceBefore=4),
        Spacer(1, 8 * mm),
        _facts_table(inputs),
    ]
    if meta.indicative:
        story += [Spacer(1, 4 * mm), p(Markup(f"<b>{esc(meta.indicative_reason)}</b>"), "body")]
    return [*story, NextPageTemplate("content"), PageBreak()]


def _reading_guide(inputs: Inputs) -> list[Flowable]:
    scale = [[str(level), name, meaning] for level, name, meaning in inputs.doc.methodology.level_scale]
    columns = [Column("Level", 0.08, "right"), Column("Name", 0.17), Column("What it looks like", 0.75)]
    return [
        *heading("How to read this report", key="reading", level=1, toc=False),
        p(outline.READING_INTRO),
        table(columns, scale, inputs),
        Spacer(1, 4 * mm),
        *bullets(list(outline.READING_NOTES), "fine"),
    ]


def table_of_contents(inputs: Inputs) -> list[Flowable]:
    return [*heading("Contents", key="contents", toc=False), Spacer(1, 2 * mm), contents(), Spacer(1, 6 * mm),
            *_reading_guide(inputs), PageBreak()]


def no_responses(inputs: Inputs) -> list[Flowable]:
    """The whole body of a report on an assessment nobody has submitted yet."""
    message, detail = outline.no_responses(inputs.doc.meta)
    return [
        *heading("Status of the assessment", key="status"),
        callout([p(message, "lead")], inputs.width),
        Spacer(1, 6 * mm),
        p(detail),
    ]
