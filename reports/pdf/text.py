"""Formatting of numbers and user text for the PDF, in one place so every table
and sentence prints a figure the same way the results page does."""

from __future__ import annotations

import math
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfmetrics import stringWidth

from reports.formatting import kpi_team_lines, number  # noqa: F401 - the PDF's formatting, in one import
from reports.templatetags.report_tags import LEVEL_NAMES

ARROWS = {"up": "↑", "down": "↓", "flat": "→"}


class Markup(str):
    """Text that is already paragraph markup (escaped where needed); plain `str`
    cells and sentences are always escaped before they reach a Paragraph."""


def esc(text: str) -> str:
    """User text made safe for reportlab's paragraph markup; line breaks kept."""
    return escape(text).replace("\r\n", "\n").replace("\n", "<br/>")


def score(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _unsigned_zero(text: str) -> str:
    # -0.004 rounds to "-0.00": a sign on zero reads as a real decline.
    return text.lstrip("+-") if text.lstrip("+-").strip("0.") == "" else text


def two(value: float | None) -> str:
    return "–" if value is None else _unsigned_zero(f"{value:.2f}")


def pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def signed(value: float | None) -> str:
    return "–" if value is None else _unsigned_zero(f"{value:+.1f}")


def _level(value: float) -> int:
    # Named from the printed value, so "3.0" never reads as "Repeatable" for 2.96.
    return min(5, max(1, math.floor(round(value, 1))))


def level_name(value: float | None) -> str:
    return "no data" if value is None else LEVEL_NAMES[_level(value)]


def posture(value: float | None) -> str:
    """'Repeatable → Defined' for 2.7: the level reached and the next one."""
    if value is None:
        return "no data"
    level = _level(value)
    return LEVEL_NAMES[level] if level == 5 else f"{LEVEL_NAMES[level]} → {LEVEL_NAMES[level + 1]}"


def arrow(direction: str | None) -> str:
    return ARROWS.get(direction or "", "")


def plural(count: int, singular: str, many: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (many or singular + 's')}"


def fit(text: str, font: str, size: float, width: float) -> str:
    """Shorten text with an ellipsis so it fits `width` points (canvas strings do not wrap)."""
    full = stringWidth(text, font, size)
    if full <= width:
        return text
    text = text[: int(len(text) * width / full) + 1]  # a close guess, then trim
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"
