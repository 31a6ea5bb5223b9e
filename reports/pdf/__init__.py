"""The gap report as a PDF: a consultant's deliverable that lays out the presentation model.

    pdf_bytes = build_report_pdf(report_document(assessment), progress=update_bar)

Modules: styles (palette, paragraph styles), text (user text made legible), tables
(wrapping tables), document (page templates, header and footer, DRAFT mark, TOC and
bookmarks), sections/* (one per report section). Nothing here rounds, classifies or
scores: every figure arrives printed from reports/presentation.
"""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO

from reportlab.platypus import Flowable, PageBreak

from reports.fonts import register_fonts
from reports.presentation import ReportDocument

from .document import FRAME_WIDTH, PdfReport
from .sections import BODY, Inputs, cover, no_responses, table_of_contents
from .styles import branded

Progress = Callable[[int], None]

__all__ = ["build_report_pdf", "layout_report_pdf"]

STORY_DONE = 60  # percent reached once every section's flowables exist; layout takes the rest
LAYOUT_CAP = 95


def _story(inputs: Inputs, progress: Progress) -> list[Flowable]:
    story = cover(inputs)
    progress(10)
    if not inputs.doc.has_responses:
        return story + no_responses(inputs)
    story += table_of_contents(inputs)
    for i, (section, new_page) in enumerate(BODY, start=1):
        if new_page and i > 1:
            story.append(PageBreak())
        story += section(inputs)
        progress(10 + (STORY_DONE - 10) * i // len(BODY))
    return story


def layout_report_pdf(doc: ReportDocument, *, progress: Progress | None = None) -> tuple[bytes, PdfReport]:
    """The PDF bytes and the laid-out document (page fill and headings per page), in the
    firm's colour."""
    with branded(doc.meta.brand_colour):
        return _layout(doc, progress)


def _layout(doc: ReportDocument, progress: Progress | None) -> tuple[bytes, PdfReport]:
    report = progress or (lambda pct: None)
    register_fonts()
    story = _story(Inputs(doc=doc, width=FRAME_WIDTH), report)
    buffer = BytesIO()
    meta = doc.meta
    layout = PdfReport(
        buffer,
        running_header=meta.running_header,
        marking=meta.marking,
        draft_line=meta.draft_line,
        on_pass=lambda passes: report(min(LAYOUT_CAP, STORY_DONE + 10 * passes)),
        title=meta.pdf_title,
        author=meta.consultant or "OpsAssess",
        subject=f"Operations maturity gap report for {meta.organization}",
        keywords=["operations maturity", "gap analysis", *meta.disciplines],
        lang=meta.language,
    )
    layout.multiBuild(story)
    report(100)
    return buffer.getvalue(), layout


def build_report_pdf(doc: ReportDocument, *, progress: Progress | None = None) -> bytes:
    """The report as PDF bytes. `progress(pct)` is called with rising percentages
    (10 after the cover, up to 60 as sections are written, then per layout pass,
    100 when the bytes are ready) so a task can drive a progress bar."""
    return layout_report_pdf(doc, progress=progress)[0]
