"""8 Disagreement hotspots: questions people answered far apart, to discuss."""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Rect
from reportlab.platypus import Flowable

from reports.charts import level_colour
from reports.presentation import outline

from ..document import heading
from ..styles import RULE
from ..tables import Column, embedded
from .base import Inputs, p, table


def mini_histogram(histogram: tuple[int, ...], *, width: float = 58, height: float = 16) -> Drawing:
    """Five bars, level 1 to 5, scaled to the largest count."""
    drawing = Drawing(width, height)
    peak = max(histogram) or 1
    bar = width / len(histogram)
    drawing.add(Rect(0, 0, width, 0.4, fillColor=RULE, strokeColor=None))
    for i, count in enumerate(histogram):
        if count:
            drawing.add(Rect(i * bar + 1, 0, bar - 2, max(1.0, height * count / peak),
                             fillColor=level_colour(i + 1), strokeColor=None))
    return embedded(drawing)


def hotspots(inputs: Inputs) -> list[Flowable]:
    doc = inputs.doc
    story: list[Flowable] = [
        *heading(outline.HOTSPOTS.heading, key=outline.HOTSPOTS.key),
        p(outline.HOTSPOTS.intro),
    ]
    if not doc.hotspots:
        return [*story, p("No question shows wide disagreement.")]
    columns = [Column("Question", 0.42), Column("Area", 0.2), Column("IQR", 0.07, "right"),
               Column("n", 0.06, "right"), Column("Answers 1–5", 0.12), Column("Counts", 0.13, "centre")]
    rows = [[h.question, h.area, h.iqr, str(h.n), mini_histogram(h.histogram), " · ".join(map(str, h.histogram))]
            for h in doc.hotspots]
    story.append(table(columns, rows, inputs))
    if doc.hotspot_total > len(doc.hotspots):
        story.append(p(f"The {len(doc.hotspots)} widest of {doc.hotspot_total} hotspots are shown; appendix C lists "
                       "every question’s answers.", "note"))
    return story
