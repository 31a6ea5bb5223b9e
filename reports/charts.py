"""Charts drawn once with reportlab graphics: the PDF embeds the Drawing, the
results page shows the same Drawing rendered to SVG, so page and report agree."""

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics import renderSVG
from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors

from .fonts import BOLD, REGULAR, register_fonts

CURRENT = colors.HexColor("#1f4e79")
TARGET = colors.HexColor("#e07b00")
GRID = colors.HexColor("#c8d0d8")
NO_DATA = colors.HexColor("#eeeeee")
# Level 1 (red) to 5 (green), a scale readable by most colour-blind readers with the numbers printed on top.
SCALE = ["#c0392b", "#e67e22", "#f1c40f", "#8bc34a", "#2e8b57"]


def colour_step(value: float) -> int:
    """The 1-5 step of the colour scale for a score: the nearest level to the score *as
    printed* (one decimal, halves up), so two cells that both read 1.5 share a colour."""
    return min(5, max(1, math.floor(round(value, 1) + 0.5)))


def level_colour(value: float | None) -> colors.Color:
    if value is None:
        return NO_DATA
    return colors.HexColor(SCALE[colour_step(value) - 1])


def _shorten(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def radar_chart(
    labels: Sequence[str],
    current: Sequence[float | None],
    target: Sequence[float],
    *,
    width: float = 420,
    height: float = 300,
    label_limit: int = 18,
) -> Drawing:
    """Current vs target on a fixed 0-5 radar with a ring per level; no data is drawn at 0."""
    register_fonts()
    drawing = Drawing(width, height)
    cx, cy = width / 2, (height + 16) / 2
    radius = min(width - 210, height - 60) / 2  # room for two-line labels either side
    count = len(labels)

    def point(i: int, value: float) -> tuple[float, float]:
        angle = math.pi / 2 - 2 * math.pi * i / count  # first spoke due north, clockwise
        return cx + radius * value / 5 * math.cos(angle), cy + radius * value / 5 * math.sin(angle)

    for level in range(1, 6):
        ring = [c for i in range(count) for c in point(i, level)]
        drawing.add(Polygon(ring, strokeColor=GRID, strokeWidth=0.6, fillColor=None))
    for i, label in enumerate(labels):
        x, y = point(i, 5)
        drawing.add(Line(cx, cy, x, y, strokeColor=GRID, strokeWidth=0.6))
        lx, ly = point(i, 5.6)
        anchor = "middle" if abs(lx - cx) < 8 else ("start" if lx > cx else "end")
        lines = _two_lines(label, label_limit)
        for n, line in enumerate(lines):  # centred on the spoke's end, first line on top
            drawing.add(String(lx, ly - 3 + 4.5 * (len(lines) - 1) - 9 * n, line, fontName=REGULAR,
                               fontSize=7.5, textAnchor=anchor))
    for level in (1, 3, 5):
        drawing.add(String(cx + 2, cy + radius * level / 5 + 1, str(level), fontName=REGULAR, fontSize=6,
                           fillColor=colors.grey))
    goal = [c for i, v in enumerate(target) for c in point(i, v)]
    drawing.add(Polygon(goal, strokeColor=TARGET, strokeWidth=1.5, strokeDashArray=(4, 3), fillColor=None))
    now = [c for i, v in enumerate(current) for c in point(i, v or 0)]
    drawing.add(Polygon(now, strokeColor=CURRENT, strokeWidth=2,
                        fillColor=colors.Color(CURRENT.red, CURRENT.green, CURRENT.blue, alpha=0.22)))
    for i, v in enumerate(current):
        if v is not None:
            x, y = point(i, v)
            drawing.add(Circle(x, y, 2.2, fillColor=CURRENT, strokeColor=None))
    _legend(drawing, [("Current", CURRENT, False), ("Target", TARGET, True)], x=10, y=6)
    return drawing


def _legend(drawing: Drawing, items: Sequence[tuple[str, colors.Color, bool]], *, x: float, y: float) -> None:
    for label, colour, dashed in items:
        line = Line(x, y + 3, x + 18, y + 3, strokeColor=colour, strokeWidth=2)
        if dashed:
            line.strokeDashArray = (4, 3)
        drawing.add(line)
        drawing.add(String(x + 22, y, label, fontName=REGULAR, fontSize=8))
        x += 30 + len(label) * 5


@dataclass(frozen=True)
class HeatRow:
    label: str
    cells: Sequence[tuple[str, float | None]]  # (area name, score)


def heatmap(rows: Sequence[HeatRow], *, width: float = 500, label_width: float = 90, cell_height: float = 30) -> Drawing:
    """Disciplines x areas: one row per discipline, one coloured cell per area with its score."""
    register_fonts()
    columns = max((len(row.cells) for row in rows), default=1)
    cell_width = (width - label_width) / columns
    height = cell_height * len(rows) + 26
    drawing = Drawing(width, height)
    for r, row in enumerate(rows):
        y = height - (r + 1) * cell_height
        drawing.add(String(0, y + cell_height / 2 - 3, _shorten(row.label, 16), fontName=BOLD, fontSize=8))
        for c, (name, value) in enumerate(row.cells):
            x = label_width + c * cell_width
            drawing.add(Rect(x + 1, y + 1, cell_width - 2, cell_height - 2, fillColor=level_colour(value),
                             strokeColor=colors.white))
            text = "–" if value is None else f"{value:.1f}"
            drawing.add(String(x + cell_width / 2, y + cell_height / 2 + 1, text, fontName=BOLD, fontSize=8,
                               textAnchor="middle"))
            for line, part in enumerate(reversed(_two_lines(name, max(6, int(cell_width / 3.6))))):
                drawing.add(String(x + cell_width / 2, y + 4 + 6.2 * line, part, fontName=REGULAR, fontSize=5.5,
                                   textAnchor="middle"))
    _scale_legend(drawing, x=label_width, y=4)
    return drawing


def _two_lines(label: str, limit: int) -> list[str]:
    """The label on up to two lines of `limit` characters: one line cut to a dozen
    characters left areas such as "Continuous integration" and "Continuous delivery"
    indistinguishable."""
    words = label.split() or [""]
    count = 1
    while count < len(words) and len(" ".join(words[: count + 1])) <= limit:
        count += 1
    lines = [" ".join(words[:count]), " ".join(words[count:])]
    return [_shorten(line, limit) for line in lines if line] or [""]


def _scale_legend(drawing: Drawing, *, x: float, y: float) -> None:
    for level, colour in enumerate(SCALE, start=1):
        drawing.add(Rect(x, y, 12, 9, fillColor=colors.HexColor(colour), strokeColor=None))
        drawing.add(String(x + 15, y + 1, f"level {level}", fontName=REGULAR, fontSize=7))
        x += 58
    drawing.add(Rect(x, y, 12, 9, fillColor=NO_DATA, strokeColor=None))
    drawing.add(String(x + 15, y + 1, "no data", fontName=REGULAR, fontSize=7))


def gap_bars(
    labels: Sequence[str],
    current: Sequence[float | None],
    target: Sequence[float],
    *,
    width: float = 500,
    row_height: float = 16,
    label_width: float = 170,
) -> Drawing:
    """One horizontal bar per area on a 0-5 axis, with the target as a tick."""
    register_fonts()
    height = row_height * len(labels) + 24
    drawing = Drawing(width, height)
    scale = (width - label_width - 10) / 5
    for level in range(6):
        x = label_width + level * scale
        drawing.add(Line(x, 14, x, height, strokeColor=GRID, strokeWidth=0.5))
        drawing.add(String(x, 4, str(level), fontName=REGULAR, fontSize=7, textAnchor="middle"))
    for i, (label, value, goal) in enumerate(zip(labels, current, target, strict=True)):
        y = height - (i + 1) * row_height
        drawing.add(String(0, y + 4, _shorten(label, 34), fontName=REGULAR, fontSize=7.5))
        if value is not None:
            drawing.add(Rect(label_width, y + 3, value * scale, row_height - 6, fillColor=level_colour(value),
                             strokeColor=None))
        tx = label_width + goal * scale
        drawing.add(Line(tx, y + 1, tx, y + row_height - 1, strokeColor=TARGET, strokeWidth=2))
    return drawing


def to_svg(drawing: Drawing, *, title: str = "") -> str:
    """The drawing as an inline <svg> element (no XML prolog), with an accessible title."""
    svg = renderSVG.drawToString(drawing)
    svg = svg[svg.find("<svg") :]
    # reportlab names every clip path "clip": on a page with several inline charts the
    # browser would clip them all to the first one's box. Ids from the content are unique
    # enough (identical charts may share theirs) and keep the output deterministic.
    suffix = hashlib.sha1(svg.encode()).hexdigest()[:10]
    svg = svg.replace('id="clip"', f'id="clip-{suffix}"').replace("url(#clip)", f"url(#clip-{suffix})")
    svg = svg.replace('id="group"', f'id="group-{suffix}"')
    # The PDF's embedded font names mean nothing to a browser: map them to CSS families.
    svg = svg.replace("font-family: DejaVuSans-Bold;", "font-family: 'DejaVu Sans', Arial, sans-serif; font-weight: bold;")
    svg = svg.replace("font-family: DejaVuSans;", "font-family: 'DejaVu Sans', Arial, sans-serif;")
    if title:
        from django.utils.html import escape

        head_end = svg.find(">") + 1
        svg = svg[:head_end].replace("<svg", '<svg role="img"', 1) + f"<title>{escape(title)}</title>" + svg[head_end:]
    return svg
