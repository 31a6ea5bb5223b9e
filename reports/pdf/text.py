"""User text made safe and legible for the PDF: escaped for reportlab's paragraph markup,
right-to-left scripts put in visual order and shaped, and characters the embedded font
lacks replaced by their name, never by an empty box. Figures come formatted from the
presentation model; nothing here rounds or classifies."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from xml.sax.saxutils import escape

import arabic_reshaper
from bidi import get_display
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth

from reports.fonts import REGULAR, register_fonts

RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
SILENT = {"\u200d", "\ufe0e", "\ufe0f", "\u200c"}  # joiners and variation selectors: no glyph of their own


class Markup(str):
    """Text that is already paragraph markup (escaped where needed); plain `str`
    cells and sentences are always escaped before they reach a Paragraph."""


@cache
def _glyphs() -> frozenset[int]:
    register_fonts()
    return frozenset(pdfmetrics.getFont(REGULAR).face.charToGlyph)


def _replacement(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"[{name.lower()}]" if name else "\ufffd"


def legible(text: str) -> str:
    """Visual order and shapes for right-to-left runs, and a named stand-in for any
    character the embedded font cannot draw (an emoji becomes "[rocket]")."""
    if RTL.search(text):
        lines = []
        for line in text.split("\n"):
            shaped = arabic_reshaper.reshape(line) if ARABIC.search(line) else line
            lines.append(get_display(shaped))
        text = "\n".join(lines)
    glyphs = _glyphs()
    if all(ord(c) in glyphs and c not in SILENT or c in "\n\r\t" for c in text):
        return text
    return "".join("" if c in SILENT else c if ord(c) in glyphs or c in "\n\r\t" else _replacement(c)
                   for c in text)


def esc(text: str) -> str:
    """User text made safe for reportlab's paragraph markup; line breaks kept."""
    return escape(legible(text)).replace("\r\n", "\n").replace("\n", "<br/>")


def fit(text: str, font: str, size: float, width: float) -> str:
    """Shorten text with an ellipsis so it fits `width` points (canvas strings do not wrap)."""
    text = legible(text)
    full = stringWidth(text, font, size)
    if full <= width:
        return text
    text = text[: int(len(text) * width / full) + 1]  # a close guess, then trim
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"
