"""The completion rule: a submitted response counts in the results once it has answered
the assessment's minimum share of the questions that apply to it (default 80 %; "Not
applicable" ones left out, "Don't know" counts as an answer). Below it the response is
kept but not scored; submitting below 100 % asks for confirmation and states the figure."""

from __future__ import annotations

import pytest

from assessments.models import Answer, Assessment, Response
from assessments.selectors import assessment_progress
from assessments.services.survey import completion_of
from reports.publications import unpublished_count
from reports.selectors import scored_responses

from .conftest import text, url


def answer(response: Response, questions, kind: str = Answer.Kind.LEVEL) -> None:
    Answer.objects.bulk_create(Answer(response=response, question=q, kind=kind,
                                      level=3 if kind == Answer.Kind.LEVEL else None) for q in questions)


def questions_of(plan) -> list:
    return [q for page in plan.pages for q in page.questions]


def test_the_figure_leaves_out_not_applicable_and_counts_dont_know(started, plan):
    everything = questions_of(plan)
    n = len(everything)
    answer(started, everything[:10], Answer.Kind.NOT_APPLICABLE)
    answer(started, everything[10:20], Answer.Kind.DONT_KNOW)
    answer(started, everything[20:n - 10])
    done = completion_of(started, n, 80)
    assert (done.answered, done.applicable) == (n - 20, n - 10)
    assert done.percent == 100 * (n - 20) // (n - 10) and done.counts and not done.complete
    assert not completion_of(started, n, 99).counts
    assert completion_of(started, 10, 80).counts  # nothing applies: nothing is missing


@pytest.mark.parametrize(("share", "counted"), [(0.79, False), (0.80, True)])
def test_a_response_below_the_rule_is_kept_but_not_scored(client, started, invitation, plan, share, counted):
    everything = questions_of(plan)
    answer(started, everything[:int(len(everything) * share + 0.5)])
    assert client.post(url("submit", invitation), {"confirmed": "1"}).status_code == 302
    stored = Response.objects.get(pk=started.pk)
    assert stored.status == Response.Status.SUBMITTED and stored.below_rule is not counted
    assert (stored in scored_responses(stored.assessment)) is counted
    assert unpublished_count(stored.assessment) == int(counted)  # below the rule: never published either
    team = next(t for t in assessment_progress(stored.assessment).teams if t.team_id == stored.team_id)
    assert (team.submitted, team.counted, team.below_rule) == (1, int(counted), int(not counted))


def test_answering_more_after_submitting_makes_a_response_count(client, started, invitation, plan):
    everything = questions_of(plan)
    answer(started, everything[:len(everything) // 2])
    client.post(url("submit", invitation), {"confirmed": "1"})
    assert Response.objects.get(pk=started.pk).below_rule
    review = text(client.get(url("review", invitation)))
    assert "Your answers do not count in the results yet:" in review
    rest = {f"q-{q.pk}": "4" for q in everything[len(everything) // 2:]}
    client.post(url("autosave", invitation), rest)
    assert not Response.objects.get(pk=started.pk).below_rule


def test_lowering_the_minimum_counts_the_responses_that_now_meet_it_and_raising_takes_none_out(
        started, invitation, plan, owner):
    from assessments.services.assessments import assessment_update
    from assessments.services.survey import response_submit

    everything = questions_of(plan)
    answer(started, everything[:len(everything) // 2])
    response_submit(response=started)
    assessment = Assessment.objects.get(pk=started.assessment_id)

    def update(minimum: int) -> None:
        assessment_update(assessment=assessment, actor=owner, title=assessment.title,
                          disciplines=assessment.disciplines.all(), target_model=assessment.target_model,
                          teams=assessment.teams.all(), opens_on=None, closes_on=None, min_completion=minimum)

    update(60)
    assert Response.objects.get(pk=started.pk).below_rule
    update(100 * (len(everything) // 2) // len(everything))  # just what half the questions reach
    assert not Response.objects.get(pk=started.pk).below_rule
    update(90)
    assert not Response.objects.get(pk=started.pk).below_rule  # once counted, it stays in the results


def test_submitting_below_100_percent_asks_first_and_states_the_figure(client, started, invitation, plan):
    everything = questions_of(plan)
    answer(started, everything[:-3])
    figure = 100 * (len(everything) - 3) // len(everything)
    asked = client.post(url("submit", invitation))
    assert asked.status_code == 200
    page = text(asked)
    assert f"Submit with {figure} % answered? Your answers will count; the 3 questions left open will not." in page
    assert 'name="confirmed" value="1"' in asked.content.decode()
    assert Response.objects.get(pk=started.pk).status == Response.Status.DRAFT
    assert client.post(url("submit", invitation), {"confirmed": "1"}).status_code == 302
    assert Response.objects.get(pk=started.pk).status == Response.Status.SUBMITTED


def test_a_complete_response_is_submitted_without_a_second_step(client, started, invitation, plan):
    answer(started, questions_of(plan))
    assert client.post(url("submit", invitation)).status_code == 302
    assert Response.objects.get(pk=started.pk).status == Response.Status.SUBMITTED


def test_below_the_rule_the_confirmation_says_the_answers_will_not_count(client, started, invitation, plan):
    answer(started, questions_of(plan)[:5])
    page = text(client.post(url("submit", invitation)))
    assert "Below 80 % your answers are kept but not counted in the results" in page


def test_the_review_shows_each_areas_completeness_with_its_open_questions(client, started, invitation, plan):
    first = plan.pages[0].areas[0]
    answer(started, first.questions[:-1])
    html = client.get(url("review", invitation)).content.decode()
    missing = first.questions[-1]
    assert f"{len(first.questions) - 1} of {len(first.questions)}" in html
    assert '<summary class="small">1 not answered</summary>' in html
    assert f'<a href="{url("page", invitation, 1)}#q-{missing.pk}">{missing.text}</a>' in html
    # The submit button comes before the list of areas (within the first screen on a phone).
    assert html.index("Submit my answers") < html.index("Completeness by area")


def test_the_report_states_the_rule_in_its_methodology():
    from reports.presentation import build_document
    from tests.reports_tests.report_builders import inputs

    said = [p for p in build_document(inputs(min_completion=80)).methodology.scoring if "80%" in p]
    assert said == ["A submitted response is scored once at least 80% of the questions that apply to the respondent "
                    "are answered (“not applicable” left out, “don’t know” counting as an answer); the responses "
                    "below that are kept but not scored."]
    assert not any("is scored once" in p for p in build_document(inputs()).methodology.scoring)
