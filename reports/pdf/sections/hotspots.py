"""7 Disagreement hotspots: questions people answered far apart, to discuss."""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Rect
from reportlab.platypus import Flowable

from reports.charts import level_colour
from reports.scoring import Hotspot

from ..document import heading
from ..styles import RULE
from ..tables import Column, data_table, embedded
from ..text import score
from .base import Inputs, p

SHOWN = 20


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


def _row(h: Hotspot) -> list:
    return [h.question_text, f"{h.area_name} ({h.discipline_name})", score(h.iqr), str(h.n),
            mini_histogram(h.histogram), " · ".join(str(c) for c in h.histogram)]


def hotspots(inputs: Inputs) -> list[Flowable]:
    result = inputs.ctx.result
    story: list[Flowable] = [
        *heading("7 Disagreement hotspots", key="hotspots"),
        p(f"Questions where the middle half of the answers spans {result.parameters.hotspot_min_iqr:g} levels or "
          "more (interquartile range). Colleagues see these practices very differently — often because teams "
          "work differently — so they are worth a workshop before acting on the average."),
    ]
    if not result.hotspots:
        return [*story, p("No question shows wide disagreement.")]
    columns = [Column("Question", 0.4), Column("Area", 0.2), Column("IQR", 0.07, "right"),
               Column("n", 0.06, "right"), Column("Answers 1–5", 0.13), Column("Counts", 0.14, "centre")]
    story.append(data_table(columns, [_row(h) for h in result.hotspots[:SHOWN]], inputs.width))
    if len(result.hotspots) > SHOWN:
        story.append(p(f"The {SHOWN} widest of {len(result.hotspots)} hotspots are shown; appendix B lists "
                       "every question’s answers.", "note"))
    return story
