"""Tables that never overflow the page: widths are fractions of the frame, every
text cell is a wrapping Paragraph, and long tables repeat their header row."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, PageBreak, Paragraph, Table, TableStyle

from reports.fonts import BOLD, REGULAR

from .styles import CALLOUT, RULE, STRIPE, primary, styles
from .text import Markup, esc

Cell = str | Flowable | None


@dataclass(frozen=True)
class Column:
    title: str
    share: float  # of the frame width; a table's shares add up to 1
    align: str = "left"  # left | right | centre


def _cell_style(align: str, head: bool = False) -> ParagraphStyle:
    s = styles()
    if head:
        return {"left": s.head, "right": s.head_right, "centre": s.head_centre}[align]
    return {"left": s.cell, "right": s.cell_right, "centre": s.cell_centre}[align]


def para(cell: Cell, align: str = "left") -> Flowable:
    if isinstance(cell, Flowable):
        return cell
    text = "" if cell is None else (cell if isinstance(cell, Markup) else esc(cell))
    return Paragraph(text, _cell_style(align))


def base_style() -> list[tuple]:
    """Font on every cell (a Table otherwise falls back to Helvetica), header shading,
    light grid and zebra rows."""
    return [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("INNERGRID", (0, 0), (-1, -1), 0.25, RULE),
        ("BOX", (0, 0), (-1, -1), 0.5, RULE),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, STRIPE]),
        ("BACKGROUND", (0, 0), (-1, 0), primary()),
        ("FONTNAME", (0, 0), (-1, 0), BOLD),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, primary()),
    ]


class DataTable(Table):
    """A table that, when it breaks across pages, carries at least MIN_ROWS rows over:
    a lone row at the top of a page reads like a mistake."""

    MIN_ROWS = 3
    MAX_MOVED_SHARE = 0.25  # of the room left on the page

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 - reportlab's names
        parts = super().split(availWidth, availHeight)
        if len(parts) != 2:
            return parts
        carried = len(parts[1]._cellvalues) - self.repeatRows
        kept = len(parts[0]._cellvalues)  # header included
        if carried >= self.MIN_ROWS or kept - (self.MIN_ROWS - carried) <= self.repeatRows + self.MIN_ROWS:
            return parts  # fine as it is, or too short to split any other way
        cut = kept - (self.MIN_ROWS - carried)
        if sum(self._rowHeights[cut:kept]) > self.MAX_MOVED_SHARE * availHeight:
            return parts  # moving tall rows would leave this page half empty: a lone row is the lesser evil
        first, rest = super().split(availWidth, sum(self._rowHeights[:cut]) + 0.01)
        # The rows held back must start the next page, not fill the room they left here.
        return [first, PageBreak(), rest]


def data_table(
    columns: Sequence[Column], rows: Sequence[Sequence[Cell]], width: float, *, extra: Sequence[tuple] = ()
) -> Table:
    """A header row in the primary colour, light grid, zebra rows; extra style
    commands (spans, highlights) are appended."""
    head = [Paragraph(esc(c.title), _cell_style(c.align, head=True)) for c in columns]
    body = [[para(cell, c.align) for c, cell in zip(columns, row, strict=True)] for row in rows]
    table = DataTable([head, *body], colWidths=[c.share * width for c in columns], repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([*base_style(), *extra]))
    return table


def callout(paragraphs: Sequence[Flowable], width: float) -> Table:
    """A shaded box with a primary bar on the left, for key messages."""
    table = Table([[p] for p in paragraphs], colWidths=[width], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("BACKGROUND", (0, 0), (-1, -1), CALLOUT),
        ("LINEBEFORE", (0, 0), (0, -1), 3, primary()),
        ("LEFTPADDING", (0, 0), (-1, -1), 12),
        ("RIGHTPADDING", (0, 0), (-1, -1), 10),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, 0), 9),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 9),
    ]))
    return table


def embedded(drawing: Drawing, align: str = "CENTER") -> Drawing:
    """A chart ready for the story: aligned, and with the embedded font as its
    initial font, so reportlab's Helvetica default never enters the PDF."""
    drawing.initialFontName = REGULAR
    drawing.hAlign = align
    return drawing
