"""Appendix B: every improvement action of the roadmap, as a tracker would hold it."""

from __future__ import annotations

from reportlab.platypus import Flowable

from reports.presentation import outline

from ..document import heading
from ..tables import Column
from .base import Inputs, p, table


def actions_appendix(inputs: Inputs) -> list[Flowable]:
    actions = inputs.doc.actions
    story: list[Flowable] = [
        *heading(outline.ACTIONS.heading, key=outline.ACTIONS.key),
        p(outline.ACTIONS.intro),
    ]
    if not actions:
        return [*story, p("There is no gap, so no action.")]
    columns = [Column("ID", 0.06), Column("Action", 0.5), Column("Area", 0.18), Column("Owner", 0.11),
               Column("Effort", 0.06, "centre"), Column("Horizon", 0.09)]
    rows = [[a.ref, a.text, a.area_name, a.owner, a.effort, a.horizon] for a in actions]
    return [*story, table(columns, rows, inputs)]
