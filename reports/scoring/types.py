"""Plain input data for the scoring engine.

The loader turns ORM rows into these frozen dataclasses; nothing in this package
touches Django, so the maths can be tested and reused (CSV, PDF, trend) without a
database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

LEVELS: tuple[int, int, int, int, int] = (1, 2, 3, 4, 5)
LOWEST_LEVEL = LEVELS[0]
HIGHEST_LEVEL = LEVELS[-1]
ROLES: tuple[str, ...] = ("engineer", "lead", "manager")
SEVERITY_WEIGHTS: Mapping[str, float] = MappingProxyType({"low": 0.25, "medium": 0.5, "high": 1.0})

Histogram = tuple[int, int, int, int, int]
TallyKey = tuple[int, str, str]
KpiValueKey = tuple[str, str]
RespondentKey = tuple[str, str]


@dataclass(frozen=True)
class Tally:
    """Answer counts for one question within one group (team x role).

    `na` ("not applicable") only feeds the N/A share. `unknown` ("don't know") is
    uncertainty: it lowers coverage but is never treated as a level.
    """

    levels: Histogram
    na: int = 0
    unknown: int = 0


EMPTY_TALLY = Tally(levels=(0, 0, 0, 0, 0))


@dataclass(frozen=True)
class QuestionSpec:
    id: int
    key: str
    text: str
    levels: tuple[str, ...]  # five anchored level texts, level 1 first


@dataclass(frozen=True)
class AreaSpec:
    key: str  # "<discipline>.<area>", stable across catalogue versions
    name: str
    weight: float
    target: int  # 1..5, target model and overrides already applied
    questions: tuple[QuestionSpec, ...]
    fingerprint: str = ""  # changes when the area's content changes meaning


@dataclass(frozen=True)
class DisciplineSpec:
    key: str
    name: str
    areas: tuple[AreaSpec, ...]


@dataclass(frozen=True)
class RiskSpec:
    key: str
    discipline_key: str
    text: str
    severity: str  # low | medium | high
    area_keys: tuple[str, ...]  # full "<discipline>.<area>" keys


@dataclass(frozen=True)
class Band:
    name: str
    min: float | None = None
    max: float | None = None


@dataclass(frozen=True)
class KpiSpec:
    """A KPI and its bands, best band first.

    `key` may be the short catalogue key ("availability") or the full one
    ("sysops.availability"); `kpi_full_key` resolves both to the full key that
    `AssessmentData.kpi_values` uses.
    """

    key: str
    discipline_key: str
    name: str
    unit: str
    higher_is_better: bool
    bands: tuple[Band, ...]
    source: str


@dataclass(frozen=True, eq=False)
class LevelAnswers:
    """Every level answer of the submitted responses, as three parallel sequences
    (numpy arrays from the loader, or tuples): what the bootstrap resamples."""

    response_ids: Sequence[int] = ()
    question_ids: Sequence[int] = ()
    levels: Sequence[int] = ()


@dataclass(frozen=True)
class AssessmentData:
    disciplines: tuple[DisciplineSpec, ...] = ()
    risks: tuple[RiskSpec, ...] = ()
    kpis: tuple[KpiSpec, ...] = ()
    # (question_id, team_name, role) -> counts; role is "" when unknown
    tallies: Mapping[TallyKey, Tally] = field(default_factory=dict)
    # ("<discipline>.<kpi>", team_name) -> values reported by submitted respondents
    kpi_values: Mapping[KpiValueKey, tuple[float, ...]] = field(default_factory=dict)
    # (team_name, role) -> number of submitted responses
    respondents: Mapping[RespondentKey, int] = field(default_factory=dict)
    # Response-level answers; when given, intervals come from resampling respondents
    level_answers: LevelAnswers | None = None


def kpi_full_key(spec: KpiSpec) -> str:
    if spec.key.startswith(f"{spec.discipline_key}."):
        return spec.key
    return f"{spec.discipline_key}.{spec.key}"
