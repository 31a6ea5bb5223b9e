"""The page machinery: A4 templates for the cover and the content pages, running
header and footer, page numbers, and the heading flowable that feeds the table of
contents and the PDF outline (bookmarks)."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, CondPageBreak, Flowable, Frame, PageTemplate, Paragraph, TableStyle
from reportlab.platypus.tableofcontents import TableOfContents

from reports.fonts import BOLD, REGULAR

from .styles import ACCENT, HEADER_GAP, MARGIN, MUTED, RULE, primary, styles
from .text import esc, fit

PAGE_WIDTH, PAGE_HEIGHT = A4
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN
COVER_BAND = 78 * mm
# Points a heading of level 0, 1, 2 needs below it on the page, else it starts the next one.
ROOM_BELOW = (150, 110, 140)


class Heading(Paragraph):
    """A section heading that is also a bookmark, an outline entry and (optionally)
    a table-of-contents line. `title` is plain text; the paragraph shows it escaped."""

    def __init__(self, title: str, *, key: str, level: int = 0, toc: bool = True) -> None:
        base = (styles().h1, styles().h2, styles().h3)[min(level, 2)]
        # keepWithNext would glue the heading to a whole long table and push both to the
        # next page, leaving a blank one; heading() guards with CondPageBreak instead.
        super().__init__(esc(title), ParagraphStyle(f"{base.name}-heading", parent=base, keepWithNext=0))
        self.title, self.key, self.outline_level, self.toc = title, key, level, toc


def heading(title: str, *, key: str, level: int = 0, toc: bool = True) -> list[Flowable]:
    return [CondPageBreak(ROOM_BELOW[min(level, 2)]), Heading(title, key=key, level=level, toc=toc)]


def contents() -> TableOfContents:
    toc = TableOfContents(dotsMinLevel=0, tableStyle=TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))
    toc.levelStyles = [styles().toc0, styles().toc1]
    return toc


def _draw_draft(canvas: Canvas, doc: PdfReport, *, on_band: bool = False) -> None:
    """A light diagonal DRAFT across the page and the as-of line above the header."""
    if not doc.draft_line:
        return
    canvas.saveState()
    canvas.setFillColor(colors.Color(0.75, 0.16, 0.16, alpha=0.10))
    canvas.setFont(BOLD, 110)
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canvas.rotate(52)
    canvas.drawCentredString(0, -38, "DRAFT")
    canvas.restoreState()
    canvas.saveState()
    canvas.setFillColor(colors.white if on_band else colors.HexColor("#b3261e"))  # the cover's band is dark
    canvas.setFont(BOLD, 7.5)
    canvas.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 8 * mm, fit(doc.draft_line, BOLD, 7.5, FRAME_WIDTH))
    canvas.restoreState()


def _draw_cover(canvas: Canvas, doc: PdfReport) -> None:
    canvas.saveState()
    canvas.setFillColor(primary())
    canvas.rect(0, PAGE_HEIGHT - COVER_BAND, PAGE_WIDTH, COVER_BAND, stroke=0, fill=1)
    canvas.setFillColor(ACCENT)
    canvas.rect(0, PAGE_HEIGHT - COVER_BAND - 2.2 * mm, PAGE_WIDTH, 2.2 * mm, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    canvas.setFont(REGULAR, 9.5)
    canvas.drawString(MARGIN, PAGE_HEIGHT - 22 * mm, "OPERATIONS MATURITY ASSESSMENT")
    canvas.setFont(BOLD, 28)
    canvas.drawString(MARGIN, PAGE_HEIGHT - 42 * mm, "Gap analysis report")
    canvas.setFont(REGULAR, 11)
    canvas.drawString(MARGIN, PAGE_HEIGHT - 52 * mm, "Current practice against the target model, with a roadmap")
    _draw_marking(canvas, doc.marking, 24 * mm, size=9.5)
    canvas.restoreState()
    _draw_draft(canvas, doc, on_band=True)


def _draw_marking(canvas: Canvas, marking: str, y: float, *, size: float) -> None:
    """The confidentiality marking on up to two lines, so a long client name stays whole."""
    canvas.setFillColor(primary())
    canvas.setFont(BOLD, size)
    lines = simpleSplit(marking, BOLD, size, FRAME_WIDTH)
    if len(lines) > 2:
        lines = [lines[0], fit(" ".join(lines[1:]), BOLD, size, FRAME_WIDTH)]
    for i, line in enumerate(lines):
        canvas.drawString(MARGIN, y + (len(lines) - 1 - i) * size * 1.3, line)


def _draw_content(canvas: Canvas, doc: PdfReport) -> None:
    canvas.saveState()
    top = PAGE_HEIGHT - MARGIN + 5 * mm
    canvas.setFont(REGULAR, 7.5)
    canvas.setFillColor(MUTED)
    canvas.drawString(MARGIN, top, fit(doc.running_header, REGULAR, 7.5, FRAME_WIDTH - 40 * mm))
    canvas.drawRightString(PAGE_WIDTH - MARGIN, top, "Gap analysis report")
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, top - 2.5 * mm, PAGE_WIDTH - MARGIN, top - 2.5 * mm)
    bottom = MARGIN - 9 * mm
    canvas.line(MARGIN, bottom + 4.5 * mm, PAGE_WIDTH - MARGIN, bottom + 4.5 * mm)
    canvas.setFont(REGULAR, 7.5)
    canvas.setFillColor(MUTED)
    canvas.drawString(MARGIN, bottom, fit(doc.marking, REGULAR, 7.5, FRAME_WIDTH - 25 * mm))
    canvas.drawRightString(PAGE_WIDTH - MARGIN, bottom, f"Page {canvas.getPageNumber()}")
    canvas.restoreState()
    _draw_draft(canvas, doc)


class PdfReport(BaseDocTemplate):
    """BaseDocTemplate with a cover and a content template; headings become
    bookmarks, outline entries and TOC lines as they are laid out. It records how full
    each page ends (`page_fill`) and which headings each page holds, so tests can hold
    the layout to its rules."""

    def __init__(self, buffer: BytesIO, *, running_header: str, marking: str, draft_line: str,
                 on_pass: Callable[[int], None], **info: Any) -> None:
        super().__init__(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                         bottomMargin=MARGIN, initialFontName=REGULAR, creator="OpsAssess", **info)
        self.running_header, self.marking, self.on_pass, self.passes = running_header, marking, on_pass, 0
        self.draft_line = draft_line
        self.page_fill: dict[int, float] = {}
        self.page_headings: dict[int, list[str]] = {}
        cover = Frame(MARGIN, MARGIN + 12 * mm, FRAME_WIDTH, PAGE_HEIGHT - COVER_BAND - MARGIN - 30 * mm,
                      id="cover", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        body = Frame(MARGIN, MARGIN, FRAME_WIDTH, PAGE_HEIGHT - 2 * MARGIN - HEADER_GAP + 6 * mm, id="body",
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([
            PageTemplate(id="cover", frames=[cover], onPage=_draw_cover),
            PageTemplate(id="content", frames=[body], onPage=_draw_content),
        ])

    def afterPage(self) -> None:
        frame = self.frame
        height = frame._y2 - frame._y1p
        self.page_fill[self.page] = (frame._y2 - frame._y) / height if height else 1.0

    def afterFlowable(self, flowable: Flowable) -> None:
        if not isinstance(flowable, Heading):
            return
        self.page_headings.setdefault(self.page, []).append(flowable.key)
        self.canv.showOutline()  # open the bookmarks pane when the reader opens the file
        self.canv.bookmarkPage(flowable.key)
        self.canv.addOutlineEntry(flowable.title, flowable.key, level=flowable.outline_level,
                                  closed=flowable.outline_level > 0)
        if flowable.toc:
            self.notify("TOCEntry", (flowable.outline_level, esc(flowable.title), self.page, flowable.key))

    def build(self, flowables: list[Flowable], *args: Any, **kwargs: Any) -> None:
        self.passes += 1
        self.page_fill, self.page_headings = {}, {}
        super().build(flowables, *args, **kwargs)
        self.on_pass(self.passes)
