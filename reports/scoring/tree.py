"""Scores for the catalogue tree (question -> area -> discipline -> overall), for
everyone or for one team or role."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence

from .agreement import area_agreement
from .results import AreaScore, DisciplineScore, GroupScores, QuestionScore, ScoreStats
from .stats import add_tallies, describe_combined, describe_histogram
from .types import (
    EMPTY_TALLY,
    AreaSpec,
    AssessmentData,
    DisciplineSpec,
    QuestionSpec,
    Tally,
    TallyKey,
)

QuestionPools = Mapping[int, Tally]
GroupFilter = Callable[[str, str], bool]  # (team, role) -> keep?


def pool_by_question(tallies: Mapping[TallyKey, Tally], keep: GroupFilter) -> dict[int, Tally]:
    """Sum the tallies of the kept (team, role) groups per question id."""
    grouped: dict[int, list[Tally]] = defaultdict(list)
    for (question_id, team, role), tally in tallies.items():
        if keep(team, role):
            grouped[question_id].append(tally)
    return {question_id: add_tallies(group) for question_id, group in grouped.items()}


def score_question(spec: QuestionSpec, pools: QuestionPools, min_coverage: float) -> QuestionScore:
    stats = describe_histogram(pools.get(spec.id, EMPTY_TALLY), min_coverage)
    return QuestionScore(id=spec.id, key=spec.key, text=spec.text, stats=stats)


def score_area(
    spec: AreaSpec, discipline_key: str, pools: QuestionPools, min_coverage: float
) -> AreaScore:
    questions = tuple(score_question(q, pools, min_coverage) for q in spec.questions)
    return AreaScore(
        key=spec.key,
        name=spec.name,
        discipline_key=discipline_key,
        weight=spec.weight,
        target=spec.target,
        fingerprint=spec.fingerprint,
        stats=describe_combined([(1.0, q.stats) for q in questions], min_coverage),
        agreement=area_agreement([pools.get(q.id, EMPTY_TALLY) for q in spec.questions]),
        questions=questions,
    )


def score_discipline(
    spec: DisciplineSpec, pools: QuestionPools, min_coverage: float
) -> DisciplineScore:
    areas = tuple(score_area(area, spec.key, pools, min_coverage) for area in spec.areas)
    stats = describe_combined([(area.weight, area.stats) for area in areas], min_coverage)
    return DisciplineScore(key=spec.key, name=spec.name, stats=stats, areas=areas)


def score_catalogue(
    specs: Sequence[DisciplineSpec], pools: QuestionPools, min_coverage: float
) -> tuple[tuple[DisciplineScore, ...], ScoreStats]:
    """Discipline scores and the overall score: the unweighted mean of disciplines."""
    disciplines = tuple(score_discipline(spec, pools, min_coverage) for spec in specs)
    overall = describe_combined([(1.0, d.stats) for d in disciplines], min_coverage)
    return disciplines, overall


def respondents_by(data: AssessmentData, kind: str) -> dict[str, int]:
    """Submitted respondents per team or per role, summed over the other dimension.
    A blank name (unknown team or role) is never a group of its own."""
    counts: dict[str, int] = defaultdict(int)
    for (team, role), count in data.respondents.items():
        name = team if kind == "team" else role
        if name:
            counts[name] += count
    return dict(counts)


def _group_names(data: AssessmentData, kind: str) -> set[str]:
    names = set(respondents_by(data, kind))
    names.update(team if kind == "team" else role for _, team, role in data.tallies)
    if kind == "team":
        names.update(team for _, team in data.kpi_values)
    names.discard("")
    return names


def score_groups(
    data: AssessmentData, kind: str, shown: Collection[str], min_coverage: float
) -> tuple[tuple[GroupScores, ...], tuple[str, ...]]:
    """Scores of the `shown` teams or roles (decided by `privacy.visible_groups` or by the
    publication's plan), and the names of the groups held back.

    `data.respondents` is the only source of group size: a group that appears in
    the tallies but not there counts as empty and is held back.
    """
    sizes = respondents_by(data, kind)
    names = sorted(_group_names(data, kind))
    shown = [name for name in names if name in set(shown) and sizes.get(name, 0) > 0]
    pools = _pools_by_group(data.tallies, kind, set(shown))
    groups = tuple(
        _score_group(data, kind, name, sizes[name], pools.get(name, {}), min_coverage) for name in shown
    )
    return groups, tuple(name for name in names if name not in shown)


def _pools_by_group(
    tallies: Mapping[TallyKey, Tally], kind: str, names: set[str]
) -> dict[str, dict[int, Tally]]:
    """Per-question pools of every shown group in one pass over the tallies
    (a pass per group would cost groups x tallies)."""
    grouped: dict[str, dict[int, list[Tally]]] = defaultdict(lambda: defaultdict(list))
    for (question_id, team, role), tally in tallies.items():
        name = team if kind == "team" else role
        if name in names:
            grouped[name][question_id].append(tally)
    return {
        name: {qid: add_tallies(group) for qid, group in questions.items()}
        for name, questions in grouped.items()
    }


def _score_group(
    data: AssessmentData,
    kind: str,
    name: str,
    respondents: int,
    pools: QuestionPools,
    min_coverage: float,
) -> GroupScores:
    disciplines, overall = score_catalogue(data.disciplines, pools, min_coverage)
    return GroupScores(
        kind=kind, name=name, respondents=respondents, overall=overall, disciplines=disciplines
    )
