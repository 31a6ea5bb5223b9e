"""Small python-docx helpers: styled tables with shaded cells, fields, and the house styles.

python-docx covers paragraphs, runs, tables and pictures; cell shading, repeating header
rows and fields (page numbers, the contents) need a few elements of WordprocessingML
written by hand, all of them here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from xml.sax.saxutils import escape

from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph
from reportlab.graphics.shapes import Drawing

from reports.charts import to_png
from reports.presentation import ReportDocument, rules
from reports.presentation.narrative import Block, Span
from reports.presentation.outline import Section

ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT, "centre": WD_ALIGN_PARAGRAPH.CENTER}
BODY_FONT = "Calibri"
TABLE_SIZE = Pt(8.5)


def rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


@dataclass(frozen=True)
class Cell:
    """A table cell's text and look; a plain string is a Cell with no fill."""

    text: str
    fill: str = ""  # background, "#rrggbb"
    ink: str = ""  # text colour
    bold: bool = False
    italic: bool = False
    note: str = ""  # a second, smaller line in the muted colour


@dataclass(frozen=True)
class Column:
    title: str
    share: float  # of the text width
    align: str = "left"


@dataclass
class Writer:
    """The document being written, the report it lays out, and the page's text width."""

    document: Document
    doc: ReportDocument
    width_cm: float
    primary: str
    accent: str

    @property
    def width_pt(self) -> float:
        return self.width_cm / 2.54 * 72

    def heading(self, section: Section, level: int = 1) -> None:
        self.document.add_heading(section.heading, level=level)
        if section.intro:
            self.document.add_paragraph(section.intro)

    def table(self, columns: Sequence[Column], rows: Sequence[Sequence[Cell | str]]) -> Table:
        grid = table(self.document, columns, rows, width_cm=self.width_cm, primary=self.primary)
        self.document.add_paragraph().paragraph_format.space_after = Pt(2)  # Word runs adjacent tables together
        return grid

    def callout(self, text: str, *, ink: str = "", detail: str = "") -> None:
        """A shaded box: a one-cell table, so it stays editable and never splits."""
        box = table(self.document, [Column("", 1.0)], [[Cell(text, fill=rules.CALLOUT, ink=ink, bold=True,
                                                             note=detail)]],
                    width_cm=self.width_cm, primary=self.primary, header=False)
        for run in box.rows[0].cells[0].paragraphs[0].runs[:1]:
            run.font.size = Pt(11)
        self.document.add_paragraph().paragraph_format.space_after = Pt(2)

    def bullet(self, text: str, *, lead: str = "", style: str = "List Bullet") -> None:
        paragraph = self.document.add_paragraph(style=style)
        if lead:
            paragraph.add_run(lead).bold = True
            paragraph.add_run(" ")
        paragraph.add_run(text)

    def numbered(self, number: int, text: str, *, lead: str = "") -> None:
        """A ranked item written "1." by hand: Word's list numbering would carry on across lists."""
        paragraph = self.document.add_paragraph()
        paragraph.paragraph_format.left_indent = Cm(0.63)
        paragraph.paragraph_format.first_line_indent = Cm(-0.63)
        paragraph.paragraph_format.space_after = Pt(3)
        paragraph.add_run(f"{number}.\t")
        if lead:
            paragraph.add_run(lead).bold = True
            paragraph.add_run(" ")
        paragraph.add_run(text)

    def narrative(self, blocks: tuple[Block, ...]) -> None:
        """The consultant's paragraphs and lists, with their emphasis and working links."""
        for block in blocks:
            for number, item in enumerate(block.items, start=1):
                if block.kind == "paragraph":
                    paragraph = self.document.add_paragraph()
                elif block.kind == "bullets":
                    paragraph = self.document.add_paragraph(style="List Bullet")
                else:
                    paragraph = self.document.add_paragraph()
                    paragraph.paragraph_format.left_indent = Cm(0.63)
                    paragraph.paragraph_format.first_line_indent = Cm(-0.63)
                    paragraph.add_run(f"{number}.\t")
                for span in item:
                    _span_run(paragraph, span, link_colour=self.primary)

    def caption(self, text: str, *, size: float = 11.5) -> None:
        """A heading that is not one of the report's sections (kept out of the contents)."""
        paragraph = self.document.add_paragraph()
        paragraph.paragraph_format.keep_with_next = True
        paragraph.paragraph_format.space_before = Pt(10)
        run = paragraph.add_run(text)
        run.bold, run.font.size, run.font.color.rgb = True, Pt(size), rgb(self.primary)

    def note(self, text: str) -> None:
        run = self.document.add_paragraph().add_run(text)
        run.italic, run.font.size, run.font.color.rgb = True, Pt(9), rgb(rules.MUTED)

    def chart(self, drawing: Drawing) -> None:
        """The PDF's drawing as a 200-dpi picture, as wide on the page as in the PDF."""
        picture = BytesIO(to_png(drawing, dpi=200))
        self.document.add_picture(picture, width=Cm(self.width_cm * min(1.0, drawing.width / self.width_pt)))


def _span_run(paragraph: Paragraph, span: Span, *, link_colour: str) -> None:
    if not span.href:
        run = paragraph.add_run(span.text)
        run.bold, run.italic = span.bold or None, span.italic or None
        return
    # python-docx has no hyperlink API: a w:hyperlink around a run, related to the address.
    relationship = paragraph.part.relate_to(span.href, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relationship)
    props = ("<w:b/>" if span.bold else "") + ("<w:i/>" if span.italic else "")
    props += f'<w:color w:val="{link_colour.lstrip("#").upper()}"/><w:u w:val="single"/>'
    text = escape(NOT_XML.sub("", span.text))
    link.append(parse_xml(f'<w:r {nsdecls("w")}><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'))
    paragraph._p.append(link)


def house_styles(document: Document, *, primary: str) -> None:
    """Body text, headings in the primary colour, and compact list styles."""
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1
    sizes = {"Title": 28, "Subtitle": 16, "Heading 1": 18, "Heading 2": 14, "Heading 3": 11.5}
    for name, size in sizes.items():
        style = styles[name]
        style.font.name = BODY_FONT
        style.font.size = Pt(size)
        style.font.color.rgb = rgb(primary if name != "Subtitle" else rules.MUTED)
        style.font.bold = name.startswith("Heading")
        style.paragraph_format.keep_with_next = True
        # The theme's heading font would override the name above in Word; clear it.
        fonts = style.element.rPr.find(qn("w:rFonts"))
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            if fonts is not None and fonts.get(qn(attr)) is not None:
                del fonts.attrib[qn(attr)]
    styles["Heading 1"].paragraph_format.space_before = Pt(18)
    styles["Heading 2"].paragraph_format.space_before = Pt(12)
    for name in ("List Bullet", "List Number"):
        styles[name].paragraph_format.space_after = Pt(3)


NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot hold
ALIGN_XML = {"left": "left", "right": "right", "centre": "center"}
TABLE_HALF_POINTS, NOTE_HALF_POINTS = 17, 15


def _run_xml(text: str, *, bold: bool, italic: bool, ink: str, half_points: int) -> str:
    """One run; a line break in the text becomes Word's <w:br/>."""
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    props += f'<w:color w:val="{ink.lstrip("#").upper()}"/>' if ink else ""
    props += f'<w:sz w:val="{half_points}"/>'
    lines = [f'<w:t xml:space="preserve">{escape(NOT_XML.sub("", line))}</w:t>' for line in text.split("\n")]
    return f"<w:r><w:rPr>{props}</w:rPr>{'<w:br/>'.join(lines)}</w:r>"


def _cell_xml(value: Cell | str, align: str, width: int, *, stripe: bool, bold: bool = False, ink: str = "") -> str:
    content = value if isinstance(value, Cell) else Cell(value)
    fill = content.fill or (rules.STRIPE if stripe else "")
    shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill.lstrip("#").upper()}"/>' if fill else ""
    runs = _run_xml(content.text, bold=bold or content.bold, italic=content.italic, ink=ink or content.ink,
                    half_points=TABLE_HALF_POINTS)
    if content.note:
        runs += _run_xml("\n" + content.note, bold=False, italic=False, ink=rules.MUTED, half_points=NOTE_HALF_POINTS)
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shading}</w:tcPr>'
            f'<w:p><w:pPr><w:spacing w:after="0"/><w:jc w:val="{ALIGN_XML[align]}"/></w:pPr>{runs}</w:p></w:tc>')


def table(document: Document, columns: Sequence[Column], rows: Sequence[Sequence[Cell | str]], *,
          width_cm: float, primary: str, header: bool = True) -> Table:
    """A real Word table: a header row in the primary colour that repeats on every page,
    banded rows, and rows that do not split across pages.

    The rows are written as WordprocessingML and parsed once: python-docx's cell-by-cell
    API took 5 s for the appendix of a 300-question assessment, this takes a tenth of it."""
    grid = document.add_table(rows=0, cols=len(columns))
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    grid.autofit = False
    widths = [int(width_cm * c.share * 360000) for c in columns]  # EMU per cm
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width  # the grid Word and LibreOffice lay the table out on
    _fixed_layout(grid, sum(widths))
    twips = [w // 635 for w in widths]
    xml = []
    if header:
        cells = "".join(_cell_xml(Cell(c.title, fill=primary), c.align, w, stripe=False, bold=True, ink="#ffffff")
                        for c, w in zip(columns, twips, strict=True))
        xml.append(f'<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{cells}</w:tr>')
    for i, values in enumerate(rows):
        cells = "".join(_cell_xml(v, c.align, w, stripe=header and i % 2 == 1)
                        for v, c, w in zip(values, columns, twips, strict=True))
        xml.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>")
    for row in parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(xml)}</w:tbl>"):
        grid._tbl.append(row)
    _light_borders(grid)
    _narrow_margins(grid)
    return grid


def _fixed_layout(grid: Table, width_emu: int) -> None:
    properties = grid._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    properties.append(layout)
    total = properties.find(qn("w:tblW"))
    if total is None:
        total = OxmlElement("w:tblW")
        properties.append(total)
    total.set(qn("w:w"), str(width_emu // 635))  # twentieths of a point
    total.set(qn("w:type"), "dxa")


def _narrow_margins(grid: Table) -> None:
    """0.1 cm either side of a cell's text instead of Word's 0.19: headers such as "Weight"
    fit on one line in a narrow numeric column."""
    margins = OxmlElement("w:tblCellMar")
    for side, twips in (("left", 57), ("right", 57), ("top", 14), ("bottom", 14)):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(twips))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    grid._tbl.tblPr.append(margins)


def _light_borders(grid: Table) -> None:
    properties = grid._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single" if edge in ("top", "bottom", "insideH") else "nil")
        element.set(qn("w:sz"), "4")
        element.set(qn("w:color"), rules.RULE.lstrip("#").upper())
        borders.append(element)
    existing = properties.find(qn("w:tblBorders"))
    if existing is not None:
        properties.remove(existing)
    properties.append(borders)


def field(paragraph: Paragraph, instruction: str, placeholder: str = "") -> None:
    """A Word field (PAGE, NUMPAGES, TOC…) that Word fills in when it lays the page out."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    run._r.append(begin)
    code = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    code._r.append(text)
    separate = paragraph.add_run()
    separator = OxmlElement("w:fldChar")
    separator.set(qn("w:fldCharType"), "separate")
    separate._r.append(separator)
    paragraph.add_run(placeholder)
    end = paragraph.add_run()
    finish = OxmlElement("w:fldChar")
    finish.set(qn("w:fldCharType"), "end")
    end._r.append(finish)


def contents(document: Document, entries: Sequence[tuple[int, str]]) -> None:
    """A TOC field whose last result is the list of headings: Word adds the page numbers
    when the file is opened (see update_fields_on_open); other readers show the list."""
    first = document.add_paragraph()
    for kind, text in (("begin", None), (None, 'TOC \\o "1-2" \\h \\z \\u'), ("separate", None)):
        run = first.add_run()
        if kind:
            mark = OxmlElement("w:fldChar")
            mark.set(qn("w:fldCharType"), kind)
            if kind == "begin":
                mark.set(qn("w:dirty"), "true")
            run._r.append(mark)
        else:
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = f" {text} "
            run._r.append(code)
    paragraph = first
    for i, (level, title) in enumerate(entries):
        if i:
            paragraph = document.add_paragraph()
        paragraph.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        paragraph.paragraph_format.space_after = Pt(2)
        run = paragraph.add_run(title)
        run.bold = level == 1
    end = paragraph.add_run()
    mark = OxmlElement("w:fldChar")
    mark.set(qn("w:fldCharType"), "end")
    end._r.append(mark)


def update_fields_on_open(document: Document) -> None:
    """Ask Word to fill the contents and page numbers when the file is opened."""
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)
