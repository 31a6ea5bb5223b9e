"""5 The risk register: every catalogue risk, triggered ones first."""

from __future__ import annotations

from reportlab.platypus import Flowable

from reports.scoring import SEVERITY_WEIGHTS, RiskResult

from ..document import heading
from ..styles import BAD, hex_of
from ..tables import Column, data_table
from ..text import Markup, esc, score
from .base import Inputs, p
from .summary import severity_markup


def _triggered(risk: RiskResult) -> Markup:
    if risk.triggered:
        return Markup(f'<font color="{hex_of(BAD)}"><b>Yes</b></font>')
    return Markup("No" if risk.mean_score is not None else "No (no data)")


def _areas(inputs: Inputs, risk: RiskResult) -> Markup:
    names = []
    for key in risk.area_keys:
        name = esc(inputs.area_name(key))
        names.append(f"<b>{name}</b>" if key in risk.triggering_area_keys else name)
    return Markup(", ".join(names) or "–")


def _order(risk: RiskResult) -> tuple[bool, float, str]:
    return (not risk.triggered, -SEVERITY_WEIGHTS.get(risk.severity, 0.0), risk.key)


def risk_register(inputs: Inputs) -> list[Flowable]:
    result = inputs.ctx.result
    story: list[Flowable] = [
        *heading("5 Risk register", key="risks"),
        p(f"A risk is triggered when the areas that guard against it average below "
          f"{result.parameters.risk_threshold:g}; the areas in bold are the ones below that line. "
          f"{len(result.triggered_risks)} of {len(result.risks)} risks are triggered."),
    ]
    if not result.risks:
        return [*story, p("The catalogue defines no risks for these disciplines.")]
    columns = [Column("ID", 0.06), Column("Severity", 0.1), Column("Risk", 0.42), Column("Linked areas", 0.22),
               Column("Mean", 0.08, "right"), Column("Triggered", 0.12)]
    rows = [[inputs.risk_ids[r.key], severity_markup(r.severity), r.text, _areas(inputs, r), score(r.mean_score),
             _triggered(r)] for r in sorted(result.risks, key=_order)]
    return [*story, data_table(columns, rows, inputs.width)]
