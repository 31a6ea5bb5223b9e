"""What the engine returns: frozen dataclasses for templates, CSV/JSON and the PDF.

Everything is tuples, strings and numbers so `dataclasses.asdict(result)` can go
straight to `json.dumps`. A score that cannot be computed (no level answers) is
`None`, never 0: the report shows "no data" rather than a fake level.
"""

from __future__ import annotations

from dataclasses import dataclass

from .types import Histogram


@dataclass(frozen=True)
class ScoreStats:
    """Statistics for one question, area, discipline or the whole assessment.

    For a question everything comes from its own histogram. Above that, `mean` is
    the (weighted) mean of the child means, so every question counts the same however
    many people answered it; `median`, `sd`, `iqr`, `n`, `histogram`, `coverage` and
    `na_share` describe the pooled answers underneath. `sd` is the population sd of
    those answers. `standard_error` is the error of `mean` before coverage widening;
    `ci_low`/`ci_high` is the widened 95% interval (see `stats.confidence_interval`).
    """

    mean: float | None
    median: float | None
    sd: float | None
    iqr: float | None
    n: int  # answers at a level (1..5)
    unknown: int  # "don't know" answers
    na: int  # "not applicable" answers
    coverage: float | None  # n / (n + unknown); None when nobody answered either way
    na_share: float | None  # na / (n + unknown + na)
    standard_error: float | None
    ci_low: float | None
    ci_high: float | None
    low_coverage: bool  # coverage below min_coverage: too little evidence to trust
    histogram: Histogram  # pooled counts at levels 1..5


@dataclass(frozen=True)
class Agreement:
    """How much respondents agree within an area.

    `alpha` is Krippendorff's alpha for ordinal data with the area's questions as
    units; None when undefined (fewer than two pairable answers, or no variation).
    """

    sd: float | None
    alpha: float | None
    pairable_values: int


@dataclass(frozen=True)
class QuestionScore:
    id: int
    key: str
    text: str
    stats: ScoreStats


@dataclass(frozen=True)
class AreaScore:
    key: str  # "<discipline>.<area>"
    name: str
    discipline_key: str
    weight: float
    target: int
    fingerprint: str
    stats: ScoreStats
    agreement: Agreement
    questions: tuple[QuestionScore, ...]


@dataclass(frozen=True)
class DisciplineScore:
    key: str
    name: str
    stats: ScoreStats
    areas: tuple[AreaScore, ...]


@dataclass(frozen=True)
class GroupScores:
    """Scores restricted to one team or one role; only groups above the privacy
    threshold are ever built."""

    kind: str  # "team" | "role"
    name: str
    respondents: int
    overall: ScoreStats
    disciplines: tuple[DisciplineScore, ...]


@dataclass(frozen=True)
class Hotspot:
    question_id: int
    question_key: str
    question_text: str
    area_key: str
    area_name: str
    discipline_key: str
    discipline_name: str
    iqr: float
    sd: float | None
    n: int
    histogram: Histogram


@dataclass(frozen=True)
class PerceptionGap:
    """Area means by role; a role is None when its group is below the privacy
    threshold or gave no level answers in the area."""

    area_key: str
    area_name: str
    discipline_key: str
    engineer: float | None
    lead: float | None
    manager: float | None
    manager_minus_engineer: float | None


@dataclass(frozen=True)
class TeamKpi:
    team: str
    n: int
    median: float | None
    band: str | None


@dataclass(frozen=True)
class KpiResult:
    key: str  # "<discipline>.<kpi>"
    discipline_key: str
    name: str
    unit: str
    higher_is_better: bool
    source: str
    n: int
    median: float | None
    band: str | None
    teams: tuple[TeamKpi, ...]


@dataclass(frozen=True)
class RiskResult:
    key: str
    discipline_key: str
    text: str
    severity: str
    area_keys: tuple[str, ...]  # linked areas that exist in this catalogue
    mean_score: float | None  # mean of the linked areas that have a score
    triggered: bool
    triggering_area_keys: tuple[str, ...]  # linked areas scoring below the threshold


@dataclass(frozen=True)
class AreaGap:
    area_key: str
    area_name: str
    discipline_key: str
    discipline_name: str
    current: float | None
    target: int
    gap: float | None  # max(0, target - current); None when there is no data
    weight: float
    risk_factor: float
    priority: float | None  # gap x weight x risk_factor
    status: str  # "gap" | "met" | "no_data"
    low_coverage: bool
    risk_keys: tuple[str, ...]


@dataclass(frozen=True)
class LevelText:
    level: int
    text: str


@dataclass(frozen=True)
class QuestionStep:
    question_id: int
    question_key: str
    question_text: str
    current: float | None  # the question's own mean; None when unanswered
    next_levels: tuple[LevelText, ...]


@dataclass(frozen=True)
class Recommendation:
    area_key: str
    area_name: str
    discipline_key: str
    discipline_name: str
    current: float
    target: int
    gap: float
    priority: float
    phase: str  # "now" | "next" | "later"
    phase_reasons: tuple[str, ...]
    steps: tuple[QuestionStep, ...]


@dataclass(frozen=True)
class RoadmapPhase:
    key: str  # "now" | "next" | "later"
    label: str
    recommendations: tuple[Recommendation, ...]


@dataclass(frozen=True)
class ScoringParameters:
    min_group_size: int
    risk_threshold: float
    min_coverage: float
    perception_gap_threshold: float
    hotspot_min_iqr: float


@dataclass(frozen=True)
class AssessmentResult:
    parameters: ScoringParameters
    respondent_count: int
    overall: ScoreStats
    disciplines: tuple[DisciplineScore, ...]
    teams: tuple[GroupScores, ...]
    teams_below_threshold: tuple[str, ...]
    roles: tuple[GroupScores, ...]
    roles_below_threshold: tuple[str, ...]
    hotspots: tuple[Hotspot, ...]
    perception: tuple[PerceptionGap, ...]  # every area, catalogue order
    perception_gaps: tuple[PerceptionGap, ...]  # |difference| >= threshold, largest first
    kpis: tuple[KpiResult, ...]
    gaps: tuple[AreaGap, ...]  # every area: gaps by priority, then met, then no data
    risks: tuple[RiskResult, ...]
    triggered_risks: tuple[RiskResult, ...]
    recommendations: tuple[Recommendation, ...]  # by priority
    roadmap: tuple[RoadmapPhase, ...]  # now, next, later
    # Roles large enough on their own, withheld because crossing them with the teams would
    # single out fewer than k people (see privacy.py).
    role_breakdown_withheld: bool = False


@dataclass(frozen=True)
class ScoreTrend:
    """One area's, discipline's or the overall score against the previous result.

    `comparable` is False when the content changed (different fingerprint or set of
    areas) or the item exists on one side only; `delta` and `direction` are then None.
    """

    key: str
    name: str
    current: float | None
    previous: float | None
    delta: float | None
    direction: str | None  # "up" | "down" | "flat"
    comparable: bool
    status: str  # "matched" | "new" | "removed"


@dataclass(frozen=True)
class TrendResult:
    overall: ScoreTrend
    disciplines: tuple[ScoreTrend, ...]
    areas: tuple[ScoreTrend, ...]
    new_area_keys: tuple[str, ...]
    removed_area_keys: tuple[str, ...]
    changed_area_keys: tuple[str, ...]  # matched by key but fingerprint differs
