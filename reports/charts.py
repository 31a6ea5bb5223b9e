"""Charts drawn once with reportlab graphics: the PDF embeds the Drawing, the
results page shows the same Drawing rendered to SVG, so page and report agree.

Charts draw the presentation model's printed values and its colours (one colour per
level reached, presentation/rules.py); they decide nothing themselves.
"""

import hashlib
import math
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from reportlab.graphics import renderSVG
from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from opsassess.raster import drawing_png

from .fonts import BOLD, REGULAR, register_fonts
from .presentation import ReportDocument, rules
from .presentation.document import Chart
from .presentation.rules import LEVEL_COLOURS, LEVEL_INK, NO_DATA_COLOUR, level_reached, score_text
from .presentation.rules import level_colour as level_hex

CURRENT = colors.HexColor(rules.PRIMARY)
TARGET = colors.HexColor(rules.ACCENT)
GRID = colors.HexColor(rules.RULE)
NO_DATA = colors.HexColor(NO_DATA_COLOUR)
SCALE = [LEVEL_COLOURS[level] for level in range(1, 6)]
WEB_FONT = 11  # chart labels on the page: at least 11 px at 1280 px wide
PDF_FONT = 7.5


def level_colour(value: float | None) -> colors.Color:
    """The colour of the level a printed score has reached."""
    return colors.HexColor(level_hex(value))


def _shorten(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


LABEL_AT = 1.12  # labels sit at 5.6 on the 0-5 scale


def _fit_radius(wrapped: Sequence[list[str]], cx: float, cy: float, width: float, height: float,
                font_size: float) -> float:
    """The largest radius at which every (wrapped) label stays inside the drawing."""
    radius = min(cx, cy, height - cy) - 4
    step = font_size * 1.2
    for i, lines in enumerate(wrapped):
        angle = math.pi / 2 - 2 * math.pi * i / len(wrapped)
        cos, sin = math.cos(angle), math.sin(angle)
        text = max(stringWidth(line, REGULAR, font_size) for line in lines)
        half_height = step * len(lines) / 2 + 2
        if abs(cos) > 0.05:  # left or right of the centre the text runs outwards; due north or south it is centred
            radius = min(radius, (cx - text - 4) / (LABEL_AT * abs(cos)))
        if abs(sin) > 0.05:
            room = (height - cy if sin > 0 else cy - 16) - half_height - 2
            radius = min(radius, room / (LABEL_AT * abs(sin)))
    return max(30.0, radius)


def radar_chart(
    labels: Sequence[str],
    current: Sequence[float | None],
    target: Sequence[float],
    *,
    width: float = 420,
    height: float = 300,
    label_limit: int = 18,
    font_size: float = PDF_FONT,
) -> Drawing:
    """Current vs target on a fixed 0-5 radar with a ring per level; no data is drawn at 0."""
    register_fonts()
    drawing = Drawing(width, height)
    cx, cy = width / 2, (height + 16) / 2
    count = len(labels)
    wrapped = [_two_lines(label, label_limit) for label in labels]
    radius = _fit_radius(wrapped, cx, cy, width, height, font_size)

    def point(i: int, value: float) -> tuple[float, float]:
        angle = math.pi / 2 - 2 * math.pi * i / count  # first spoke due north, clockwise
        return cx + radius * value / 5 * math.cos(angle), cy + radius * value / 5 * math.sin(angle)

    for level in range(1, 6):
        ring = [c for i in range(count) for c in point(i, level)]
        drawing.add(Polygon(ring, strokeColor=GRID, strokeWidth=0.6, fillColor=None))
    for i in range(count):
        x, y = point(i, 5)
        drawing.add(Line(cx, cy, x, y, strokeColor=GRID, strokeWidth=0.6))
        lx, ly = point(i, 5.6)
        anchor = "middle" if abs(lx - cx) < 8 else ("start" if lx > cx else "end")
        lines = wrapped[i]
        step = font_size * 1.2
        for n, line in enumerate(lines):  # centred on the spoke's end, first line on top
            drawing.add(String(lx, ly - font_size / 2.5 + step / 2 * (len(lines) - 1) - step * n, line,
                               fontName=REGULAR, fontSize=font_size, textAnchor=anchor))
    for level in (1, 3, 5):
        drawing.add(String(cx + 2, cy + radius * level / 5 + 1, str(level), fontName=REGULAR, fontSize=font_size,
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
    _legend(drawing, [("Current", CURRENT, False), ("Target", TARGET, True)], x=10, y=6, font_size=font_size)
    return drawing


def _legend(drawing: Drawing, items: Sequence[tuple[str, colors.Color, bool]], *, x: float, y: float,
            font_size: float = 8) -> None:
    for label, colour, dashed in items:
        line = Line(x, y + 3, x + 18, y + 3, strokeColor=colour, strokeWidth=2)
        if dashed:
            line.strokeDashArray = (4, 3)
        drawing.add(line)
        drawing.add(String(x + 22, y, label, fontName=REGULAR, fontSize=font_size))
        x += 30 + len(label) * font_size * 0.62


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


def gap_bars(
    labels: Sequence[str],
    current: Sequence[float | None],
    target: Sequence[float],
    *,
    width: float = 500,
    row_height: float = 16,
    label_width: float = 170,
    font_size: float = PDF_FONT,
) -> Drawing:
    """One horizontal bar per row on a 0-5 axis, the printed score at its end and the
    target as a tick; a legend underneath."""
    register_fonts()
    row_height = max(row_height, font_size * 2)
    height = row_height * len(labels) + 2 * font_size + 22
    drawing = Drawing(width, height)
    scale = (width - label_width - 30) / 5
    axis = font_size + 16
    for level in range(6):
        x = label_width + level * scale
        drawing.add(Line(x, axis, x, height, strokeColor=GRID, strokeWidth=0.5))
        drawing.add(String(x, axis - font_size - 2, str(level), fontName=REGULAR, fontSize=font_size,
                           textAnchor="middle"))
    limit = int(label_width / (font_size * 0.55))
    for i, (label, value, goal) in enumerate(zip(labels, current, target, strict=True)):
        y = height - (i + 1) * row_height
        drawing.add(String(0, y + row_height / 2 - font_size / 3, _shorten(label, limit), fontName=REGULAR,
                           fontSize=font_size))
        if value is not None:
            drawing.add(Rect(label_width, y + 3, value * scale, row_height - 6, fillColor=level_colour(value),
                             strokeColor=None))
            # The score inside the bar's end, clear of the target tick, in the ink that reads on its colour.
            ink = colors.HexColor(LEVEL_INK[level_reached(value) or 1])
            inside = value * scale > stringWidth(score_text(value), BOLD, font_size) + 6
            drawing.add(String(label_width + value * scale + (-3 if inside else 4),
                               y + row_height / 2 - font_size / 3, score_text(value), fontName=BOLD,
                               fontSize=font_size, textAnchor="end" if inside else "start",
                               fillColor=ink if inside else colors.black))
        tx = label_width + goal * scale
        drawing.add(Line(tx, y + 1, tx, y + row_height - 1, strokeColor=TARGET, strokeWidth=2.5))
    _legend(drawing, [("Current (bar)", CURRENT, False), ("Target (tick)", TARGET, False)], x=label_width, y=2,
            font_size=font_size)
    return drawing


def chart_drawing(chart: Chart, *, width: float, height: float = 240, font_size: float = PDF_FONT) -> Drawing:
    """The drawing the presentation model chose: a radar from three areas up, else bars."""
    if chart.kind == "radar":
        # Labels wrap on two lines of about a sixth of the width each, in the font size's characters.
        limit = max(12, min(26, int(width / 6 / (font_size * 0.55))))
        return radar_chart(chart.labels, chart.current, chart.targets, width=width, height=height,
                           label_limit=limit, font_size=font_size)
    return gap_bars(chart.labels, chart.current, chart.targets, width=width, font_size=font_size,
                    label_width=min(190, width * 0.36))


def document_charts(document: ReportDocument) -> dict[str, object]:
    """The page's SVGs: a radar (or bars) per discipline and the verdict's position chart."""
    charts: dict[str, SafeString] = {}
    for view in document.disciplines:
        drawing = chart_drawing(view.chart, width=620, height=400, font_size=WEB_FONT)
        charts[view.key] = mark_safe(to_svg(drawing, title=view.chart.title))  # noqa: S308 - labels escaped
    position = chart_drawing(document.verdict.position, width=380, font_size=WEB_FONT)
    return {"disciplines": charts, "position": mark_safe(to_svg(position, title=document.verdict.position.title))}


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
    svg = svg.replace("font-family: DejaVuSans-Bold;",
                      "font-family: 'DejaVu Sans', Arial, sans-serif; font-weight: bold;")
    svg = svg.replace("font-family: DejaVuSans;", "font-family: 'DejaVu Sans', Arial, sans-serif;")
    if title:
        head_end = svg.find(">") + 1
        svg = svg[:head_end].replace("<svg", '<svg role="img"', 1) + f"<title>{escape(title)}</title>" + svg[head_end:]
    return svg


def to_png(drawing: Drawing, *, dpi: int = 200) -> bytes:
    """The drawing as a PNG at `dpi`, for the Word and PowerPoint deliverables."""
    return drawing_png(drawing, dpi=dpi)
