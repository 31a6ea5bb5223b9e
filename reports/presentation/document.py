"""The report as it will be printed: one immutable document for every renderer.

Every figure here is already rounded, named, coloured and classified (see rules.py);
the results page, the PDF and the Word and PowerPoint deliverables only lay it out.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from . import rules
from .narrative import Block


@dataclass(frozen=True)
class Score:
    """A 1-5 score as printed, with everything a renderer shows about it."""

    value: float | None

    @classmethod
    def of(cls, raw: float | None) -> Score:
        return cls(rules.printed(raw))

    @property
    def text(self) -> str:
        return rules.score_text(self.value)

    @property
    def level(self) -> int | None:
        return rules.level_reached(self.value)

    @property
    def level_name(self) -> str:
        return rules.level_name(self.value)

    @property
    def colour(self) -> str:
        return rules.level_colour(self.value)

    @property
    def css(self) -> str:
        return "lvl-none" if self.level is None else f"lvl-{self.level}"

    @property
    def posture(self) -> str:
        """"Repeatable → Defined" for 2.7: the level reached and the next one."""
        if self.level is None:
            return "no data"
        return self.level_name if self.level == 5 else f"{self.level_name} → {rules.LEVEL_NAMES[self.level + 1]}"


@dataclass(frozen=True)
class Change:
    """A printed score against the previous one; delta = the difference of the two."""

    current: Score
    previous: Score
    status: str  # "matched" | "new" | "removed"
    comparable: bool

    @property
    def delta(self) -> float | None:
        if not self.comparable or self.status != "matched":
            return None
        return rules.difference(self.current.value, self.previous.value)

    @property
    def direction(self) -> str | None:
        return rules.direction(self.delta)

    @property
    def arrow(self) -> str:
        return rules.ARROWS.get(self.direction or "", "")

    @property
    def text(self) -> str:
        if self.status == "new":
            return "new area"
        if self.status == "removed":
            return "no longer assessed"
        if not self.comparable:
            return "not comparable"
        return f"{self.arrow} {rules.signed_text(self.delta)}".strip()


@dataclass(frozen=True)
class Meta:
    organization: str
    assessment_title: str
    assessment_id: int
    consultant: str
    status: str
    is_draft: bool  # built from an assessment that is still open
    as_of: str  # "3 December 2026"
    generated_at: str
    period: str
    target_model: str
    target_model_description: str
    catalogue_version: str
    disciplines: tuple[str, ...]
    teams: tuple[str, ...]
    respondents: int
    invited: int
    response_rate: str
    coverage: str
    indicative: bool
    indicative_reason: str
    language: str = "en-GB"
    reviewed: bool = False  # the consultant wrote the commentary and decided on every recommendation
    review_missing: str = ""  # what the review still lacks, for the consultant
    firm: str = ""  # the consultancy, as printed
    brand_colour: str = rules.PRIMARY  # headings, table headers and titles of the Word report and the deck
    logo: bytes | None = field(default=None, repr=False, compare=False)  # the firm's logo, PNG

    @property
    def pdf_title(self) -> str:
        return f"{self.organization}: {self.assessment_title} (gap analysis report)"

    @property
    def facts(self) -> tuple[tuple[str, str], ...]:
        """The cover's facts; client and assessment are the cover's headline, so not repeated here."""
        responses = rules.plural(self.respondents, "submitted response")
        if self.invited:
            responses += f" of {self.invited} invited ({self.response_rate})"
        return (
            ("Survey period", self.period),
            ("Prepared by", f"{self.consultant}, {self.firm}" if self.consultant and self.firm
             else self.consultant or self.firm or rules.DASH),
            ("Disciplines", ", ".join(self.disciplines) or rules.DASH),
            ("Target model", self.target_model),
            ("Responses", responses),
            ("Status", f"{self.status} (draft: figures as of {self.as_of})" if self.is_draft else self.status),
            ("Catalogue version", self.catalogue_version),
            ("Generated", self.generated_at),
        )

    @property
    def draft_line(self) -> str:
        """What every page and slide carries until the report is final; "" once it is: the
        consultant has reviewed it and the assessment is closed."""
        parts = [REVIEW_STAMP] if not self.reviewed else []
        if self.is_draft:
            parts.append(f"{'DRAFT · ' if self.reviewed else ''}{self.status_line} · the assessment is still open")
        return " · ".join(parts)

    @property
    def marking(self) -> str:
        by = f" by {self.firm}" if self.firm else ""
        return f"Confidential — prepared for {self.organization}{by}"

    @property
    def running_header(self) -> str:
        return f"{self.organization} · {self.assessment_title}"

    @property
    def status_line(self) -> str:
        """The line every page of a draft carries."""
        return f"As of {self.as_of}, {rules.plural(self.respondents, 'response')}"


REVIEW_STAMP = "Draft: generated, not yet reviewed"


@dataclass(frozen=True)
class Action:
    ref: str  # "A1", "A2"… in roadmap order
    text: str
    effort: str  # S | M | L
    owner: str
    horizon: str
    area_key: str
    area_name: str
    question: str
    risk_refs: tuple[str, ...]  # "R1"…


@dataclass(frozen=True)
class AreaRow:
    key: str
    name: str
    discipline_key: str
    discipline_name: str
    weight: float
    score: Score
    target: int
    gap: float | None
    is_gap: bool
    status: str  # "gap" | "met" | "no_data"
    agreement: str
    low_agreement: bool
    coverage: str
    low_evidence: bool
    interval: str
    change: Change | None

    @property
    def gap_text(self) -> str:
        if self.status == "no_data":
            return rules.DASH
        return "met" if self.status == "met" else rules.score_text(self.gap)


@dataclass(frozen=True)
class GapRow:
    rank: int
    area: AreaRow
    priority: float
    priority_text: str
    risk_refs: tuple[tuple[str, bool], ...]  # (ref, triggered)
    phase: str


@dataclass(frozen=True)
class Recommendation:
    area: AreaRow
    priority_text: str
    phase: str
    reasons: tuple[str, ...]
    actions: tuple[Action, ...]  # the first actions, shown in the body
    all_actions: tuple[Action, ...]  # every action, for the appendix and the tracker CSV
    from_guidance: bool  # False: the catalogue has no guidance, actions are next-level anchors
    note: tuple[Block, ...] = ()  # the consultant's client-facing note, once reviewed
    edited: bool = False


@dataclass(frozen=True)
class Phase:
    key: str  # now | next | later
    label: str
    horizon: str
    intro: str
    recommendations: tuple[Recommendation, ...]


@dataclass(frozen=True)
class RiskRow:
    ref: str
    key: str
    text: str
    discipline_name: str
    impact: str  # the catalogue's severity
    likelihood: str
    rating: str
    owner: str
    score: Score
    triggered: bool
    areas: tuple[tuple[str, bool], ...]  # (area name, below the threshold)
    action_refs: tuple[str, ...]


@dataclass(frozen=True)
class KpiRow:
    key: str
    name: str
    discipline_name: str
    value: str  # median with unit
    n: int
    band: str
    thresholds: str
    source: str  # the document and year that define the bands, or the heuristic and the defining document
    source_short: str  # "DORA 2024 report (2024)" or "Practitioner heuristic"
    heuristic: str  # the one-sentence rationale of a heuristic, "" otherwise
    teams: tuple[str, ...]


@dataclass(frozen=True)
class KpiMissing:
    name: str
    discipline_name: str
    why: str


@dataclass(frozen=True)
class Chart:
    kind: str  # "radar" | "bars"
    labels: tuple[str, ...]
    current: tuple[float | None, ...]
    targets: tuple[float, ...]
    title: str


@dataclass(frozen=True)
class DisciplineView:
    key: str
    number: int
    name: str
    score: Score
    target: Score
    interval: str
    intro: str
    weights: str
    chart: Chart
    areas: tuple[AreaRow, ...]
    kpis: tuple[KpiRow, ...]
    change: Change | None
    observations: tuple[tuple[str, str, bool], ...]  # (area name, text, internal)
    commentary: tuple[Block, ...] = ()  # the consultant's commentary on this discipline
    comments: tuple[tuple[str, str, str, str], ...] = ()  # shared respondents' comments: (area, question, text, team)


@dataclass(frozen=True)
class Brief:
    """One line of the verdict page: a headline and its supporting detail."""

    title: str
    detail: str
    score: Score | None = None


@dataclass(frozen=True)
class Verdict:
    headline: str
    overall: Score
    target: Score
    interval: str
    position: Chart
    trend: str
    top_gaps: tuple[Brief, ...]
    top_risks: tuple[Brief, ...]
    perception: str
    confidence: str


@dataclass(frozen=True)
class HeatmapRow:
    area: str
    discipline: str
    cells: tuple[Score, ...]


@dataclass(frozen=True)
class Heatmap:
    columns: tuple[str, ...]  # "All teams", then each team shown
    rows: tuple[HeatmapRow, ...]
    withheld: str


@dataclass(frozen=True)
class GroupTable:
    label: str  # "Team" | "Role"
    columns: tuple[str, ...]  # discipline names
    rows: tuple[tuple[str, int, Score, tuple[Score, ...]], ...]  # name, respondents, overall, per discipline
    withheld: str


@dataclass(frozen=True)
class PerceptionRow:
    area: str
    discipline: str
    engineer: Score
    lead: Score
    manager: Score
    difference: str
    difference_value: float


@dataclass(frozen=True)
class HotspotRow:
    question: str
    area: str
    iqr: str
    n: int
    histogram: tuple[int, int, int, int, int]


@dataclass(frozen=True)
class TrendRow:
    name: str
    discipline: str
    change: Change
    actions: str = ""  # the previous round's tracked actions on this area: "3 actions: 2 done, 1 open"


@dataclass(frozen=True)
class TrendSection:
    previous_title: str
    overall: Change | None
    summary: str
    disciplines: tuple[TrendRow, ...]
    areas: tuple[TrendRow, ...]


@dataclass(frozen=True)
class QuestionRow:
    text: str
    n: int
    histogram: tuple[int, int, int, int, int]
    na: int
    unknown: int
    score: Score


@dataclass(frozen=True)
class AnswerTable:
    discipline: str
    areas: tuple[tuple[str, Score, tuple[QuestionRow, ...]], ...]


@dataclass(frozen=True)
class Methodology:
    level_scale: tuple[tuple[int, str, str], ...]
    scoring: tuple[str, ...]
    targets: tuple[str, ...]
    groups: tuple[str, ...]
    weights: tuple[tuple[str, str], ...]  # (discipline, "Area 1.0 · Area 1.5 …")
    target_model: str


WHEN = {"now": "the first 90 days", "next": "days 90 to 180", "later": "after day 180"}


@dataclass(frozen=True)
class ReportDocument:
    meta: Meta
    has_responses: bool
    verdict: Verdict
    disciplines: tuple[DisciplineView, ...]
    gaps: tuple[GapRow, ...]
    gap_notes: str
    phases: tuple[Phase, ...]
    risks: tuple[RiskRow, ...]
    risk_intro: str
    kpis_measured: tuple[KpiRow, ...]
    kpis_missing: tuple[KpiMissing, ...]
    heatmap: Heatmap
    teams: GroupTable
    roles: GroupTable
    perception: tuple[PerceptionRow, ...]
    perception_note: str
    hotspots: tuple[HotspotRow, ...]
    hotspot_total: int
    trend: TrendSection | None
    methodology: Methodology
    answers: tuple[AnswerTable, ...]
    observations: tuple[tuple[str, str, bool], ...] = field(default_factory=tuple)  # every visible one
    # observations on areas this catalogue no longer has: shown, never dropped
    orphan_observations: tuple[tuple[str, str, bool], ...] = field(default_factory=tuple)
    commentary: tuple[Block, ...] = ()  # the consultant's executive commentary
    dropped: tuple[str, ...] = ()  # names of the areas whose recommendation the consultant dropped

    @property
    def actions(self) -> tuple[Action, ...]:
        return tuple(a for phase in self.phases for rec in phase.recommendations for a in rec.all_actions)

    @property
    def dropped_note(self) -> str:
        if not self.dropped:
            return ""
        return (f"Left off the roadmap after the consultant’s review: {', '.join(self.dropped)} "
                "(still in the gap register above).")

    @property
    def comments(self) -> tuple[tuple[str, str, str, str], ...]:
        """Every shared respondents' comment, discipline by discipline: (area, question, text, team)."""
        return tuple(c for view in self.disciplines for c in view.comments)

    def recommendation(self, area_key: str) -> Recommendation | None:
        return next((r for phase in self.phases for r in phase.recommendations if r.area.key == area_key), None)

    @property
    def next_steps(self) -> tuple[str, ...]:
        """What the client does on Monday, in order: the deck's last slide."""
        steps = []
        first = next((phase for phase in self.phases if phase.recommendations), None)
        if first is not None:
            count = sum(len(rec.actions) for rec in first.recommendations)
            when = WHEN.get(first.key, first.horizon)
            steps.append(f"Name an owner and a due date for the first actions in the "
                         f"{rules.plural(len(first.recommendations), 'area')} planned for {when} "
                         f"({rules.plural(count, 'action')}, report section 4.2), and load them into the team’s "
                         "tracker from the roadmap CSV.")
        triggered = [r.ref for r in self.risks if r.triggered]
        if triggered:
            steps.append(f"Take the {rules.plural(len(triggered), 'triggered risk')} ({', '.join(triggered[:6])}"
                         f"{' …' if len(triggered) > 6 else ''}) to the risk owners named in the register.")
        if self.hotspots:
            steps.append(f"Hold a workshop on the {rules.plural(self.hotspot_total, 'question')} colleagues answered "
                         "far apart before acting on their averages.")
        if self.kpis_missing:
            steps.append(f"Start measuring the {rules.plural(len(self.kpis_missing), 'KPI')} nobody could report, "
                         "so the next round compares figures, not opinions.")
        if self.meta.indicative:
            steps.append("Raise participation in the next round: these figures are indicative only.")
        steps.append("Re-run the assessment once the first phase is done, to measure the change against this "
                     "baseline.")
        return tuple(steps)

    def area(self, key: str) -> AreaRow | None:
        return next((a for d in self.disciplines for a in d.areas if a.key == key), None)


def date_text(value: datetime.date | None) -> str:
    return value.strftime("%-d %B %Y") if value else "not set"
