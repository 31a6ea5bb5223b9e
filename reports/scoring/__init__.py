"""Scoring and gap-analysis engine: plain data in, frozen dataclasses out, no ORM.

    result = score_assessment(data)            # AssessmentData -> AssessmentResult
    trend = compare_results(result, previous)  # -> TrendResult

Modules by sub-domain: types (input), results (output), stats (histogram maths,
confidence intervals), tree (question -> area -> discipline scores, team and role
groups), agreement (Krippendorff's alpha, hotspots), perception (role gaps), kpis,
gaps (gaps, priorities, risks), roadmap (recommendations, phases), trend.
"""

from .agreement import krippendorff_alpha_ordinal
from .engine import score_assessment
from .kpis import kpi_band
from .results import (
    Agreement,
    AreaGap,
    AreaScore,
    AssessmentResult,
    DisciplineScore,
    GroupScores,
    Hotspot,
    KpiResult,
    LevelText,
    PerceptionGap,
    QuestionScore,
    QuestionStep,
    Recommendation,
    RiskResult,
    RoadmapPhase,
    ScoreStats,
    ScoreTrend,
    ScoringParameters,
    TeamKpi,
    TrendResult,
)
from .stats import histogram_iqr, histogram_mean, histogram_median, histogram_quantile, histogram_sd
from .trend import compare_results
from .types import (
    LEVELS,
    ROLES,
    SEVERITY_WEIGHTS,
    AreaSpec,
    AssessmentData,
    Band,
    DisciplineSpec,
    KpiSpec,
    LevelAnswers,
    QuestionSpec,
    RiskSpec,
    Tally,
    kpi_full_key,
)

__all__ = [
    "LEVELS",
    "ROLES",
    "SEVERITY_WEIGHTS",
    "Agreement",
    "AreaGap",
    "AreaScore",
    "AreaSpec",
    "AssessmentData",
    "AssessmentResult",
    "Band",
    "DisciplineScore",
    "DisciplineSpec",
    "GroupScores",
    "Hotspot",
    "KpiResult",
    "KpiSpec",
    "LevelAnswers",
    "LevelText",
    "PerceptionGap",
    "QuestionScore",
    "QuestionSpec",
    "QuestionStep",
    "Recommendation",
    "RiskResult",
    "RiskSpec",
    "RoadmapPhase",
    "ScoreStats",
    "ScoreTrend",
    "ScoringParameters",
    "Tally",
    "TeamKpi",
    "TrendResult",
    "compare_results",
    "histogram_iqr",
    "histogram_mean",
    "histogram_median",
    "histogram_quantile",
    "histogram_sd",
    "kpi_band",
    "kpi_full_key",
    "krippendorff_alpha_ordinal",
    "score_assessment",
]
