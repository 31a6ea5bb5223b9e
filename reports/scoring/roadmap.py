"""Recommendations (next anchored levels per question) and the now/next/later roadmap."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from .results import (
    AreaGap,
    AreaScore,
    LevelText,
    QuestionStep,
    Recommendation,
    RiskResult,
    RoadmapPhase,
)
from .stats import EPSILON
from .types import AreaSpec, QuestionSpec

PHASE_LABELS = (("now", "Now"), ("next", "Next"), ("later", "Later"))
URGENT_GAP = 2.0


def next_levels(spec: QuestionSpec, current: float, target: int) -> tuple[LevelText, ...]:
    """Anchored texts for levels floor(current)+1 up to target. A level with no text
    in the catalogue is skipped rather than shown blank."""
    first = math.floor(current) + 1
    return tuple(
        LevelText(level=level, text=spec.levels[level - 1])
        for level in range(first, target + 1)
        if level - 1 < len(spec.levels)
    )


def question_steps(spec: AreaSpec, area: AreaScore) -> tuple[QuestionStep, ...]:
    """Steps start from each question's own mean, so a question already at target
    gets none; an unanswered question starts from the area score."""
    steps = []
    for question_spec, question in zip(spec.questions, area.questions, strict=True):
        start = question.stats.mean if question.stats.mean is not None else area.stats.mean
        levels = next_levels(question_spec, start or 0.0, area.target)
        if levels:
            steps.append(
                QuestionStep(
                    question_id=question.id,
                    question_key=question.key,
                    question_text=question.text,
                    current=question.stats.mean,
                    next_levels=levels,
                )
            )
    return tuple(steps)


def _phase(
    rank: int, count: int, gap: AreaGap, urgent_risks: Sequence[RiskResult]
) -> tuple[str, tuple[str, ...]]:
    reasons = []
    if rank < math.ceil(count / 3):
        reasons.append("top third by priority")
    if gap.gap is not None and gap.gap >= URGENT_GAP - EPSILON:
        reasons.append(f"{URGENT_GAP:g} or more levels below target")
    reasons += [
        f"high-severity risk triggered: {r.key}"
        for r in urgent_risks
        if gap.area_key in r.area_keys
    ]
    if reasons:
        return "now", tuple(reasons)
    if rank < math.ceil(2 * count / 3):
        return "next", ("middle third by priority",)
    return "later", ("bottom third by priority",)


def build_recommendations(
    gaps: Sequence[AreaGap],
    areas: Mapping[str, AreaScore],
    specs: Mapping[str, AreaSpec],
    risks: Sequence[RiskResult],
) -> tuple[Recommendation, ...]:
    """One recommendation per area below target, by priority, each given a phase.

    Phase rule: rank the gapped areas by priority. "now" = the top third (rounded
    up), or any area 2+ levels below target, or any area linked to a triggered
    high-severity risk. Otherwise "next" = down to two thirds (rounded up), and
    "later" = the rest.
    """
    gapped = [gap for gap in gaps if gap.status == "gap"]
    urgent = [risk for risk in risks if risk.triggered and risk.severity == "high"]
    return tuple(
        _recommendation(
            gap, areas[gap.area_key], specs[gap.area_key], *_phase(rank, len(gapped), gap, urgent)
        )
        for rank, gap in enumerate(gapped)
    )


def _recommendation(
    gap: AreaGap, area: AreaScore, spec: AreaSpec, phase: str, reasons: tuple[str, ...]
) -> Recommendation:
    return Recommendation(
        area_key=gap.area_key,
        area_name=gap.area_name,
        discipline_key=gap.discipline_key,
        discipline_name=gap.discipline_name,
        current=gap.current or 0.0,
        target=gap.target,
        gap=gap.gap or 0.0,
        priority=gap.priority or 0.0,
        phase=phase,
        phase_reasons=reasons,
        steps=question_steps(spec, area),
    )


def build_roadmap(recommendations: Sequence[Recommendation]) -> tuple[RoadmapPhase, ...]:
    return tuple(
        RoadmapPhase(
            key=key,
            label=label,
            recommendations=tuple(r for r in recommendations if r.phase == key),
        )
        for key, label in PHASE_LABELS
    )
