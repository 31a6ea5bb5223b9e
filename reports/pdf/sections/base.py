"""What every section builder receives: the context plus look-ups built once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportlab.platypus import Flowable, Paragraph

from reports.scoring import AreaGap, AreaScore, DisciplineScore

from ..styles import styles
from ..text import Markup, esc

if TYPE_CHECKING:  # keeps the PDF code importable without Django's app registry
    from reports.context import ReportContext


@dataclass(frozen=True)
class Inputs:
    ctx: ReportContext
    width: float  # of the frame, in points
    areas: Mapping[str, AreaScore]
    gaps: Mapping[str, AreaGap]
    disciplines: Mapping[str, DisciplineScore]
    risk_ids: Mapping[str, str]  # risk key -> "R1", "R2"… in register order

    @classmethod
    def of(cls, ctx: ReportContext, width: float) -> Inputs:
        result = ctx.result
        return cls(
            ctx=ctx,
            width=width,
            areas={a.key: a for d in result.disciplines for a in d.areas},
            gaps={g.area_key: g for g in result.gaps},
            disciplines={d.key: d for d in result.disciplines},
            risk_ids={r.key: f"R{i}" for i, r in enumerate(result.risks, start=1)},
        )

    def area_name(self, key: str) -> str:
        area = self.areas.get(key)
        return area.name if area else key

    def discipline_name(self, key: str) -> str:
        discipline = self.disciplines.get(key)
        return discipline.name if discipline else key


def target_level(areas: tuple[AreaScore, ...]) -> float | None:
    """A discipline's target: its areas' targets weighted as its score weights them
    (equal weights when none is positive, as the engine does)."""
    if not areas:
        return None
    weights = [a.weight for a in areas]
    if sum(weights) <= 0:
        weights = [1.0] * len(areas)
    return sum(w * a.target for w, a in zip(weights, areas, strict=True)) / sum(weights)


def overall_target(disciplines: tuple[DisciplineScore, ...]) -> float | None:
    """The overall target: the plain mean of discipline targets, like the overall score."""
    targets = [t for t in (target_level(d.areas) for d in disciplines) if t is not None]
    return sum(targets) / len(targets) if targets else None


def p(text: str, style: str = "body") -> Paragraph:
    """A paragraph of plain text (escaped) or of Markup (kept)."""
    return Paragraph(text if isinstance(text, Markup) else esc(text), getattr(styles(), style))


def bullets(items: list[str], style: str = "bullet") -> list[Flowable]:
    return [Paragraph(item if isinstance(item, Markup) else esc(item), getattr(styles(), style), bulletText="•")
            for item in items]
