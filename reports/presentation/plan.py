"""Gaps, risks and the roadmap of actions, decided on printed values."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace

from reports.scoring import QuestionScore

from . import narrative, rules
from .document import Action, AreaRow, GapRow, Phase, Recommendation, RiskRow, Score
from .inputs import QuestionGuidance, ReportInputs
from .rules import URGENT_GAP

BODY_ACTIONS = 3  # actions per area in the body; every action is in the appendix and the CSV
PHASES = (
    ("now", "Now", "First 90 days",
     "Start in the first 90 days: the highest priorities, gaps of two levels or more, and areas behind "
     "triggered high-impact risks."),
    ("next", "Next", "90–180 days", "Plan for days 90 to 180, once the first wave is under way."),
    ("later", "Later", "After 180 days", "Schedule within the year: smaller or lower-weighted gaps."),
)
HORIZONS = {key: horizon for key, _, horizon, _ in PHASES}
LEVELS3 = ("low", "medium", "high")
RATINGS = ((9, "Critical"), (6, "High"), (3, "Medium"), (0, "Low"))
RATING_ORDER = {"Critical": 0, "High": 1, "Medium": 2, "Low": 3}


def _likelihood(score: float | None, target_gap: float | None) -> str:
    """How likely the risk is to materialise, from the printed score of the areas that
    guard against it and their distance to target."""
    if score is None:
        return "unknown"
    if score < 2.0 or (target_gap or 0) >= 1.5:
        return "high"
    if score < 3.0 or (target_gap or 0) >= 0.5:
        return "medium"
    return "low"


def _rating(likelihood: str, impact: str) -> str:
    if likelihood not in LEVELS3 or impact not in LEVELS3:
        return "Low"
    product = (LEVELS3.index(likelihood) + 1) * (LEVELS3.index(impact) + 1)
    return next(name for floor, name in RATINGS if product >= floor)


def risk_rows(inputs: ReportInputs, areas: Mapping[str, AreaRow]) -> list[RiskRow]:
    """Every catalogue risk; refs R1… in register order (triggered first, by rating)."""
    result, threshold = inputs.result, inputs.result.parameters.risk_threshold
    rows = []
    for risk in result.risks:
        linked = [areas[k] for k in risk.area_keys if k in areas]
        scored = [a for a in linked if a.score.value is not None]
        score = Score.of(sum(a.score.value or 0.0 for a in scored) / len(scored)) if scored else Score(None)
        target_gap = (rules.printed(sum(a.target for a in scored) / len(scored) - (score.value or 0.0))
                      if scored else None)
        triggered = score.value is not None and score.value < threshold
        likelihood = _likelihood(score.value, target_gap)
        rows.append(RiskRow(
            ref="", key=risk.key, text=risk.text,
            discipline_name=linked[0].discipline_name if linked else "",
            impact=risk.severity, likelihood=likelihood, rating=_rating(likelihood, risk.severity),
            owner=inputs.risk_owners.get(risk.key) or "team lead", score=score, triggered=triggered,
            areas=tuple((a.name, a.score.value is not None and a.score.value < threshold) for a in linked),
            action_refs=(),
        ))
    rows.sort(key=lambda r: (not r.triggered, RATING_ORDER[r.rating], -LEVELS3.index(r.impact)
                             if r.impact in LEVELS3 else 0, r.key))
    return [_with(r, ref=f"R{i}") for i, r in enumerate(rows, start=1)]


def _with(row: RiskRow, **changes: object) -> RiskRow:
    return replace(row, **changes)  # type: ignore[arg-type]


def gap_rows(inputs: ReportInputs, areas: Mapping[str, AreaRow], risks: Sequence[RiskRow]) -> list[GapRow]:
    """Areas whose printed gap is above zero, by priority = printed gap × weight × risk factor."""
    factors = {g.area_key: g.risk_factor for g in inputs.result.gaps}
    refs = {r.key: (r.ref, r.triggered) for r in risks}
    linked = {g.area_key: g.risk_keys for g in inputs.result.gaps}
    gapped = [a for a in areas.values() if a.is_gap]
    scored = [(rules.printed((a.gap or 0) * a.weight * factors.get(a.key, 1.0), 2) or 0.0, a) for a in gapped]
    scored.sort(key=lambda pair: (-pair[0], -(pair[1].gap or 0), pair[1].key))
    urgent = {r.key for r in risks if r.triggered and r.impact == "high"}
    rows = []
    for rank, (priority, area) in enumerate(scored):
        risk_keys = linked.get(area.key, ())
        phase = _phase(rank, len(scored), area, any(k in urgent for k in risk_keys))
        rows.append(GapRow(rank=rank + 1, area=area, priority=priority, priority_text=f"{priority:.2f}",
                           risk_refs=tuple(refs[k] for k in risk_keys if k in refs), phase=phase))
    return rows


def _phase(rank: int, count: int, area: AreaRow, urgent_risk: bool) -> str:
    if rank < math.ceil(count / 3) or (area.gap or 0) >= URGENT_GAP or urgent_risk:
        return "now"
    return "next" if rank < math.ceil(2 * count / 3) else "later"


def _reasons(row: GapRow, count: int, urgent_refs: Sequence[str]) -> tuple[str, ...]:
    if row.phase != "now":
        return ("middle third by priority",) if row.phase == "next" else ("bottom third by priority",)
    reasons = []
    if row.rank - 1 < math.ceil(count / 3):
        reasons.append("top third by priority")
    if (row.area.gap or 0) >= URGENT_GAP:
        reasons.append(f"{URGENT_GAP:g} or more levels below target")
    reasons += [f"high-impact risk {ref} triggered" for ref in urgent_refs]
    return tuple(reasons)


def _question_actions(
    question: QuestionScore, area: AreaRow, guidance: QuestionGuidance | None
) -> tuple[list[tuple[str, str, str]], bool]:
    """(text, effort, owner) for the step from the question's printed level to the next."""
    score = Score.of(question.stats.mean)
    if score.value is not None and score.value >= area.target:
        return [], True
    level = score.level or area.score.level or 1
    if level >= 5:
        return [], True
    if guidance and guidance.improve.get(level):
        return [(a.text, a.effort, a.owner) for a in guidance.improve[level]], True
    anchors = guidance.levels if guidance else ()
    if len(anchors) > level:
        return [(f"Reach level {level + 1}: {anchors[level]}", "", "")], False
    return [], False


def phases(
    inputs: ReportInputs, gaps: Sequence[GapRow], risks: Sequence[RiskRow]
) -> tuple[tuple[Phase, ...], dict[str, tuple[str, ...]]]:
    """The roadmap, and for each risk key the refs of the actions that reduce it."""
    questions = {a.key: a.questions for d in inputs.result.disciplines for a in d.areas}
    urgent = {r.key: r.ref for r in risks if r.triggered and r.impact == "high"}
    risk_refs = {r.key: r.ref for r in risks}
    linked = {g.area_key: g.risk_keys for g in inputs.result.gaps}
    counter = 0
    by_phase: dict[str, list[Recommendation]] = {key: [] for key, *_ in PHASES}
    reducing: dict[str, list[str]] = {}
    decisions = inputs.review.decisions if inputs.review else {}
    for row in gaps:
        decision = decisions.get(row.area.key)
        if decision is not None and decision.decision == "drop":
            continue  # the consultant dropped it: no recommendation, no action numbers
        ordered = sorted(questions.get(row.area.key, ()), key=lambda q: (q.stats.mean is None, q.stats.mean or 0))
        actions, from_guidance = [], True
        for question in ordered:
            guidance = inputs.guidance.get(question.id)
            steps, guided = _question_actions(question, row.area, guidance)
            from_guidance &= guided
            mitigated = tuple(k for k in (guidance.mitigates if guidance else ()) if k in risk_refs)
            for text, effort, owner in steps:
                counter += 1
                ref = f"A{counter}"
                for key in mitigated or linked.get(row.area.key, ()):
                    reducing.setdefault(key, []).append(ref)
                actions.append(Action(ref=ref, text=text, effort=effort, owner=owner, horizon=HORIZONS[row.phase],
                                      area_key=row.area.key, area_name=row.area.name, question=question.text,
                                      risk_refs=tuple(risk_refs[k] for k in mitigated)))
        shown, seen = [], set()
        for action in actions:  # the first action of each question, lowest-scoring questions first
            if action.question not in seen and len(shown) < BODY_ACTIONS:
                shown.append(action)
                seen.add(action.question)
        urgent_refs = [urgent[k] for k in linked.get(row.area.key, ()) if k in urgent]
        by_phase[row.phase].append(Recommendation(
            area=row.area, priority_text=row.priority_text, phase=row.phase,
            reasons=_reasons(row, len(gaps), urgent_refs), actions=tuple(shown), all_actions=tuple(actions),
            from_guidance=from_guidance, note=narrative.parse(decision.note) if decision else (),
            edited=decision is not None and decision.decision == "edit"))
    built = tuple(Phase(key=key, label=label, horizon=horizon, intro=intro, recommendations=tuple(by_phase[key]))
                  for key, label, horizon, intro in PHASES)
    return built, {key: tuple(refs) for key, refs in reducing.items()}


def with_actions(risks: Sequence[RiskRow], reducing: Mapping[str, tuple[str, ...]]) -> tuple[RiskRow, ...]:
    return tuple(_with(r, action_refs=reducing.get(r.key, ())) for r in risks)

