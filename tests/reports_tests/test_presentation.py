"""The presentation model on hand-made results: every printed figure decided once, on
the printed value, at the edges where raw and printed values part ways."""

from __future__ import annotations

import datetime

import pytest

from reports.presentation import ActionSpec, QuestionGuidance, ReportInputs, Score, build_document, rules
from reports.scoring import AreaSpec, AssessmentData, DisciplineSpec, QuestionSpec, RiskSpec, Tally, score_assessment

# Twenty answers whose mean is exactly the given value, as a level histogram.
MEANS = {
    2.45: (0, 11, 9, 0, 0),  # 49 / 20
    2.95: (0, 1, 19, 0, 0),  # 59 / 20
    3.05: (0, 0, 19, 1, 0),  # 61 / 20
    2.96: (0, 1, 24, 0, 0),  # 74 / 25
    2.84: (0, 4, 21, 0, 0),  # 71 / 25
    2.0: (0, 20, 0, 0, 0),
    1.5: (10, 10, 0, 0, 0),
}


def result_for(area_means: dict[str, float], *, targets: dict[str, int] | None = None, risks=()):
    """One discipline "ops" with an area per entry, each one question whose mean is exact."""
    areas, tallies = [], {}
    for i, (name, mean) in enumerate(area_means.items(), start=1):
        areas.append(AreaSpec(key=f"ops.{name}", name=name.title(), weight=1.0,
                              target=(targets or {}).get(name, 3),
                              questions=(QuestionSpec(id=i, key=f"q{i}", text=f"Practice {name}",
                                                      levels=tuple(f"{name} level {n}" for n in range(1, 6))),),
                              fingerprint=name))
        tallies[(i, "team", "engineer")] = Tally(levels=MEANS[mean])
    data = AssessmentData(disciplines=(DisciplineSpec("ops", "Ops", tuple(areas)),), risks=tuple(risks),
                          tallies=tallies, respondents={("team", "engineer"): 25})
    return score_assessment(data)


def document(result, **overrides):
    fields = dict(organization="Acme", assessment_title="Baseline", assessment_id=1, consultant="Alex",
                  status="Closed", is_open=False, opens_on=None, closes_on=None,
                  generated_at=datetime.datetime(2026, 12, 3, 9, 0, tzinfo=datetime.UTC), target_model="Baseline",
                  target_model_description="", catalogue_version="v1", teams=("team",), invited=25, result=result)
    fields.update(overrides)
    return build_document(ReportInputs(**fields))


@pytest.mark.parametrize(("raw", "text", "level"), [
    (2.45, "2.5", "Repeatable"),
    (2.449, "2.4", "Repeatable"),
    (2.95, "3.0", "Defined"),
    (2.9, "2.9", "Repeatable"),
    (3.05, "3.1", "Defined"),
    (4.999, "5.0", "Optimising"),
    (None, "–", "no data"),
])
def test_a_score_is_rounded_half_up_once_and_named_and_coloured_from_that_value(raw, text, level):
    score = Score.of(raw)
    assert (score.text, score.level_name) == (text, level)
    assert score.colour == (rules.LEVEL_COLOURS[score.level] if score.level else rules.NO_DATA_COLOUR)


def test_an_area_printed_at_its_target_is_met_not_a_gap_and_gets_no_roadmap_entry():
    result = result_for({"edge": 2.95, "low": 2.0})
    assert result.gaps[1].status == "gap" or result.gaps[0].status == "gap"  # the engine sees 0.05 below target
    doc = document(result)
    edge = doc.area("ops.edge")
    assert (edge.score.text, edge.gap, edge.is_gap, edge.status, edge.gap_text) == ("3.0", 0.0, False, "met", "met")
    assert [g.area.key for g in doc.gaps] == ["ops.low"]
    assert [r.area.key for p in doc.phases for r in p.recommendations] == ["ops.low"]


def test_a_risk_exactly_at_its_threshold_is_not_triggered():
    risk = RiskSpec("ops.outage", "ops", "Long outages.", "high", ("ops.edge",))
    result = result_for({"edge": 2.45}, risks=[risk])
    assert result.risks[0].triggered  # raw 2.45 < 2.5
    row = document(result).risks[0]
    assert (row.score.text, row.triggered) == ("2.5", False)


def test_a_risk_below_its_threshold_is_rated_and_names_the_actions_that_reduce_it():
    risk = RiskSpec("ops.outage", "ops", "Long outages.", "high", ("ops.weak",))
    result = result_for({"weak": 1.5}, risks=[risk])
    guidance = {1: QuestionGuidance(improve={1: (ActionSpec("Write a runbook for the top five alerts", "S", "SRE"),)},
                                    mitigates=("ops.outage",))}
    doc = document(result, guidance=guidance, risk_owners={"ops.outage": "SRE"})
    row = doc.risks[0]
    assert (row.ref, row.triggered, row.impact, row.likelihood, row.rating, row.owner) == (
        "R1", True, "high", "high", "Critical", "SRE")
    action = doc.phases[0].recommendations[0].actions[0]
    assert (action.ref, action.text, action.effort, action.owner, action.horizon, action.risk_refs) == (
        "A1", "Write a runbook for the top five alerts", "S", "SRE", "First 90 days", ("R1",))
    assert row.action_refs == ("A1",)


def test_a_trend_delta_is_the_difference_of_the_printed_scores():
    current, previous = result_for({"edge": 2.96}), result_for({"edge": 2.84})
    assert round(current.overall.mean - previous.overall.mean, 1) == 0.1  # raw: 0.12
    change = document(current, previous=previous, previous_title="2025").trend.areas[0].change
    assert (change.previous.text, change.current.text, change.delta, change.text) == ("2.8", "3.0", 0.2, "↑ +0.2")


def test_actions_start_from_the_level_each_question_has_reached():
    result = result_for({"low": 2.0})
    guidance = {1: QuestionGuidance(improve={
        1: (ActionSpec("Level one action", "S", "engineer"),),
        2: (ActionSpec("Level two action", "M", "team lead"), ActionSpec("Second level two action", "L", "SRE")),
    })}
    rec = document(result, guidance=guidance).phases[0].recommendations[0]
    assert [a.text for a in rec.all_actions] == ["Level two action", "Second level two action"]
    assert rec.from_guidance


def test_without_guidance_the_next_anchor_is_the_action():
    anchors = QuestionGuidance(levels=tuple(f"low level {n}" for n in range(1, 6)))
    rec = document(result_for({"low": 2.0}), guidance={1: anchors}).phases[0].recommendations[0]
    assert rec.actions[0].text == "Reach level 3: low level 3"
    assert not rec.from_guidance


def test_few_respondents_or_a_low_response_rate_make_the_result_indicative():
    result = result_for({"low": 2.0})
    assert document(result, invited=25).meta.indicative is False
    assert document(result, invited=60).meta.indicative_reason == "Indicative: a response rate under 50%."
