"""4 The prioritised gap register and the now / next / later roadmap with the
practices of the next levels."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Paragraph

from reports.scoring import QuestionStep, Recommendation, RoadmapPhase

from ..document import heading
from ..styles import styles
from ..tables import Column, data_table, score_cell
from ..text import Markup, esc, plural, score
from .base import Inputs, p

PHASE_INTRO = {
    "now": "Start in the next quarter: the highest priorities, large gaps and areas behind triggered high risks.",
    "next": "Plan for the following two quarters, once the first wave is under way.",
    "later": "Schedule within the year; smaller or lower-weighted gaps.",
}


def _register(inputs: Inputs) -> list[Flowable]:
    gaps = [g for g in inputs.ctx.result.gaps if g.status == "gap"]
    if not gaps:
        return [p("Every scored area meets its target: there is no gap to prioritise.")]
    columns = [Column("#", 0.05, "right"), Column("Area", 0.25), Column("Discipline", 0.14),
               Column("Current", 0.11, "right"), Column("Target", 0.08, "right"), Column("Gap", 0.07, "right"),
               Column("Priority", 0.1, "right"), Column("Linked risks", 0.2)]
    rows = [[str(i), g.area_name, g.discipline_name, score_cell(g.current), str(g.target), score(g.gap),
             f"{g.priority or 0:.2f}", _risk_ids(inputs, g.risk_keys)] for i, g in enumerate(gaps, start=1)]
    return [data_table(columns, rows, inputs.width)]


def _risk_ids(inputs: Inputs, keys: tuple[str, ...]) -> Markup:
    """Risk IDs, triggered ones in bold."""
    triggered = {r.key for r in inputs.ctx.result.triggered_risks}
    ids = [f"<b>{inputs.risk_ids[k]}</b>" if k in triggered else inputs.risk_ids[k]
           for k in keys if k in inputs.risk_ids]
    return Markup(", ".join(ids) or "–")


def _reason(inputs: Inputs, reason: str) -> str:
    """The engine names a triggering risk by its catalogue key; readers know it by its register ID."""
    head, _, key = reason.rpartition(": ")
    return f"{head} ({inputs.risk_ids[key]})" if head and key in inputs.risk_ids else reason


def _register_notes(inputs: Inputs) -> list[Flowable]:
    gaps = inputs.ctx.result.gaps
    met = [g.area_name for g in gaps if g.status == "met"]
    no_data = [g.area_name for g in gaps if g.status == "no_data"]
    notes = []
    if met:
        notes.append(f"{plural(len(met), 'area')} already {'meets its' if len(met) == 1 else 'meet their'} target.")
    if no_data:
        notes.append(f"No level answers, so no gap could be measured: {', '.join(no_data)}.")
    return [p(" ".join(notes), "note")] if notes else []


def _step(step: QuestionStep) -> list[Flowable]:
    """A question and the practices of its next levels (kept on one page by the caller)."""
    s = styles()
    now = "not answered" if step.current is None else f"now {score(step.current)}"
    question = Paragraph(f"{esc(step.question_text)} <font color='#5f6b76'>({now})</font>", s.step, bulletText="•")
    return [question, *(Paragraph(f"<b>Level {lt.level}</b> — {esc(lt.text)}", s.practice) for lt in step.next_levels)]


def _recommendation(inputs: Inputs, rec: Recommendation) -> list[Flowable]:
    title = Markup(f"<b>{esc(rec.area_name)}</b> <font color='#5f6b76'>· {esc(rec.discipline_name)} · "
                   f"{score(rec.current)} → {rec.target} · priority {rec.priority:.2f}</font>")
    reasons = ", ".join(_reason(inputs, r) for r in rec.phase_reasons)
    why = p(f"Why now: {reasons}." if rec.phase == "now" else f"Placement: {reasons}.", "small")
    head = [Paragraph(title, styles().rec_title), why]
    steps = [_step(step) for step in rec.steps] or [[]]
    # KeepTogethers must not nest (reportlab then breaks the page before each one).
    return [KeepTogether([*head, *steps[0]]), *(KeepTogether(step) for step in steps[1:])]


def _phase(inputs: Inputs, phase: RoadmapPhase) -> list[Flowable]:
    story: list[Flowable] = [
        *heading(f"{phase.label} ({plural(len(phase.recommendations), 'area')})", key=f"roadmap-{phase.key}",
                level=2, toc=False),
        p(PHASE_INTRO.get(phase.key, ""), "note"),
    ]
    if not phase.recommendations:
        return [*story, p("Nothing in this phase.")]
    for rec in phase.recommendations:
        story += _recommendation(inputs, rec)
    return story


def gaps_and_roadmap(inputs: Inputs) -> list[Flowable]:
    story: list[Flowable] = [
        *heading("4 Gap register and roadmap", key="gaps"),
        *heading("4.1 Prioritised gap register", key="gap-register", level=1),
        p("Every area below its target, ranked by priority = gap × area weight × risk factor, where the risk "
          "factor grows with the severity of the risks the area guards against. Risk IDs refer to the register in "
          "section 5; bold ones are triggered."),
        *_register(inputs),
        *_register_notes(inputs),
        *heading("4.2 Roadmap", key="roadmap", level=1),
        p("Each gap becomes a recommendation in one of three phases. Under each are the practices that describe "
          "the next levels of the survey’s questions, up to the target: they are the concrete steps."),
    ]
    for phase in inputs.ctx.result.roadmap:
        story += _phase(inputs, phase)
    return story
