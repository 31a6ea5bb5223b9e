"""3 Heatmap: every discipline's areas on one page, coloured by level, with the
areas furthest from target drawn as bars underneath."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from reports.charts import HeatRow, gap_bars, heatmap

from ..document import heading
from ..styles import styles
from ..tables import embedded
from .base import Inputs, p

LABEL_WIDTH = 90
CELL_HEIGHT = 38  # taller than the page's 30, so the two-line area names breathe
FURTHEST = 12


def _furthest(inputs: Inputs) -> list[Flowable]:
    gaps = sorted((g for g in inputs.ctx.result.gaps if g.status == "gap"), key=lambda g: -(g.gap or 0.0))
    gaps = gaps[:FURTHEST]
    if not gaps:
        return []
    labels = [g.area_name for g in gaps]
    chart = gap_bars(labels, [g.current for g in gaps], [float(g.target) for g in gaps], width=inputs.width)
    return [KeepTogether([
        Paragraph("Areas furthest from target", styles().h3),
        p("Bar = current score, orange tick = target; ordered by the size of the gap (priority, which also weighs "
          "area weight and risk, orders section 4).", "small"),
        embedded(chart, "LEFT"),
    ])]


def heatmap_section(inputs: Inputs) -> list[Flowable]:
    disciplines = inputs.ctx.result.disciplines
    rows = [HeatRow(d.name, [(a.name, a.stats.mean) for a in d.areas]) for d in disciplines]
    drawing = heatmap(rows, width=inputs.width, label_width=LABEL_WIDTH, cell_height=CELL_HEIGHT)
    return [
        *heading("3 Maturity heatmap", key="heatmap"),
        p("One row per discipline and one cell per area, coloured by level from red (1\u00a0Initial) to green "
          "(5\u00a0Optimising); the number is the area’s current score and a dash means no level answers. Read across "
          "a row for a discipline’s profile and down the colours for the weak spots across the organisation."),
        Spacer(1, 6),
        embedded(drawing, "LEFT"),
        Spacer(1, 10),
        *_furthest(inputs),
    ]
