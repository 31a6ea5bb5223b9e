"""4 The prioritised gap register and the roadmap: for each gap, the first actions that
move its weakest practices to the next level, with effort, owner and horizon."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Paragraph

from reports.presentation import outline
from reports.presentation.document import Action, GapRow, Phase, Recommendation

from ..document import heading
from ..styles import styles
from ..tables import Column
from ..text import Markup, esc
from .base import Inputs, narrative, p, score_cell, table


def _risk_refs(row: GapRow) -> Markup:
    """Risk IDs, triggered ones in bold."""
    return Markup(", ".join(f"<b>{ref}</b>" if triggered else ref for ref, triggered in row.risk_refs) or "–")


def _register(inputs: Inputs) -> list[Flowable]:
    gaps = inputs.doc.gaps
    if not gaps:
        return [p("Every scored area meets its target: there is no gap to prioritise.")]
    columns = [Column("#", 0.05, "right"), Column("Area", 0.25), Column("Discipline", 0.14),
               Column("Current", 0.11, "right"), Column("Target", 0.08, "right"), Column("Gap", 0.07, "right"),
               Column("Priority", 0.1, "right"), Column("Risks", 0.2)]
    rows = [[str(g.rank), g.area.name, g.area.discipline_name, score_cell(g.area.score), str(g.area.target),
             g.area.gap_text, g.priority_text, _risk_refs(g)] for g in gaps]
    return [table(columns, rows, inputs)]


def _action(action: Action) -> Paragraph:
    risks = f" · reduces {', '.join(action.risk_refs)}" if action.risk_refs else ""
    meta = f"{action.ref} · {action.owner} · effort {action.effort}{risks}" if action.owner else action.ref + risks
    return Paragraph(f"{esc(action.text)} <font color='#5f6b76'>({esc(meta)})</font>", styles().step,
                     bulletText="•")


def _recommendation(rec: Recommendation) -> list[Flowable]:
    title = Markup(f"<b>{esc(rec.area.name)}</b> <font color='#5f6b76'>· {esc(rec.area.discipline_name)} · "
                   f"{rec.area.score.text} → {rec.area.target} · priority {rec.priority_text}</font>")
    reasons = ", ".join(rec.reasons)
    head = [Paragraph(title, styles().rec_title), p(f"Why this phase: {reasons}.", "small"), *narrative(rec.note)]
    more = len(rec.all_actions) - len(rec.actions)
    tail = [p(f"{more} more action{'s' if more != 1 else ''} for this area in appendix B.", "small")] if more else []
    if not rec.actions:
        tail = [p("Every practice in this area has reached its target level; the gap comes from the area "
                  "average. Review the lowest-scoring practice in appendix C.", "small")]
    return [KeepTogether([*head, *(_action(a) for a in rec.actions), *tail])]


def _phase(phase: Phase) -> list[Flowable]:
    story: list[Flowable] = [
        *heading(f"{phase.label}: {phase.horizon} ({len(phase.recommendations)} "
                 f"area{'s' if len(phase.recommendations) != 1 else ''})", key=f"roadmap-{phase.key}", level=2,
                 toc=False),
        p(phase.intro, "note"),
    ]
    if not phase.recommendations:
        return [*story, p("Nothing in this phase.")]
    for rec in phase.recommendations:
        story += _recommendation(rec)
    return story


def gaps_and_roadmap(inputs: Inputs) -> list[Flowable]:
    doc = inputs.doc
    story: list[Flowable] = [
        *heading(outline.GAPS.heading, key=outline.GAPS.key),
        *heading(outline.GAP_REGISTER.heading, key=outline.GAP_REGISTER.key, level=1),
        p(outline.GAP_REGISTER.intro),
        *_register(inputs),
    ]
    if doc.gap_notes:
        story.append(p(doc.gap_notes, "note"))
    story += [
        *heading(outline.ROADMAP.heading, key=outline.ROADMAP.key, level=1),
        p(outline.ROADMAP.intro),
    ]
    if doc.dropped_note:
        story.append(p(doc.dropped_note, "note"))
    for phase in doc.phases:
        story += _phase(phase)
    return story
