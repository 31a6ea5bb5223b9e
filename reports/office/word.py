"""The gap report as an editable Word document (python-docx).

Same sections, numbering and figures as the PDF (reports/presentation/outline.py for the
words around them); Word's own Title and Heading styles, so the document can be restyled
at once and its navigation pane works; page numbers and contents are Word fields.
"""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_BREAK
from docx.shared import Cm, Pt

from reports.presentation import ReportDocument, outline, rules

from . import word_sections as sections
from .wordkit import Cell, Column, Writer, contents, field, house_styles, rgb, table, update_fields_on_open

Progress = Callable[[int], None]
PAGE_WIDTH_CM, PAGE_HEIGHT_CM, MARGIN_CM = 21.0, 29.7, 2.0


def _page_setup(w: Writer) -> None:
    section = w.document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(PAGE_HEIGHT_CM)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN_CM))
    section.different_first_page_header_footer = True  # the cover carries neither
    meta = w.doc.meta
    header = section.header.paragraphs[0]
    run = header.add_run(meta.running_header)
    run.font.size, run.font.color.rgb = Pt(8), rgb(rules.MUTED)
    if meta.draft_line:
        draft = section.header.add_paragraph().add_run(meta.draft_line)
        draft.bold, draft.font.size, draft.font.color.rgb = True, Pt(8), rgb(rules.BAD)
    footer = section.footer.paragraphs[0]
    marking = footer.add_run(f"{meta.marking}\t\t")
    marking.font.size = Pt(8)
    footer.add_run("Page ").font.size = Pt(8)
    field(footer, "PAGE", "1")
    footer.add_run(" of ").font.size = Pt(8)
    field(footer, "NUMPAGES", "1")


def _properties(w: Writer) -> None:
    meta, props = w.doc.meta, w.document.core_properties
    props.title = meta.pdf_title
    props.subject = f"Operations maturity gap report for {meta.organization}"
    props.author = meta.consultant or "OpsAssess"
    props.last_modified_by = "OpsAssess"
    props.keywords = ", ".join(["operations maturity", "gap analysis", meta.organization, *meta.disciplines])
    props.category = meta.organization  # the client, where Word's file list shows a category
    props.comments = meta.draft_line or meta.status_line
    props.language = meta.language


def _cover(w: Writer) -> None:
    meta, document = w.doc.meta, w.document
    if meta.logo:
        document.add_picture(BytesIO(meta.logo), height=Cm(1.4))  # the firm's, above the client's name
    document.add_paragraph(meta.organization, style="Title")
    document.add_paragraph(meta.assessment_title, style="Subtitle")
    lead = document.add_paragraph()
    lead_run = lead.add_run("Operations maturity gap report")
    lead_run.bold, lead_run.font.size, lead_run.font.color.rgb = True, Pt(13), rgb(w.accent)
    table(document, [Column("", 0.28), Column("", 0.72)],
          [[Cell(label, ink=rules.MUTED), value] for label, value in meta.facts],
          width_cm=w.width_cm, primary=w.primary, header=False)
    if meta.draft_line:
        w.callout(meta.draft_line, ink=rules.BAD)
    if meta.indicative:
        w.callout(meta.indicative_reason)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _contents(w: Writer) -> None:
    document = w.document
    w.caption("Contents", size=18)
    contents(document, sections.contents_entries(w.doc))
    w.caption("How to read this report", size=14)
    document.add_paragraph(outline.READING_INTRO)
    scale = [[Cell(str(level), fill=rules.LEVEL_COLOURS[level], ink=rules.LEVEL_INK[level], bold=True), name,
              meaning] for level, name, meaning in w.doc.methodology.level_scale]
    w.table([Column("Level", 0.08, "centre"), Column("Name", 0.17), Column("What it looks like", 0.75)], scale)
    for note in outline.READING_NOTES:
        w.bullet(note)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _no_responses(w: Writer) -> None:
    message, detail = outline.no_responses(w.doc.meta)
    w.document.add_heading("Status of the assessment", level=1)
    w.callout(message)
    w.document.add_paragraph(detail)


def build_report_docx(doc: ReportDocument, *, progress: Progress | None = None) -> bytes:
    """The report as .docx bytes; `progress(pct)` is called with rising percentages."""
    report = progress or (lambda pct: None)
    document = Document()
    w = Writer(document=document, doc=doc, width_cm=PAGE_WIDTH_CM - 2 * MARGIN_CM,
               primary=doc.meta.brand_colour, accent=rules.ACCENT)
    house_styles(document, primary=w.primary)
    _page_setup(w)
    _properties(w)
    _cover(w)
    if not doc.has_responses:
        _no_responses(w)
    else:
        update_fields_on_open(document)
        _contents(w)
        for i, section in enumerate(sections.BODY, start=1):
            section(w)
            report(5 + 90 * i // len(sections.BODY))
    buffer = BytesIO()
    document.save(buffer)
    report(100)
    return buffer.getvalue()
