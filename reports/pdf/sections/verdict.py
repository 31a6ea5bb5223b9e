"""1 The verdict: one page for a reader who reads nothing else."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from reports.charts import chart_drawing
from reports.presentation import outline

from ..document import heading
from ..styles import styles
from ..tables import callout, embedded
from ..text import Markup, esc
from .base import Inputs, narrative, p


def _briefs(title: str, items: tuple, empty: str) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [Paragraph(esc(title), s.h3)]
    if not items:
        return [*story, p(empty, "small")]
    for i, item in enumerate(items, start=1):
        swatch = f'<font color="{item.score.colour}">■</font> ' if item.score and item.score.value is not None else ""
        story.append(Paragraph(f"{swatch}<b>{esc(item.title)}</b><br/>{esc(item.detail)}", s.fine,
                               bulletText=f"{i}."))
    return story


def verdict(inputs: Inputs) -> list[Flowable]:
    v, s = inputs.doc.verdict, styles()
    chart = chart_drawing(v.position, width=inputs.width, font_size=8)
    return [
        *heading(outline.VERDICT.heading, key=outline.VERDICT.key),
        callout([p(Markup(f"<b>{esc(v.headline)}</b>"), "lead"),
                 p(f"95% interval of the overall score: {v.interval}. {v.trend}", "small")], inputs.width),
        Spacer(1, 6),
        *([Paragraph("The consultant’s view", s.h3), *narrative(inputs.doc.commentary)] if inputs.doc.commentary
          else []),
        KeepTogether([Paragraph("Position against the target", s.h3), embedded(chart, "LEFT")]),
        *_briefs("Top three gaps, with the first action", v.top_gaps, "Every scored area meets its target."),
        *_briefs("Top three risks", v.top_risks, "No catalogue risk is triggered."),
        Paragraph("Largest perception gap", s.h3),
        p(v.perception, "fine"),
        Paragraph("Confidence", s.h3),
        p(v.confidence, "fine"),
    ]
