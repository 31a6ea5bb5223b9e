"""The cover page, the table of contents, and the short document for an
assessment nobody has answered yet."""

from __future__ import annotations

import datetime

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, HRFlowable, NextPageTemplate, PageBreak, Paragraph, Spacer, Table, TableStyle

from reports.fonts import REGULAR

from ..document import contents, heading
from ..styles import ACCENT, RULE, styles
from ..tables import callout
from ..text import esc, plural
from .base import Inputs, p


def _date(value: datetime.date | None) -> str:
    return value.strftime("%-d %B %Y") if value else "not set"


def _moment(value: datetime.datetime) -> str:
    return f"{value:%-d %B %Y, %H:%M} {value:%Z}".strip()


def _period(inputs: Inputs) -> str:
    ctx = inputs.ctx
    if ctx.opens_on is None and ctx.closes_on is None:
        return "not set"
    return f"{_date(ctx.opens_on)} – {_date(ctx.closes_on)}"


def _facts(inputs: Inputs) -> list[tuple[str, str]]:
    ctx = inputs.ctx
    return [  # client and assessment are the cover's headline, so not repeated here
        ("Survey period", _period(inputs)),
        ("Consultant", ctx.consultant or "–"),
        ("Catalogue version", ctx.catalogue_version),
        ("Target model", ctx.target_model),
        ("Responses", plural(ctx.result.respondent_count, "submitted response")),
        ("Status", ctx.status),
        ("Generated", _moment(ctx.generated_at)),
    ]


def _facts_table(inputs: Inputs) -> Table:
    s = styles()
    rows = [[Paragraph(esc(label), s.cover_label), Paragraph(esc(value), s.cover_value)]
            for label, value in _facts(inputs)]
    table = Table(rows, colWidths=[40 * mm, inputs.width - 40 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table


def _headline(text: str, style: ParagraphStyle) -> Paragraph:
    """Large type, smaller for long names so the cover stays one page (names run to 160 characters)."""
    scale = 1.0 if len(text) <= 40 else 0.75 if len(text) <= 80 else 0.6
    sized = ParagraphStyle(f"{style.name}-sized", parent=style, fontSize=style.fontSize * scale,
                           leading=style.leading * scale)
    return Paragraph(esc(text), sized)


def cover(inputs: Inputs) -> list[Flowable]:
    ctx, s = inputs.ctx, styles()
    story: list[Flowable] = [
        _headline(ctx.organization, s.cover_client),
        _headline(ctx.assessment_title, s.cover_title),
        HRFlowable(width=30 * mm, thickness=1.2 * mm, color=ACCENT, hAlign="LEFT", spaceBefore=4),
        Spacer(1, 8 * mm),
        _facts_table(inputs),
    ]
    if ctx.target_model_description:
        story += [Spacer(1, 5 * mm), p(f"Target model — {ctx.target_model}: {ctx.target_model_description}", "small")]
    return [*story, NextPageTemplate("content"), PageBreak()]


def table_of_contents(inputs: Inputs) -> list[Flowable]:
    return [*heading("Contents", key="contents", toc=False), Spacer(1, 2 * mm), contents(), PageBreak()]


def no_responses(inputs: Inputs) -> list[Flowable]:
    """The whole body of a report on an assessment nobody has submitted yet."""
    ctx = inputs.ctx
    message = (
        "No responses have been submitted yet, so there are no scores, gaps or risks to report. "
        f"Generate the report again once team members of {ctx.organization} have submitted the survey."
    )
    return [
        *heading("Status of the assessment", key="status"),
        callout([p(message, "lead")], inputs.width),
        Spacer(1, 6 * mm),
        p(f"The assessment “{ctx.assessment_title}” is {ctx.status.lower()}. Scores appear as soon as the first "
          "response is submitted; groups with fewer than "
          f"{ctx.result.parameters.min_group_size} respondents are never shown on their own."),
    ]
