"""5 The risk register: likelihood, impact, rating, owner and the actions that reduce each risk."""

from __future__ import annotations

from reportlab.platypus import Flowable

from reports.presentation import outline
from reports.presentation.document import RiskRow
from reports.presentation.rules import RATING_COLOURS

from ..document import heading
from ..styles import BAD, hex_of
from ..tables import Column
from ..text import Markup, esc
from .base import Inputs, p, table


def _rating(risk: RiskRow) -> Markup:
    return Markup(f'<font color="{RATING_COLOURS.get(risk.rating, "#5f6b76")}"><b>{esc(risk.rating)}</b></font>')


def _risk(risk: RiskRow) -> Markup:
    areas = ", ".join(f"<b>{esc(name)}</b>" if below else esc(name) for name, below in risk.areas)
    status = (f'<font color="{hex_of(BAD)}"><b>Triggered</b></font>' if risk.triggered else "Not triggered")
    return Markup(f"{esc(risk.text)}<br/><font size='7' color='#5f6b76'>{status} · areas {risk.score.text}: "
                  f"{areas or '–'}</font>")


def _actions(risk: RiskRow) -> str:
    refs = risk.action_refs
    return ", ".join(refs[:6]) + (" …" if len(refs) > 6 else "") if refs else "–"


def risk_register(inputs: Inputs) -> list[Flowable]:
    risks = inputs.doc.risks
    story: list[Flowable] = [*heading(outline.RISKS.heading, key=outline.RISKS.key), p(inputs.doc.risk_intro)]
    if not risks:
        return [*story, p("The catalogue defines no risks for these disciplines.")]
    triggered = [r for r in risks if r.triggered]
    if triggered:
        columns = [Column("ID", 0.05), Column("Triggered risk and the areas that guard against it", 0.38),
                   Column("Impact", 0.09), Column("Likelihood", 0.12), Column("Rating", 0.1),
                   Column("Owner", 0.12), Column("Actions", 0.14)]
        rows = [[r.ref, _risk(r), r.impact, r.likelihood, _rating(r), r.owner, _actions(r)] for r in triggered]
        story += [table(columns, rows, inputs),
                  p("Areas in bold score below the trigger threshold. Actions are the roadmap’s IDs (appendix B).",
                    "note")]
    others = [r for r in risks if not r.triggered]
    if others:
        columns = [Column("ID", 0.05), Column("Not triggered", 0.54), Column("Impact", 0.09),
                   Column("Likelihood", 0.12), Column("Score", 0.07, "right"), Column("Owner", 0.13)]
        rows = [[r.ref, r.text, r.impact, r.likelihood, r.score.text, r.owner] for r in others]
        story.append(table(columns, rows, inputs))
    return story
