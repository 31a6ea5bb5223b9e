"""Unit tests for the scoring engine, with hand-computed numbers."""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Mapping, Sequence

import pytest

from reports.scoring import (
    LEVELS,
    AreaScore,
    AreaSpec,
    AssessmentData,
    AssessmentResult,
    Band,
    DisciplineSpec,
    KpiSpec,
    QuestionSpec,
    RiskSpec,
    Tally,
    compare_results,
    histogram_iqr,
    histogram_mean,
    histogram_median,
    histogram_sd,
    kpi_band,
    krippendorff_alpha_ordinal,
    score_assessment,
)
from reports.scoring.trend import direction

# --- builders -------------------------------------------------------------------------


def question(qid: int, key: str | None = None) -> QuestionSpec:
    return QuestionSpec(
        id=qid,
        key=key or f"q{qid}",
        text=f"Question {qid}",
        levels=tuple(f"q{qid} level {level}" for level in LEVELS),
    )


def area(
    key: str = "sysops.monitoring",
    questions: Sequence[QuestionSpec] = (),
    weight: float = 1.0,
    target: int = 3,
    fingerprint: str = "",
) -> AreaSpec:
    return AreaSpec(
        key=key,
        name=key.split(".")[-1].title(),
        weight=weight,
        target=target,
        questions=tuple(questions) or (question(1),),
        fingerprint=fingerprint,
    )


def discipline(key: str = "sysops", areas: Sequence[AreaSpec] = ()) -> DisciplineSpec:
    return DisciplineSpec(key=key, name=key.title(), areas=tuple(areas) or (area(),))


def tally(*levels: int, na: int = 0, unknown: int = 0) -> Tally:
    one, two, three, four, five = levels
    return Tally(levels=(one, two, three, four, five), na=na, unknown=unknown)


def at(level: int, count: int = 1) -> Tally:
    """`count` answers, all at one level."""
    return tally(*(count if lvl == level else 0 for lvl in LEVELS))


def everyone(tallies: Mapping[int, Tally]) -> dict[tuple[int, str, str], Tally]:
    """Tallies per question id, all from one team and role."""
    return {(qid, "red", "engineer"): t for qid, t in tallies.items()}


def one_area_per_question(targets: Mapping[int, int], weight: float = 1.0) -> DisciplineSpec:
    """A discipline whose area "sysops.a<id>" holds only question <id>."""
    return discipline(
        areas=[
            area(f"sysops.a{qid}", [question(qid)], weight=weight, target=t)
            for qid, t in targets.items()
        ]
    )


def area_of(result: AssessmentResult, key: str) -> AreaScore:
    return next(a for d in result.disciplines for a in d.areas if a.key == key)


# --- statistics from a histogram --------------------------------------------------------


def test_mean_median_and_sd_come_from_the_histogram() -> None:
    # answers 1, 2, 2, 4
    histogram = (1, 2, 0, 1, 0)
    assert histogram_mean(histogram) == pytest.approx(2.25)
    assert histogram_median(histogram) == pytest.approx(2.0)
    # population sd: sqrt((1 + 4 + 4 + 16) / 4 - 2.25²) = sqrt(1.1875)
    assert histogram_sd(histogram) == pytest.approx(math.sqrt(1.1875))
    # type-7 quartiles: Q1 at position 0.75 -> 1.75, Q3 at position 2.25 -> 2.5
    assert histogram_iqr(histogram) == pytest.approx(0.75)


def test_median_of_an_even_count_is_the_midpoint_of_the_middle_answers() -> None:
    assert histogram_median((0, 1, 0, 1, 0)) == pytest.approx(3.0)


def test_empty_histogram_has_no_statistics() -> None:
    empty = (0, 0, 0, 0, 0)
    assert histogram_mean(empty) is None
    assert histogram_median(empty) is None
    assert histogram_sd(empty) is None
    assert histogram_iqr(empty) is None


def test_dont_know_lowers_coverage_but_not_the_mean() -> None:
    data = AssessmentData(
        disciplines=(discipline(),), tallies=everyone({1: tally(0, 0, 3, 0, 0, unknown=1)})
    )
    stats = score_assessment(data).disciplines[0].areas[0].questions[0].stats
    assert stats.mean == pytest.approx(3.0)
    assert stats.n == 3
    assert stats.coverage == pytest.approx(0.75)
    assert stats.low_coverage is False


def test_not_applicable_is_excluded_from_everything_but_its_share() -> None:
    data = AssessmentData(
        disciplines=(discipline(),), tallies=everyone({1: tally(0, 0, 2, 0, 0, na=5)})
    )
    stats = score_assessment(data).disciplines[0].areas[0].questions[0].stats
    assert stats.mean == pytest.approx(3.0)
    assert stats.n == 2
    assert stats.coverage == pytest.approx(1.0)
    assert stats.na_share == pytest.approx(5 / 7)


def test_low_coverage_is_flagged_below_min_coverage_only() -> None:
    data = AssessmentData(
        disciplines=(one_area_per_question({1: 3, 2: 3}),),
        tallies=everyone({1: tally(0, 0, 3, 0, 0, unknown=2), 2: tally(0, 0, 1, 0, 0, unknown=1)}),
    )
    result = score_assessment(data, min_coverage=0.6)
    assert area_of(result, "sysops.a1").stats.coverage == pytest.approx(0.6)
    assert area_of(result, "sysops.a1").stats.low_coverage is False
    assert area_of(result, "sysops.a2").stats.coverage == pytest.approx(0.5)
    assert area_of(result, "sysops.a2").stats.low_coverage is True


def test_confidence_interval_is_mean_plus_minus_196_standard_errors() -> None:
    # four 3s and four 4s: mean 3.5, sample variance 2/7, se = sqrt(2/7/8)
    data = AssessmentData(disciplines=(discipline(),), tallies=everyone({1: tally(0, 0, 4, 4, 0)}))
    stats = score_assessment(data).overall
    half_width = 1.96 * math.sqrt(2 / 7 / 8)
    assert stats.standard_error == pytest.approx(math.sqrt(2 / 7 / 8))
    assert stats.ci_low == pytest.approx(3.5 - half_width)
    assert stats.ci_high == pytest.approx(3.5 + half_width)


def test_confidence_interval_widens_by_one_over_coverage() -> None:
    # same answers, plus 8 "don't know": coverage 0.5 doubles the half-width
    data = AssessmentData(
        disciplines=(discipline(),), tallies=everyone({1: tally(0, 0, 4, 4, 0, unknown=8)})
    )
    stats = score_assessment(data).overall
    half_width = 2 * 1.96 * math.sqrt(2 / 7 / 8)
    assert stats.ci_low == pytest.approx(3.5 - half_width)
    assert stats.ci_high == pytest.approx(3.5 + half_width)


def test_confidence_interval_is_clamped_to_the_scale() -> None:
    # a single answer assumes the widest sd (2.0): 3 ± 3.92 -> [1, 5]
    data = AssessmentData(disciplines=(discipline(),), tallies=everyone({1: at(3)}))
    stats = score_assessment(data).overall
    assert stats.ci_low == pytest.approx(1.0)
    assert stats.ci_high == pytest.approx(5.0)


# --- the score tree -----------------------------------------------------------------------


def test_area_score_is_mean_of_question_means() -> None:
    spec = area(questions=[question(1), question(2), question(3)])
    # q1: ten answers at 5; q2: one answer at 1; q3: unanswered and skipped
    data = AssessmentData(
        disciplines=(discipline(areas=[spec]),), tallies=everyone({1: at(5, 10), 2: at(1)})
    )
    stats = area_of(score_assessment(data), "sysops.monitoring").stats
    assert stats.mean == pytest.approx(3.0)
    assert stats.n == 11
    assert stats.median == pytest.approx(5.0)  # the pooled answers, not the mean of means


def test_area_standard_error_combines_question_errors() -> None:
    spec = area(questions=[question(1), question(2)])
    data = AssessmentData(
        disciplines=(discipline(areas=[spec]),),
        tallies=everyone({1: tally(0, 0, 4, 4, 0), 2: tally(0, 1, 0, 1, 0)}),
    )
    stats = area_of(score_assessment(data), "sysops.monitoring").stats
    # se(q1)² = 2/7/8; q2 answers 2 and 4: sample variance 2, se² = 1
    assert stats.standard_error == pytest.approx(math.sqrt(2 / 7 / 8 + 1) / 2)


def test_discipline_score_is_weighted_mean_of_area_scores() -> None:
    heavy = area("sysops.heavy", [question(1)], weight=2.0)
    light = area("sysops.light", [question(2)], weight=1.0)
    data = AssessmentData(
        disciplines=(discipline(areas=[heavy, light]),), tallies=everyone({1: at(4), 2: at(1)})
    )
    assert score_assessment(data).disciplines[0].stats.mean == pytest.approx((2 * 4 + 1) / 3)


def test_weighted_mean_of_perfect_areas_does_not_round_above_five() -> None:
    # these weights make Σ w·5 / Σ w come out as 5.000000000000001 in floating point
    weights = {1: 1.4, 2: 1.9, 3: 1.4, 4: 1.2}
    disc = discipline(
        areas=[area(f"sysops.a{q}", [question(q)], weight=w) for q, w in weights.items()]
    )
    data = AssessmentData(disciplines=(disc,), tallies=everyone({q: at(5) for q in weights}))
    assert score_assessment(data).disciplines[0].stats.mean == 5.0


def test_overall_score_is_unweighted_mean_of_disciplines() -> None:
    sysops = discipline(
        "sysops", [area("sysops.a", [question(1)], weight=2.0), area("sysops.b", [question(2)])]
    )
    devops = discipline("devops", [area("devops.c", [question(3)])])
    data = AssessmentData(
        disciplines=(sysops, devops), tallies=everyone({1: at(5), 2: at(2), 3: at(1)})
    )
    result = score_assessment(data)
    assert result.disciplines[0].stats.mean == pytest.approx(4.0)
    assert result.overall.mean == pytest.approx((4.0 + 1.0) / 2)


def test_tallies_from_several_groups_are_pooled_per_question() -> None:
    tallies = {(1, "red", "engineer"): at(2, 2), (1, "blue", "manager"): at(5), (1, "", ""): at(5)}
    data = AssessmentData(disciplines=(discipline(),), tallies=tallies)
    stats = score_assessment(data).overall
    assert stats.mean == pytest.approx(3.5)
    assert stats.histogram == (0, 2, 0, 0, 2)


def test_tallies_for_questions_outside_the_catalogue_are_ignored() -> None:
    data = AssessmentData(disciplines=(discipline(),), tallies=everyone({1: at(2), 99: at(5, 50)}))
    assert score_assessment(data).overall.mean == pytest.approx(2.0)


def test_an_area_without_answers_has_no_score() -> None:
    data = AssessmentData(
        disciplines=(one_area_per_question({1: 3, 2: 3}),), tallies=everyone({1: at(4)})
    )
    result = score_assessment(data)
    assert area_of(result, "sysops.a2").stats.mean is None
    assert result.disciplines[0].stats.mean == pytest.approx(4.0)


# --- privacy ------------------------------------------------------------------------------


def test_teams_below_the_privacy_threshold_are_held_back() -> None:
    tallies = {
        (1, "red", "engineer"): at(2, 2),
        (1, "red", "manager"): at(4),
        (1, "blue", "engineer"): at(5, 2),
        (1, "green", "engineer"): at(3, 3),
    }
    respondents = {("red", "engineer"): 2, ("red", "manager"): 1, ("blue", "engineer"): 3, ("green", "engineer"): 3}
    # Every team has 3 respondents: nobody is hidden, so nothing needs guarding.
    data = AssessmentData(disciplines=(discipline(),), tallies=tallies, respondents=respondents)
    result = score_assessment(data, min_group_size=3)
    assert [team.name for team in result.teams] == ["blue", "green", "red"]
    assert result.teams[2].respondents == 3
    assert result.teams[2].overall.mean == pytest.approx(8 / 3)
    assert result.teams_below_threshold == ()


def test_a_hidden_team_cannot_be_found_by_subtracting_the_shown_ones_from_the_total() -> None:
    """red 3 and blue 2: showing red would give blue as total minus red. Both are held back."""
    tallies = {(1, "red", "engineer"): at(2, 3), (1, "blue", "engineer"): at(5, 2)}
    respondents = {("red", "engineer"): 3, ("blue", "engineer"): 2}
    result = score_assessment(AssessmentData(disciplines=(discipline(),), tallies=tallies, respondents=respondents),
                              min_group_size=3)
    assert result.teams == ()
    assert result.teams_below_threshold == ("blue", "red")


def test_secondary_suppression_hides_the_smallest_shown_groups_until_the_hidden_reach_k() -> None:
    from reports.scoring.privacy import suppress_complements

    sizes = {"red": 6, "green": 3, "blue": 3, "grey": 1}
    assert suppress_complements(sizes, 3) == ["red"]  # grey 1, then blue and green (tied at 3) hidden: 7 >= 3
    assert suppress_complements(sizes, 3, hidden_already=2) == ["blue", "green", "red"]  # 1 + 2 unnamed = 3
    assert suppress_complements({"red": 5, "blue": 4}, 3) == ["blue", "red"]  # nothing hidden: nothing to guard
    assert suppress_complements({"red": 5, "blue": 1}, 3) == []  # red alone would reveal blue
    for hidden_sizes in ({"a": 1}, {"a": 1, "b": 1}, {"a": 2}):
        shown = suppress_complements({**hidden_sizes, "x": 3, "y": 4, "z": 9}, 3)
        hidden_total = sum(size for name, size in {**hidden_sizes, "x": 3, "y": 4, "z": 9}.items()
                           if name not in shown)
        assert hidden_total == 0 or hidden_total >= 3


def test_role_groups_use_the_same_privacy_threshold() -> None:
    tallies = {
        (1, "red", "engineer"): tally(0, 2, 0, 2, 0),
        (1, "red", "manager"): at(5),
    }
    respondents = {("red", "engineer"): 4, ("red", "manager"): 1, ("red", ""): 2}
    data = AssessmentData(disciplines=(discipline(),), tallies=tallies, respondents=respondents)
    result = score_assessment(data, min_group_size=3)
    assert [role.name for role in result.roles] == ["engineer"]  # manager 1 + no role 2 hidden: 3
    assert result.roles[0].overall.mean == pytest.approx(3.0)
    assert result.roles_below_threshold == ("manager",)
    assert not result.role_breakdown_withheld


def test_roles_are_withheld_when_crossing_them_with_the_teams_isolates_fewer_than_k() -> None:
    # Teams red 3 and blue 4, engineers 4: each is 3 or more, but red minus the engineers
    # leaves red's 1 manager less blue's 2 engineers, a difference over 3 people in all.
    tallies = {
        (1, "red", "engineer"): at(2, 2),
        (1, "blue", "engineer"): at(4, 2),
        (1, "red", "manager"): at(5),
    }
    respondents = {("red", "engineer"): 2, ("blue", "engineer"): 2, ("red", "manager"): 1, ("blue", ""): 2}
    data = AssessmentData(disciplines=(discipline(),), tallies=tallies, respondents=respondents)
    result = score_assessment(data, min_group_size=3)
    assert [team.name for team in result.teams] == ["blue", "red"]
    assert result.roles == ()
    assert result.role_breakdown_withheld


def test_a_team_missing_from_respondents_counts_as_empty() -> None:
    data = AssessmentData(disciplines=(discipline(),), tallies={(1, "ghost", "lead"): at(3, 9)})
    result = score_assessment(data)
    assert result.teams == ()
    assert result.teams_below_threshold == ("ghost",)


# --- agreement ----------------------------------------------------------------------------


def test_krippendorff_alpha_matches_a_hand_computed_example() -> None:
    # unit A: 1, 1, 2; unit B: 2, 3; unit C: 3 alone (not pairable)
    # coincidences: o11 = 1, o12 = o21 = 1, o23 = o32 = 1; marginals n1 = 2, n2 = 2, n3 = 1, n = 5
    # ordinal δ²: δ12 = (4 - 2)² = 4, δ23 = (3 - 1.5)² = 2.25, δ13 = (5 - 1.5)² = 12.25
    # Do = 1·4 + 1·2.25 = 6.25; De = 2·2·4 + 2·1·12.25 + 2·1·2.25 = 45
    # alpha = 1 - (5 - 1) · 6.25 / 45 = 4/9
    units = [(2, 1, 0, 0, 0), (0, 1, 1, 0, 0), (0, 0, 1, 0, 0)]
    assert krippendorff_alpha_ordinal(units) == pytest.approx(4 / 9)


def reliability_matrix_to_units(rows: Sequence[Sequence[int | None]]) -> list[tuple[int, ...]]:
    """Observers x units with None for missing -> one histogram per unit."""
    columns = zip(*rows, strict=True)
    return [tuple(sum(1 for v in column if v == level) for level in LEVELS) for column in columns]


def test_krippendorff_alpha_matches_the_published_ordinal_example() -> None:
    # Krippendorff (2011) "Computing Krippendorff's alpha-reliability", section C:
    # four observers, twelve units, missing values. The `krippendorff` package gives
    # 0.8153875037548814 for the ordinal metric on the same matrix.
    _ = None
    rows = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
        [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
    ]
    assert krippendorff_alpha_ordinal(reliability_matrix_to_units(rows)) == pytest.approx(
        0.8153875, abs=1e-6
    )


def test_krippendorff_alpha_is_perfect_when_every_unit_is_unanimous() -> None:
    assert krippendorff_alpha_ordinal([(3, 0, 0, 0, 0), (0, 0, 0, 2, 0)]) == pytest.approx(1.0)


def test_krippendorff_alpha_is_undefined_without_variation_or_pairs() -> None:
    assert krippendorff_alpha_ordinal([(0, 0, 4, 0, 0), (0, 0, 2, 0, 0)]) is None
    assert krippendorff_alpha_ordinal([(1, 0, 0, 0, 0), (0, 0, 0, 0, 1)]) is None
    assert krippendorff_alpha_ordinal([]) is None


def test_area_agreement_reports_alpha_and_pooled_sd() -> None:
    spec = area(questions=[question(1), question(2), question(3)])
    tallies = everyone({1: tally(2, 1, 0, 0, 0), 2: tally(0, 1, 1, 0, 0), 3: at(3)})
    result = score_assessment(
        AssessmentData(disciplines=(discipline(areas=[spec]),), tallies=tallies)
    )
    agreement = area_of(result, "sysops.monitoring").agreement
    assert agreement.alpha == pytest.approx(4 / 9)
    assert agreement.pairable_values == 5
    assert agreement.sd == pytest.approx(histogram_sd((2, 2, 2, 0, 0)))


# --- hotspots -----------------------------------------------------------------------------


def test_questions_with_an_iqr_of_two_levels_or_more_are_hotspots_widest_first() -> None:
    spec = area(questions=[question(1), question(2), question(3), question(4)])
    tallies = everyone(
        {
            1: tally(0, 1, 0, 1, 0),  # 2, 4: IQR 1
            2: tally(1, 1, 0, 1, 1),  # 1, 2, 4, 5: IQR 4.25 - 1.75 = 2.5
            3: tally(2, 0, 0, 0, 2),  # 1, 1, 5, 5: IQR 4
            4: tally(2, 0, 3, 0, 2),  # 1, 1, 3, 3, 3, 5, 5: IQR 4 - 2 = 2, the boundary
        }
    )
    result = score_assessment(
        AssessmentData(disciplines=(discipline(areas=[spec]),), tallies=tallies)
    )
    assert [(h.question_key, h.iqr) for h in result.hotspots] == [
        ("q3", 4.0),
        ("q2", 2.5),
        ("q4", 2.0),
    ]
    assert result.hotspots[0].histogram == (2, 0, 0, 0, 2)
    assert result.hotspots[0].area_key == "sysops.monitoring"
    assert result.hotspots[0].discipline_key == "sysops"


# --- perception gaps ----------------------------------------------------------------------


def test_perception_gap_is_manager_minus_engineer_for_groups_above_threshold() -> None:
    disc = one_area_per_question({1: 3, 2: 3})
    tallies = {
        (1, "red", "engineer"): at(2, 3),
        (1, "red", "manager"): tally(0, 0, 1, 2, 1),  # mean 4
        (1, "red", "lead"): at(5, 2),
        (2, "red", "engineer"): at(3, 3),
        (2, "red", "manager"): tally(0, 0, 2, 1, 0),  # mean 10/3
    }
    respondents = {("red", "engineer"): 3, ("red", "manager"): 4, ("red", "lead"): 2, ("red", ""): 1}
    result = score_assessment(
        AssessmentData(disciplines=(disc,), tallies=tallies, respondents=respondents)
    )
    first = result.perception[0]
    assert (first.engineer, first.lead, first.manager) == (2.0, None, 4.0)
    assert first.manager_minus_engineer == pytest.approx(2.0)
    assert result.perception[1].manager_minus_engineer == pytest.approx(1 / 3)
    assert [p.area_key for p in result.perception_gaps] == ["sysops.a1"]


def test_perception_gaps_are_sorted_by_size_and_include_the_threshold() -> None:
    disc = one_area_per_question({1: 3, 2: 3, 3: 3})
    means = {1: (2.0, 3.0), 2: (4.0, 2.0), 3: (3.0, 3.75)}  # engineer, manager
    tallies: dict[tuple[int, str, str], Tally] = {}
    for qid, (engineer, manager) in means.items():
        tallies[(qid, "red", "engineer")] = tally(*(4 if lvl == engineer else 0 for lvl in LEVELS))
        tallies[(qid, "red", "manager")] = (
            tally(0, 0, 1, 3, 0) if manager == 3.75 else at(int(manager), 4)
        )
    respondents = {("red", "engineer"): 4, ("red", "manager"): 4}
    result = score_assessment(
        AssessmentData(disciplines=(disc,), tallies=tallies, respondents=respondents)
    )
    gaps = [(p.area_key, p.manager_minus_engineer) for p in result.perception_gaps]
    assert gaps == [("sysops.a2", -2.0), ("sysops.a1", 1.0), ("sysops.a3", 0.75)]


def test_perception_gap_threshold_is_a_parameter() -> None:
    disc = one_area_per_question({1: 3})
    tallies = {(1, "red", "engineer"): at(3, 3), (1, "red", "manager"): tally(0, 0, 2, 1, 0)}
    respondents = {("red", "engineer"): 3, ("red", "manager"): 3}
    data = AssessmentData(disciplines=(disc,), tallies=tallies, respondents=respondents)
    assert score_assessment(data).perception_gaps == ()
    assert len(score_assessment(data, perception_gap_threshold=0.3).perception_gaps) == 1


# --- KPIs -----------------------------------------------------------------------------------


AVAILABILITY = KpiSpec(
    key="availability",
    discipline_key="sysops",
    name="Service availability",
    unit="%",
    higher_is_better=True,
    bands=(Band("Elite", min=99.99), Band("High", min=99.9), Band("Medium", min=99.0), Band("Low")),
    source="sre-slo",
)
RESTORE_HOURS = KpiSpec(
    key="sysops.restore_hours",
    discipline_key="sysops",
    name="Time to restore",
    unit="h",
    higher_is_better=False,
    bands=(Band("Elite", max=1), Band("High", max=24), Band("Medium", max=168), Band("Low")),
    source="dora",
)


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (100.0, "Elite"),
        (99.99, "Elite"),
        (99.95, "High"),
        (99.9, "High"),
        (99.0, "Medium"),
        (98.99, "Low"),
        (0, "Low"),
    ],
)
def test_higher_is_better_kpi_falls_in_first_band_with_value_at_least_min(
    value: float, band: str
) -> None:
    found = kpi_band(AVAILABILITY, value)
    assert found is not None and found.name == band


@pytest.mark.parametrize(
    ("value", "band"),
    [(0.5, "Elite"), (1, "Elite"), (1.01, "High"), (24, "High"), (168, "Medium"), (168.5, "Low")],
)
def test_lower_is_better_kpi_falls_in_first_band_with_value_at_most_max(
    value: float, band: str
) -> None:
    found = kpi_band(RESTORE_HOURS, value)
    assert found is not None and found.name == band


def test_kpi_result_has_median_band_source_and_per_team_medians_above_threshold() -> None:
    data = AssessmentData(
        kpis=(AVAILABILITY,),
        kpi_values={
            ("sysops.availability", "red"): (99.0, 99.95, 99.99),
            ("sysops.availability", "blue"): (98.0,),
        },
        respondents={("red", "engineer"): 3, ("blue", "engineer"): 1, ("grey", "engineer"): 2},
    )
    (kpi,) = score_assessment(data).kpis
    assert (kpi.key, kpi.n, kpi.source) == ("sysops.availability", 4, "sre-slo")
    assert kpi.median == pytest.approx((99.0 + 99.95) / 2)
    assert kpi.band == "Medium"
    assert [(t.team, t.n, t.median, t.band) for t in kpi.teams] == [("red", 3, 99.95, "High")]


def test_kpi_without_values_has_no_median_or_band() -> None:
    data = AssessmentData(
        kpis=(RESTORE_HOURS,), kpi_values={("sysops.restore_hours", "red"): (math.nan,)}
    )
    (kpi,) = score_assessment(data).kpis
    assert (kpi.n, kpi.median, kpi.band, kpi.teams) == (0, None, None, ())


# --- gaps, priorities and risks -----------------------------------------------------------


def test_gap_is_never_negative_when_an_area_beats_its_target() -> None:
    data = AssessmentData(
        disciplines=(one_area_per_question({1: 3}),), tallies=everyone({1: at(4)})
    )
    (gap,) = score_assessment(data).gaps
    assert (gap.gap, gap.priority, gap.status) == (0.0, 0.0, "met")


def test_area_without_data_is_reported_as_no_data_not_as_a_gap() -> None:
    data = AssessmentData(
        disciplines=(one_area_per_question({1: 3, 2: 4}),), tallies=everyone({1: at(2)})
    )
    result = score_assessment(data)
    assert [(g.area_key, g.status, g.gap) for g in result.gaps] == [
        ("sysops.a1", "gap", 1.0),
        ("sysops.a2", "no_data", None),
    ]
    assert [r.area_key for r in result.recommendations] == ["sysops.a1"]


def test_priority_multiplies_gap_weight_and_risk_factor() -> None:
    disc = discipline(
        areas=[
            area("sysops.guarded", [question(1)], target=3),  # gap 1, high risk: 1 x 1 x 2 = 2
            area("sysops.plain", [question(2)], target=4),  # gap 1.5, no risk: 1.5
            area("sysops.mixed", [question(3)], target=3),  # gap 1, low + medium: 1.75
            area("sysops.heavy", [question(4)], target=3, weight=2.0),  # gap 0.5 x 2 = 1
        ]
    )
    risks = (
        RiskSpec("outage", "sysops", "Outage", "high", ("sysops.guarded",)),
        RiskSpec("toil", "sysops", "Toil", "low", ("sysops.mixed",)),
        RiskSpec("drift", "sysops", "Drift", "medium", ("sysops.mixed", "sysops.gone")),
    )
    tallies = everyone({1: at(2), 2: tally(0, 1, 1, 0, 0), 3: at(2), 4: tally(0, 1, 1, 0, 0)})
    result = score_assessment(AssessmentData(disciplines=(disc,), risks=risks, tallies=tallies))
    assert [g.area_key for g in result.gaps] == [
        "sysops.guarded",
        "sysops.mixed",
        "sysops.plain",
        "sysops.heavy",
    ]
    assert [g.risk_factor for g in result.gaps] == [2.0, 1.75, 1.0, 1.0]
    assert [g.priority for g in result.gaps] == pytest.approx([2.0, 1.75, 1.5, 1.0])
    assert result.gaps[1].risk_keys == ("toil", "drift")


def test_risk_is_triggered_when_the_mean_of_its_areas_is_below_threshold() -> None:
    disc = one_area_per_question({1: 3, 2: 3, 3: 3})
    risks = (
        RiskSpec(
            "weak", "sysops", "Weak", "high", ("sysops.a1", "sysops.a2")
        ),  # (2 + 2.8) / 2 = 2.4
        RiskSpec(
            "covered", "sysops", "Covered", "high", ("sysops.a1", "sysops.a3")
        ),  # (2 + 3.5) / 2
        RiskSpec("orphan", "sysops", "Orphan", "low", ("sysops.retired",)),
    )
    tallies = everyone({1: at(2), 2: tally(0, 2, 2, 1, 0), 3: tally(0, 0, 1, 1, 0)})
    result = score_assessment(
        AssessmentData(disciplines=(disc,), risks=risks, tallies=tallies), risk_threshold=2.5
    )
    assert [r.key for r in result.triggered_risks] == ["weak"]
    weak = result.triggered_risks[0]
    assert weak.mean_score == pytest.approx(2.4)
    assert weak.triggering_area_keys == ("sysops.a1",)
    orphan = result.risks[2]
    assert (orphan.area_keys, orphan.mean_score, orphan.triggered) == ((), None, False)


def test_unknown_risk_severity_is_rejected() -> None:
    risk = RiskSpec("x", "sysops", "X", "critical", ("sysops.monitoring",))
    with pytest.raises(ValueError, match="unknown severity"):
        score_assessment(AssessmentData(disciplines=(discipline(),), risks=(risk,)))


def test_duplicate_question_ids_are_rejected() -> None:
    disc = discipline(areas=[area("sysops.a", [question(1)]), area("sysops.b", [question(1)])])
    with pytest.raises(ValueError, match="question id 1"):
        score_assessment(AssessmentData(disciplines=(disc,)))


# --- recommendations and roadmap ----------------------------------------------------------


def test_recommendation_lists_next_level_texts_from_each_questions_current_level() -> None:
    spec = area(questions=[question(1), question(2), question(3), question(4)], target=4)
    # q1 at 2.0 -> levels 3, 4; q2 at 1.5 -> 2, 3, 4; q3 at 4 -> nothing;
    # q4 unanswered -> from the area score, 2.5
    tallies = everyone({1: at(2), 2: tally(1, 1, 0, 0, 0), 3: at(4)})
    result = score_assessment(
        AssessmentData(disciplines=(discipline(areas=[spec]),), tallies=tallies)
    )
    (recommendation,) = result.recommendations
    assert recommendation.current == pytest.approx(2.5)
    steps = {
        s.question_key: [(lt.level, lt.text) for lt in s.next_levels] for s in recommendation.steps
    }
    assert steps == {
        "q1": [(3, "q1 level 3"), (4, "q1 level 4")],
        "q2": [(2, "q2 level 2"), (3, "q2 level 3"), (4, "q2 level 4")],
        "q4": [(3, "q4 level 3"), (4, "q4 level 4")],
    }


def test_roadmap_splits_gapped_areas_into_thirds_by_priority() -> None:
    disc = one_area_per_question({1: 3, 2: 3, 3: 3})
    tallies = everyone(
        {1: at(2), 2: tally(0, 1, 3, 0, 0), 3: tally(0, 1, 7, 0, 0)}
    )  # gaps 1, 0.25, 0.125
    result = score_assessment(AssessmentData(disciplines=(disc,), tallies=tallies))
    phases = {phase.key: [r.area_key for r in phase.recommendations] for phase in result.roadmap}
    assert phases == {"now": ["sysops.a1"], "next": ["sysops.a2"], "later": ["sysops.a3"]}


def test_roadmap_puts_big_gaps_and_triggered_high_risks_first() -> None:
    disc = one_area_per_question({1: 3, 2: 3, 3: 3, 4: 5, 5: 3, 6: 3}, weight=1.0)
    tallies = everyone(
        {1: at(2), 2: at(2), 3: tally(0, 1, 1, 0, 0), 4: at(3), 5: tally(0, 0, 3, 1, 0), 6: at(2)}
    )
    risks = (RiskSpec("outage", "sysops", "Outage", "high", ("sysops.a3", "sysops.a5")),)
    # a4 gap 2 (big); a3 2.5 and a5 3.25 average 2.875: not triggered at 2.5, triggered at 3
    result = score_assessment(
        AssessmentData(disciplines=(disc,), tallies=tallies, risks=risks), risk_threshold=3.0
    )
    by_area = {r.area_key: r for r in result.recommendations}
    assert by_area["sysops.a4"].phase == "now"
    assert "2 or more levels below target" in by_area["sysops.a4"].phase_reasons
    assert by_area["sysops.a3"].phase == "now"
    assert "high-severity risk triggered: outage" in by_area["sysops.a3"].phase_reasons
    assert "sysops.a5" not in by_area  # met its target: nothing to recommend


# --- trend ----------------------------------------------------------------------------------


def scored(
    means: Mapping[int, Tally], fingerprints: Mapping[int, str] | None = None
) -> AssessmentResult:
    fingerprints = fingerprints or {}
    disc = discipline(
        areas=[
            area(f"sysops.a{q}", [question(q)], fingerprint=fingerprints.get(q, "")) for q in means
        ]
    )
    return score_assessment(AssessmentData(disciplines=(disc,), tallies=everyone(means)))


@pytest.mark.parametrize(
    ("delta", "arrow"),
    [(0.5, "up"), (0.1, "flat"), (0.1000001, "up"), (-0.1, "flat"), (-0.2, "down"), (0.0, "flat")],
)
def test_direction_has_an_inclusive_dead_band_of_a_tenth(delta: float, arrow: str) -> None:
    assert direction(delta) == arrow


def test_trend_reports_deltas_and_arrows_per_area_matched_by_key() -> None:
    previous = scored({1: at(2), 2: at(3), 3: tally(0, 0, 9, 1, 0)})
    current = scored({1: tally(0, 1, 1, 0, 0), 2: at(3), 3: at(3)})
    trend = compare_results(current, previous)
    assert [t.key for t in trend.areas] == ["sysops.a1", "sysops.a2", "sysops.a3"]
    assert [t.delta for t in trend.areas] == pytest.approx([0.5, 0.0, -0.1])
    assert [t.direction for t in trend.areas] == ["up", "flat", "flat"]
    assert trend.disciplines[0].delta == pytest.approx(0.4 / 3)
    assert trend.overall.direction == "up"


def test_area_with_a_changed_fingerprint_is_not_comparable() -> None:
    previous = scored({1: at(2), 2: at(3)}, {1: "v1", 2: "v1"})
    current = scored({1: at(4), 2: at(3)}, {1: "v2", 2: "v1"})
    trend = compare_results(current, previous)
    changed = trend.areas[0]
    assert (changed.comparable, changed.delta, changed.direction) == (False, None, None)
    assert (changed.current, changed.previous) == (4.0, 2.0)
    assert trend.changed_area_keys == ("sysops.a1",)
    assert trend.disciplines[0].comparable is False
    assert trend.overall.delta is None


def test_new_and_removed_areas_are_listed_as_such() -> None:
    previous = scored({1: at(2), 2: at(3)})
    current = scored({2: at(4), 3: at(1)})
    trend = compare_results(current, previous)
    assert trend.new_area_keys == ("sysops.a3",)
    assert trend.removed_area_keys == ("sysops.a1",)
    assert [(t.key, t.status, t.comparable) for t in trend.areas] == [
        ("sysops.a2", "matched", True),
        ("sysops.a3", "new", False),
        ("sysops.a1", "removed", False),
    ]


# --- empty input ----------------------------------------------------------------------------


def test_empty_input_gives_an_empty_result_that_serialises() -> None:
    result = score_assessment(AssessmentData())
    assert result.overall.mean is None
    assert (result.disciplines, result.teams, result.gaps, result.recommendations) == (
        (),
        (),
        (),
        (),
    )
    assert [phase.recommendations for phase in result.roadmap] == [(), (), ()]
    json.dumps(dataclasses.asdict(result))
    trend = compare_results(result, result)
    assert (trend.overall.delta, trend.areas) == (None, ())


def test_catalogue_without_answers_scores_nothing_and_crashes_nowhere() -> None:
    risks = (RiskSpec("outage", "sysops", "Outage", "high", ("sysops.monitoring",)),)
    data = AssessmentData(disciplines=(discipline(),), risks=risks, kpis=(AVAILABILITY,))
    result = score_assessment(data)
    stats = result.overall
    assert (
        stats.mean,
        stats.median,
        stats.sd,
        stats.coverage,
        stats.ci_low,
        stats.low_coverage,
    ) == (
        None,
        None,
        None,
        None,
        None,
        False,
    )
    assert area_of(result, "sysops.monitoring").agreement.alpha is None
    assert [g.status for g in result.gaps] == ["no_data"]
    assert result.triggered_risks == ()
    assert result.kpis[0].median is None
    json.dumps(dataclasses.asdict(result))


def test_full_result_serialises_to_json() -> None:
    tallies = {
        (1, "red", "engineer"): tally(1, 2, 3, 0, 1, na=1, unknown=2),
        (1, "red", "manager"): at(4, 3),
    }
    data = AssessmentData(
        disciplines=(discipline(),),
        tallies=tallies,
        respondents={("red", "engineer"): 7, ("red", "manager"): 3},
        kpis=(AVAILABILITY,),
        kpi_values={("sysops.availability", "red"): (99.5,)},
    )
    json.loads(json.dumps(dataclasses.asdict(score_assessment(data)), allow_nan=False))
