"""Every survey step costs a small fixed number of queries, the same for one discipline
as for the whole catalogue: the questionnaire's plan is built once and cached, so a
request only reads the link, this page's answers and a count (the closest peer needs
44 queries to show 40 questions and 165 to save them)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Answer, Discipline, KpiValue, Response
from assessments.survey.selectors import survey_plan
from tests.builders import make_assessment, make_invitation

from .conftest import assessment_kpis, assessment_questions, url

# Transaction control is not a query: SQLite shows BEGIN and COMMIT, PostgreSQL does not.
TRANSACTION_CONTROL = re.compile(r"\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b", re.I)
MOST_QUERIES_PER_STEP = 4


def count(callable_) -> int:
    with CaptureQueriesContext(connection) as ctx:
        callable_()
    return sum(1 for q in ctx.captured_queries if not TRANSACTION_CONTROL.match(q["sql"]))


def everything(plan, choice="3"):
    data = {f"q-{q.pk}": choice for p in plan.pages for q in p.questions}
    data |= {f"c-{q.pk}": "A comment" for p in plan.pages for q in p.questions}
    data |= {f"k-{k.pk}": f"{k.range_min:g}" for p in plan.pages for k in p.kpis}  # in range
    return data


def journey_queries(client, invitation) -> dict[str, int]:
    """The queries of each step of a whole journey, from the intro to the thank-you page."""
    plan = survey_plan(invitation.assessment)  # what every worker holds after its first request
    first, with_figures = plan.pages[0], next(p for p in plan.pages if p.kpis)
    go = {"intro": lambda: client.get(url("start", invitation)),
          "role": lambda: client.post(url("start", invitation), {"role": "engineer"}),
          "page, first visit": lambda: client.get(url("page", invitation, 1)),
          "page, again": lambda: client.get(url("page", invitation, 1)),
          "page with figures": lambda: client.get(url("page", invitation, with_figures.number)),
          "page saved": lambda: client.post(url("page", invitation, 1),
                                            {f"q-{q.pk}": "3" for q in first.questions} | {"go": "next"}),
          "autosave of one answer": lambda: client.post(url("autosave", invitation), {f"q-{first.questions[0].pk}": "2"}),
          "review": lambda: client.get(url("review", invitation)),
          "submit": lambda: client.post(url("submit", invitation), {"confirmed": "1"}),
          "thank-you": lambda: client.get(url("start", invitation))}
    counts = {step: count(request) for step, request in go.items()}
    assert Answer.objects.filter(response__invitation=invitation).count() == len(first.questions)
    assert Response.objects.get(invitation=invitation).status == Response.Status.SUBMITTED
    return counts


def test_every_step_costs_the_same_few_queries_for_one_discipline_or_the_whole_catalogue(client, org, catalogue):
    small = make_invitation(make_assessment(org, disciplines=("secops",), title="one"))
    whole = make_invitation(make_assessment(org, disciplines=tuple(catalogue.disciplines.values_list("key", flat=True)),
                                            title="all"))
    sizes = [assessment_questions(i.assessment).count() for i in (small, whole)]
    assert sizes[1] > 5 * sizes[0]
    small_counts, whole_counts = journey_queries(client, small), journey_queries(client, whole)
    assert small_counts == whole_counts
    assert max(small_counts.values()) <= MOST_QUERIES_PER_STEP, small_counts
    assert small_counts["page, again"] < small_counts["page with figures"]  # figures are read only where shown


def test_showing_a_page_does_not_read_the_rest_of_the_response(client, started, invitation, plan):
    client.post(url("autosave", invitation), everything(plan))
    counts = [count(lambda number=page.number: client.get(url("page", invitation, number))) for page in plan.pages]
    assert counts[0] <= MOST_QUERIES_PER_STEP  # the first one moves the resume point
    assert max(counts[1:]) <= MOST_QUERIES_PER_STEP


def test_saving_one_answer_or_a_whole_survey_takes_the_same_few_queries(client, started, invitation, plan):
    first = plan.pages[0].questions[0]
    one = count(lambda: client.post(url("autosave", invitation), {f"q-{first.pk}": "2"}))
    questions, kpis = assessment_questions(started.assessment).count(), assessment_kpis(started.assessment).count()
    data = everything(plan)
    assert len(data) == questions * 2 + kpis and kpis > 0
    everything_at_once = count(lambda: client.post(url("autosave", invitation), data))
    assert Answer.objects.filter(response=started, comment="A comment").count() == questions
    assert KpiValue.objects.filter(response=started).count() == kpis
    assert one <= MOST_QUERIES_PER_STEP
    assert everything_at_once <= one + 1  # the figures' upsert, once


def test_the_plan_is_built_once_and_rebuilt_when_the_questionnaire_changes(org, owner, catalogue):
    assessment = make_assessment(org, disciplines=("secops",))
    first = survey_plan(assessment)
    with CaptureQueriesContext(connection) as ctx:
        again = survey_plan(assessment)
    assert again is first and ctx.captured_queries == []  # keyed by what the request already loaded
    assessment.disciplines.add(catalogue.disciplines.get(key="devops"))
    changed = survey_plan(assessment)
    assert {p.discipline.key for p in changed.pages} == {"secops", "devops"}
    # From the discipline's side too, and on a copy of the row loaded before the change.
    stale = type(assessment).objects.get(pk=assessment.pk)
    catalogue.disciplines.get(key="secops").assessments.remove(assessment)
    assert {p.discipline.key for p in survey_plan(stale).pages} == {"secops", "devops"}
    stale.refresh_from_db()
    assert {p.discipline.key for p in survey_plan(stale).pages} == {"devops"}


@pytest.mark.parametrize("change", ["set", "clear"])
def test_a_respondent_sees_the_changed_questionnaire_on_the_next_page(client, org, catalogue, change):
    assessment = make_assessment(org, disciplines=("secops",))
    invitation = make_invitation(assessment)
    client.post(url("start", invitation), {"role": "engineer"})
    assert "SecOps" in client.get(url("page", invitation, 1)).content.decode()
    if change == "set":
        assessment.disciplines.set(Discipline.objects.filter(key="devops", version=catalogue))
    else:
        assessment.disciplines.clear()
        assessment.disciplines.add(Discipline.objects.get(key="devops", version=catalogue))
    page = client.get(url("page", invitation, 1)).content.decode()
    assert "DevOps" in page and "SecOps" not in page
