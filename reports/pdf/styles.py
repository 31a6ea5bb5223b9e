"""The look of the report: palette, paragraph styles and the table style.

One palette for every section, built on the charts' colours (primary #1f4e79,
target orange), so tables, headings and charts read as one document.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from reports.charts import TARGET
from reports.fonts import BOLD, ITALIC, REGULAR, register_fonts
from reports.presentation import rules

ACCENT = TARGET
INK = colors.HexColor(rules.INK)
MUTED = colors.HexColor(rules.MUTED)
RULE = colors.HexColor(rules.RULE)
STRIPE = colors.HexColor(rules.STRIPE)
CALLOUT = colors.HexColor(rules.CALLOUT)
GOOD = colors.HexColor(rules.GOOD)
BAD = colors.HexColor(rules.BAD)

MARGIN = 20 * mm
HEADER_GAP = 12 * mm  # room above the frame for the running header


# The firm's colour for the structure of the page (cover band, headings, table headers,
# links), as the Word report and the deck use it; the charts keep the data colours.
_PRIMARY: ContextVar[str] = ContextVar("pdf_primary", default=rules.PRIMARY)


@contextmanager
def branded(colour: str) -> Iterator[None]:
    """Lay out the report in `colour` (#rrggbb, the presentation model's brand_colour)."""
    token = _PRIMARY.set(colour)
    try:
        yield
    finally:
        _PRIMARY.reset(token)


def primary() -> colors.Color:
    return colors.HexColor(_PRIMARY.get())


def hex_of(colour: colors.Color) -> str:
    return "#" + colour.hexval()[2:]


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    lead: ParagraphStyle
    small: ParagraphStyle
    note: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    bullet: ParagraphStyle
    practice: ParagraphStyle
    fine: ParagraphStyle
    step: ParagraphStyle
    rec_title: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    cell_centre: ParagraphStyle
    cell_small: ParagraphStyle
    head: ParagraphStyle
    head_right: ParagraphStyle
    head_centre: ParagraphStyle
    toc0: ParagraphStyle
    toc1: ParagraphStyle
    cover_client: ParagraphStyle
    cover_title: ParagraphStyle
    cover_label: ParagraphStyle
    cover_value: ParagraphStyle


def _style(name: str, **overrides: object) -> ParagraphStyle:
    # bulletFontName too: reportlab's default bullet font is Helvetica.
    base: dict[str, object] = {"fontName": REGULAR, "bulletFontName": REGULAR, "fontSize": 9.5, "leading": 13.5,
                               "textColor": INK}
    base.update(overrides)
    return ParagraphStyle(name, **base)  # type: ignore[arg-type]


def _cell(name: str, **overrides: object) -> ParagraphStyle:
    return _style(name, **{"fontSize": 8, "leading": 10, **overrides})


def styles() -> Styles:
    return _styles(_PRIMARY.get())


@cache
def _styles(primary_hex: str) -> Styles:
    register_fonts()
    brand = colors.HexColor(primary_hex)
    return Styles(
        body=_style("body", spaceAfter=6),
        lead=_style("lead", fontSize=10.5, leading=15, spaceAfter=8),
        small=_style("small", fontSize=8, leading=10.5, textColor=MUTED, spaceAfter=4),
        note=_style("note", fontName=ITALIC, fontSize=8, leading=10.5, textColor=MUTED, spaceBefore=2, spaceAfter=8),
        h1=_style("h1", fontName=BOLD, fontSize=17, leading=21, textColor=brand, spaceBefore=14, spaceAfter=10,
                  keepWithNext=1),
        h2=_style("h2", fontName=BOLD, fontSize=12.5, leading=16, textColor=brand, spaceBefore=10, spaceAfter=6,
                  keepWithNext=1),
        h3=_style("h3", fontName=BOLD, fontSize=10, leading=13, textColor=INK, spaceBefore=8, spaceAfter=4,
                  keepWithNext=1),
        bullet=_style("bullet", leftIndent=12, bulletIndent=2, spaceAfter=3),
        fine=_style("fine", fontSize=8.8, leading=12, leftIndent=12, bulletIndent=2, spaceAfter=2.5),
        step=_style("step", fontSize=8.5, leading=11.5, leftIndent=12, bulletIndent=2, spaceAfter=1),
        rec_title=_style("rec_title", fontSize=10, leading=13.5, spaceBefore=9, spaceAfter=1, keepWithNext=1),
        practice=_style("practice", fontSize=7.5, leading=9.8, textColor=MUTED, leftIndent=24, spaceAfter=2),
        cell=_cell("cell"),
        cell_right=_cell("cell_right", alignment=TA_RIGHT),
        cell_centre=_cell("cell_centre", alignment=TA_CENTER),
        cell_small=_cell("cell_small", fontSize=7, leading=8.8, textColor=MUTED),
        head=_cell("head", fontName=BOLD, textColor=colors.white),
        head_right=_cell("head_right", fontName=BOLD, textColor=colors.white, alignment=TA_RIGHT),
        head_centre=_cell("head_centre", fontName=BOLD, textColor=colors.white, alignment=TA_CENTER),
        toc0=_style("toc0", fontName=BOLD, fontSize=10.5, leading=15, spaceBefore=5, textColor=brand),
        toc1=_style("toc1", fontSize=9.5, leading=13, leftIndent=16, textColor=INK),
        cover_client=_style("cover_client", fontName=BOLD, fontSize=26, leading=31, textColor=brand, spaceAfter=6),
        cover_title=_style("cover_title", fontSize=15, leading=20, textColor=INK, spaceAfter=4),
        cover_label=_style("cover_label", fontSize=8.5, leading=11, textColor=MUTED, alignment=TA_LEFT),
        cover_value=_style("cover_value", fontSize=9.5, leading=12.5, textColor=INK),
    )
