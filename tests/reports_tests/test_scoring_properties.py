"""Property tests: invariants of the scoring engine over random answers."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from random import Random
from typing import TypeVar

from hypothesis import given, settings
from hypothesis import strategies as st

from reports.scoring import (
    AreaSpec,
    AssessmentData,
    AssessmentResult,
    Band,
    DisciplineSpec,
    KpiSpec,
    QuestionSpec,
    RiskSpec,
    ScoreStats,
    Tally,
    krippendorff_alpha_ordinal,
    score_assessment,
)

K = TypeVar("K")
V = TypeVar("V")
FAST = settings(max_examples=100, deadline=None)
TEAMS = ("red", "blue", "green")
ROLES = ("engineer", "lead", "manager")
ROLE_OR_UNKNOWN = (*ROLES, "")
QUESTION_IDS = (1, 2, 3, 4, 5)
KPI = KpiSpec(
    key="availability",
    discipline_key="sysops",
    name="Availability",
    unit="%",
    higher_is_better=True,
    bands=(Band("High", min=99.9), Band("Medium", min=99.0), Band("Low")),
    source="sre",
)
RISKS = (
    RiskSpec("outage", "sysops", "Outage", "high", ("sysops.monitoring", "sysops.patching")),
    RiskSpec("slow", "devops", "Slow delivery", "medium", ("devops.ci",)),
)


def question(qid: int) -> QuestionSpec:
    return QuestionSpec(
        id=qid, key=f"q{qid}", text=f"Q{qid}", levels=tuple(f"level {n}" for n in range(1, 6))
    )


@st.composite
def catalogues(draw: st.DrawFn) -> tuple[DisciplineSpec, ...]:
    """Three areas over five questions, with random weights and targets."""
    weights = draw(st.lists(st.floats(0.5, 2.0), min_size=3, max_size=3))
    targets = draw(st.lists(st.integers(1, 5), min_size=3, max_size=3))
    monitoring = AreaSpec(
        "sysops.monitoring", "Monitoring", weights[0], targets[0], (question(1), question(2))
    )
    patching = AreaSpec("sysops.patching", "Patching", weights[1], targets[1], (question(3),))
    ci = AreaSpec("devops.ci", "CI", weights[2], targets[2], (question(4), question(5)))
    return (
        DisciplineSpec("sysops", "SysOps", (monitoring, patching)),
        DisciplineSpec("devops", "DevOps", (ci,)),
    )


counts = st.integers(0, 4)
tallies = st.builds(
    Tally, levels=st.tuples(counts, counts, counts, counts, counts), na=counts, unknown=counts
)
tally_keys = st.tuples(
    st.sampled_from(QUESTION_IDS), st.sampled_from(TEAMS), st.sampled_from(ROLE_OR_UNKNOWN)
)
kpi_values = st.dictionaries(
    st.tuples(st.just("sysops.availability"), st.sampled_from(TEAMS)),
    st.lists(st.floats(90, 100), max_size=4).map(tuple),
    max_size=3,
)


@st.composite
def assessments(draw: st.DrawFn) -> AssessmentData:
    return AssessmentData(
        disciplines=draw(catalogues()),
        risks=RISKS,
        kpis=(KPI,),
        tallies=draw(st.dictionaries(tally_keys, tallies, max_size=20)),
        kpi_values=draw(kpi_values),
        respondents=draw(
            st.dictionaries(
                st.tuples(st.sampled_from(TEAMS), st.sampled_from(ROLE_OR_UNKNOWN)), counts
            )
        ),
    )


def all_stats(result: AssessmentResult) -> Iterator[ScoreStats]:
    trees = [(result.overall, result.disciplines)]
    trees += [(group.overall, group.disciplines) for group in (*result.teams, *result.roles)]
    for overall, disciplines in trees:
        yield overall
        for discipline in disciplines:
            yield discipline.stats
            for area in discipline.areas:
                yield area.stats
                yield from (q.stats for q in area.questions)


def means(result: AssessmentResult) -> list[float | None]:
    return [stats.mean for stats in all_stats(result)]


def without_na_and_dont_know(data: AssessmentData) -> AssessmentData:
    stripped = {key: Tally(levels=t.levels) for key, t in data.tallies.items()}
    return dataclasses.replace(data, tallies=stripped)


def assessment_wide(result: AssessmentResult) -> tuple[object, ...]:
    """Everything that must not depend on who is in which team or role."""
    kpis = tuple((k.key, k.n, k.median, k.band) for k in result.kpis)
    return (
        result.overall,
        result.disciplines,
        result.hotspots,
        result.gaps,
        result.risks,
        result.recommendations,
        result.roadmap,
        result.respondent_count,
        kpis,
    )


def relabel(
    data: AssessmentData, teams: Mapping[str, str], roles: Mapping[str, str]
) -> AssessmentData:
    return dataclasses.replace(
        data,
        tallies={(q, teams[t], roles[r]): tally for (q, t, r), tally in data.tallies.items()},
        respondents={(teams[t], roles[r]): n for (t, r), n in data.respondents.items()},
        kpi_values={(k, teams[t]): v for (k, t), v in data.kpi_values.items()},
    )


@FAST
@given(assessments())
def test_scores_and_intervals_stay_within_one_to_five(data: AssessmentData) -> None:
    result = score_assessment(data)
    for stats in all_stats(result):
        values = [stats.mean, stats.median, stats.ci_low, stats.ci_high]
        assert all(1.0 <= v <= 5.0 for v in values if v is not None)
        if stats.mean is not None and stats.ci_low is not None and stats.ci_high is not None:
            assert stats.ci_low <= stats.mean <= stats.ci_high
    for view in result.perception:
        assert all(
            1.0 <= m <= 5.0 for m in (view.engineer, view.lead, view.manager) if m is not None
        )


@FAST
@given(assessments())
def test_not_applicable_and_dont_know_never_change_a_mean(data: AssessmentData) -> None:
    assert means(score_assessment(data)) == means(score_assessment(without_na_and_dont_know(data)))


@FAST
@given(assessments())
def test_gaps_and_priorities_are_never_negative(data: AssessmentData) -> None:
    for gap in score_assessment(data).gaps:
        assert gap.gap is None or gap.gap >= 0
        assert gap.priority is None or gap.priority >= 0
        assert (gap.status == "gap") == (gap.gap is not None and gap.gap > 0)


@FAST
@given(assessments(), st.randoms(use_true_random=False))
def test_the_order_tallies_arrive_in_changes_nothing(data: AssessmentData, rng: Random) -> None:
    def shuffled(mapping: Mapping[K, V]) -> dict[K, V]:
        items = list(mapping.items())
        rng.shuffle(items)
        return dict(items)

    reordered = dataclasses.replace(
        data,
        tallies=shuffled(data.tallies),
        respondents=shuffled(data.respondents),
        kpi_values=shuffled(data.kpi_values),
    )
    assert score_assessment(reordered) == score_assessment(data)


@FAST
@given(assessments(), st.permutations(TEAMS), st.permutations(ROLES))
def test_moving_answers_between_teams_and_roles_changes_no_assessment_wide_result(
    data: AssessmentData, team_order: list[str], role_order: list[str]
) -> None:
    teams = dict(zip(TEAMS, team_order, strict=True))
    roles = {**dict(zip(ROLES, role_order, strict=True)), "": ""}
    original = score_assessment(data)
    moved = score_assessment(relabel(data, teams, roles))
    assert assessment_wide(moved) == assessment_wide(original)
    renamed = {teams[g.name]: dataclasses.replace(g, name=teams[g.name]) for g in original.teams}
    assert {g.name: g for g in moved.teams} == renamed


@FAST
@given(assessments(), tally_keys)
def test_one_more_answer_at_level_five_never_lowers_a_mean(
    data: AssessmentData, key: tuple[int, str, str]
) -> None:
    old = data.tallies.get(key, Tally(levels=(0, 0, 0, 0, 0)))
    one, two, three, four, five = old.levels
    bumped = dataclasses.replace(old, levels=(one, two, three, four, five + 1))
    before = means(score_assessment(data))
    after = means(
        score_assessment(dataclasses.replace(data, tallies={**data.tallies, key: bumped}))
    )
    for was, now in zip(before, after, strict=True):
        if was is not None:
            # 1e-12 forgives float rounding in a weighted sum, not a real drop
            assert now is not None and now >= was - 1e-12


@FAST
@given(assessments(), st.sampled_from(QUESTION_IDS), st.integers(1, 5))
def test_dont_know_only_ever_widens_the_interval(
    data: AssessmentData, qid: int, extra: int
) -> None:
    key = (qid, "red", "engineer")
    old = data.tallies.get(key, Tally(levels=(0, 0, 0, 0, 0)))
    unsure = dataclasses.replace(
        data, tallies={**data.tallies, key: dataclasses.replace(old, unknown=old.unknown + extra)}
    )
    for was, now in zip(
        all_stats(score_assessment(data)), all_stats(score_assessment(unsure)), strict=True
    ):
        if (
            was.ci_low is not None
            and now.ci_low is not None
            and was.ci_high is not None
            and now.ci_high is not None
        ):
            assert now.ci_low <= was.ci_low + 1e-12
            assert now.ci_high >= was.ci_high - 1e-12


@FAST
@given(
    st.lists(st.tuples(counts, counts, counts, counts, counts), max_size=6),
    st.randoms(use_true_random=False),
)
def test_krippendorff_alpha_is_at_most_one_and_ignores_unit_order(
    units: list[tuple[int, ...]], rng: Random
) -> None:
    alpha = krippendorff_alpha_ordinal(units)
    shuffled = list(units)
    rng.shuffle(shuffled)
    assert krippendorff_alpha_ordinal(shuffled) == alpha
    assert alpha is None or alpha <= 1.0
