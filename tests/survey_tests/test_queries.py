"""Showing a page and saving answers cost a fixed handful of queries, whatever the
number of questions (the closest peer needs 44 to show 40 questions and 165 to save)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Answer, KpiValue
from assessments.services.survey import response_start
from assessments.survey.selectors import survey_plan
from tests.builders import make_assessment, make_invitation

from .conftest import assessment_kpis, assessment_questions, url


def count(callable_) -> int:
    with CaptureQueriesContext(connection) as ctx:
        callable_()
    return len(ctx.captured_queries)


def everything(plan, choice="3"):
    data = {f"q-{q.pk}": choice for p in plan.pages for q in p.questions}
    data |= {f"c-{q.pk}": "A comment" for p in plan.pages for q in p.questions}
    data |= {f"k-{k.pk}": f"{k.range_min:g}" for p in plan.pages for k in p.kpis}  # in range
    return data


def test_showing_a_page_takes_the_same_few_queries_for_few_or_many_questions(client, started, invitation, plan):
    client.post(url("autosave", invitation), everything(plan))
    largest = max(plan.pages, key=lambda p: len(p.questions))
    smallest = min(plan.pages, key=lambda p: (len(p.questions), -len(p.kpis)))
    with_kpis = max(plan.pages, key=lambda p: len(p.kpis))
    assert len(largest.questions) > len(smallest.questions) and with_kpis.kpis
    counts = []
    for page in (largest, smallest, with_kpis):
        client.get(url("page", invitation, page.number))
        counts.append(count(lambda number=page.number: client.get(url("page", invitation, number))))
    assert counts[0] == counts[1] == counts[2] <= 5, counts


def test_showing_a_page_does_not_grow_with_the_size_of_the_assessment(client, org, owner, catalogue):
    counts, sizes = [], []
    every_discipline = tuple(catalogue.disciplines.values_list("key", flat=True))
    for disciplines in (("secops",), every_discipline):
        invitation = make_invitation(make_assessment(org, disciplines=disciplines, title=str(len(disciplines))))
        response = response_start(invitation=invitation, role="engineer")
        client.post(url("autosave", invitation), everything(survey_plan(invitation.assessment)))
        sizes.append(Answer.objects.filter(response=response).count())
        assert sizes[-1] == assessment_questions(invitation.assessment).count()
        client.get(url("page", invitation, 1))
        counts.append(count(lambda link=invitation: client.get(url("page", link, 1))))
    assert sizes[0] < sizes[1]
    assert counts[0] == counts[1] <= 5


def test_saving_one_answer_or_a_whole_survey_takes_the_same_few_queries(client, started, invitation, plan):
    first = plan.pages[0].questions[0]
    one = count(lambda: client.post(url("autosave", invitation), {f"q-{first.pk}": "2"}))
    questions, kpis = assessment_questions(started.assessment).count(), assessment_kpis(started.assessment).count()
    data = everything(plan)
    assert len(data) == questions * 2 + kpis and kpis > 0
    everything_at_once = count(lambda: client.post(url("autosave", invitation), data))
    assert Answer.objects.filter(response=started, comment="A comment").count() == questions
    assert KpiValue.objects.filter(response=started).count() == kpis
    assert one <= everything_at_once <= 10  # KPIs add their own look-up and upsert, once


def test_saving_a_page_on_submit_takes_a_handful_of_queries(client, started, invitation, plan):
    data = {f"q-{q.pk}": "4" for q in plan.pages[0].questions} | {"go": "next"}
    queries = count(lambda: client.post(url("page", invitation, 1), data))
    assert Answer.objects.filter(response=started, level=4).count() == len(plan.pages[0].questions)
    assert queries <= 8


def test_the_review_page_takes_a_handful_of_queries(client, started, invitation, plan):
    client.post(url("autosave", invitation), everything(plan))
    client.get(url("review", invitation))
    assert count(lambda: client.get(url("review", invitation))) <= 5


def test_the_plan_is_built_once_and_rebuilt_when_the_questionnaire_changes(org, owner, catalogue):
    assessment = make_assessment(org, disciplines=("secops",))
    first = survey_plan(assessment)
    with CaptureQueriesContext(connection) as ctx:
        again = survey_plan(assessment)
    assert again is first and len(ctx.captured_queries) == 1  # only the discipline ids
    assessment.disciplines.add(catalogue.disciplines.get(key="devops"))
    changed = survey_plan(assessment)
    assert changed is not first
    assert {p.discipline.key for p in changed.pages} == {"secops", "devops"}
