"""The gap report as a PDF: a consultant's deliverable built from the engine's result.

    pdf_bytes = build_report_pdf(report_context(assessment), progress=update_bar)

Modules: styles (palette, paragraph styles), text (number and user-text
formatting), tables (wrapping tables), document (page templates, header and
footer, TOC and bookmarks), sections/* (one per report section).
"""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO
from typing import TYPE_CHECKING

from reportlab.platypus import Flowable, PageBreak

from reports.fonts import register_fonts

from .document import FRAME_WIDTH, ReportDocument
from .sections import BODY, Inputs, cover, no_responses, table_of_contents

if TYPE_CHECKING:
    from reports.context import ReportContext

Progress = Callable[[int], None]

__all__ = ["build_report_pdf"]

STORY_DONE = 60  # percent reached once every section's flowables exist; layout takes the rest
LAYOUT_CAP = 95


def _story(inputs: Inputs, progress: Progress) -> list[Flowable]:
    story = cover(inputs)
    progress(10)
    if inputs.ctx.result.respondent_count == 0:
        return story + no_responses(inputs)
    story += table_of_contents(inputs)
    for i, section in enumerate(BODY, start=1):
        if i > 1:
            story.append(PageBreak())
        story += section(inputs)
        progress(10 + (STORY_DONE - 10) * i // len(BODY))
    return story


def build_report_pdf(ctx: ReportContext, *, progress: Progress | None = None) -> bytes:
    """The report as PDF bytes. `progress(pct)` is called with rising percentages
    (10 after the cover, up to 60 as sections are written, then per layout pass,
    100 when the bytes are ready) so a task can drive a progress bar."""
    report = progress or (lambda pct: None)
    register_fonts()
    story = _story(Inputs.of(ctx, FRAME_WIDTH), report)
    buffer = BytesIO()
    document = ReportDocument(
        buffer,
        running_header=f"{ctx.organization} · {ctx.assessment_title}",
        marking=f"Confidential — prepared for {ctx.organization}",
        on_pass=lambda passes: report(min(LAYOUT_CAP, STORY_DONE + 10 * passes)),
        title=f"{ctx.assessment_title} — gap analysis report",
        author=ctx.consultant,
        subject=f"Operations maturity gap report for {ctx.organization}",
    )
    document.multiBuild(story)
    report(100)
    return buffer.getvalue()
