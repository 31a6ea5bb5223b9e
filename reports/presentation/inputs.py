"""What the presentation model is built from: the scoring result plus what the catalogue
and the workspace say about it. Plain data, filled by reports/context.py."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from reports.scoring import AssessmentResult, Band


@dataclass(frozen=True)
class ActionSpec:
    text: str
    effort: str
    owner: str


@dataclass(frozen=True)
class QuestionGuidance:
    why: str = ""
    improve: Mapping[int, tuple[ActionSpec, ...]] = field(default_factory=dict)  # from level N to N+1
    mitigates: tuple[str, ...] = ()  # full risk keys "<discipline>.<risk>"
    levels: tuple[str, ...] = ()  # the five anchors, for catalogues without guidance


@dataclass(frozen=True)
class KpiInfo:
    help: str
    bands: tuple[Band, ...]
    source_title: str
    source_year: int | None
    heuristic: str


@dataclass(frozen=True)
class ObservationItem:
    area_key: str
    text: str
    internal: bool


@dataclass(frozen=True)
class CommentItem:
    """A respondent's comment the consultant shared with the client: no author, a team
    shown on its own (at least k responses), and the question it was written on."""

    area_key: str
    question: str
    text: str
    team: str


@dataclass(frozen=True)
class ReviewDecision:
    decision: str  # "keep" | "edit" | "drop"
    note: str = ""  # the client-facing note (Markdown subset); internal notes never reach a report


@dataclass(frozen=True)
class Review:
    """The consultant's review of a report: the executive commentary, a commentary per
    discipline, and a decision on each recommendation (by area key)."""

    executive: str = ""
    disciplines: Mapping[str, str] = field(default_factory=dict)
    decisions: Mapping[str, ReviewDecision] = field(default_factory=dict)


@dataclass(frozen=True)
class ReportInputs:
    organization: str
    assessment_title: str
    assessment_id: int
    consultant: str
    status: str
    is_open: bool
    opens_on: datetime.date | None
    closes_on: datetime.date | None
    generated_at: datetime.datetime
    target_model: str
    target_model_description: str
    catalogue_version: str
    teams: tuple[str, ...]
    invited: int
    result: AssessmentResult
    guidance: Mapping[int, QuestionGuidance] = field(default_factory=dict)  # by question id
    kpis: Mapping[str, KpiInfo] = field(default_factory=dict)  # by "<discipline>.<kpi>"
    risk_owners: Mapping[str, str] = field(default_factory=dict)  # by "<discipline>.<risk>"
    previous: AssessmentResult | None = None
    previous_title: str = ""
    observations: tuple[ObservationItem, ...] = ()
    target_model_rationale: str = ""
    review: Review | None = None
    firm: str = ""  # the consultancy's printed name
    brand_colour: str = ""  # its primary colour, #rrggbb; the report's own when empty
    logo: bytes | None = None  # its logo as PNG
    comments: tuple[CommentItem, ...] = ()
    min_completion: int = 0  # percent of the applicable questions a submission answers to be scored; 0: no rule
    # The previous assessment's tracked actions: area key -> their statuses (open, in_progress, done, dropped)
    previous_actions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
