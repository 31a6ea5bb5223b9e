"""Survey fixtures: a personal link, a started response, and small helpers to answer."""

import html

import pytest
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.html import strip_tags

from assessments.models import Invitation, Kpi, Question, RespondentRole, Response
from assessments.services.survey import response_start
from assessments.survey.pages import PagePlan, SurveyPage
from assessments.survey.selectors import survey_plan
from tests.builders import make_invitation


@pytest.fixture
def invitation(assessment) -> Invitation:
    """An emailed link to the `assessment` (SysOps and DevOps) for the team Platform."""
    return make_invitation(assessment, email="dev@acme.example")


@pytest.fixture
def started(invitation) -> Response:
    return response_start(invitation=invitation, role=RespondentRole.ENGINEER)


@pytest.fixture
def plan(assessment) -> PagePlan:
    return survey_plan(assessment)


def url(name: str, invitation: Invitation, *args: object) -> str:
    return reverse(f"survey:{name}", args=[invitation.token, *args])


def text(response) -> str:
    """The page's words without tags, whitespace collapsed: what a reader sees."""
    return " ".join(html.unescape(strip_tags(response.content.decode())).split())


# --- the plan's shape, read from the loaded catalogue rather than hard-coded ----------------


def assessment_questions(assessment) -> QuerySet:
    """The questions of the assessment's disciplines, straight from the catalogue tables."""
    return Question.objects.filter(area__discipline__in=assessment.disciplines.all())


def assessment_kpis(assessment) -> QuerySet:
    return Kpi.objects.filter(discipline__in=assessment.disciplines.all())


def kpi_page(plan: PagePlan) -> SurveyPage:
    """The first page that asks for KPI figures."""
    page = next((p for p in plan.pages if p.kpis), None)
    assert page is not None, "the survey asks for no KPI figures"
    return page


def plan_kpis(plan: PagePlan) -> list[Kpi]:
    return [k for p in plan.pages for k in p.kpis]


def accepts(kpi: Kpi, *values: float) -> bool:
    return all(kpi.range_min <= value <= kpi.range_max for value in values)


def kpi_accepting(kpis, *values: float) -> Kpi:
    """The first KPI whose plausible range holds every one of `values`."""
    kpi = next((k for k in kpis if accepts(k, *values)), None)
    assert kpi is not None, f"no KPI accepts {values}"
    return kpi


def is_percentage(kpi: Kpi) -> bool:
    return (kpi.unit, kpi.range_min, kpi.range_max) == ("%", 0, 100)


def percentage_kpi(plan: PagePlan) -> Kpi:
    """The first KPI in per cent, from 0 to 100."""
    return page_with_percentage_kpi(plan)[1]


def page_with_percentage_kpi(plan: PagePlan, *other_values: float) -> tuple[SurveyPage, Kpi, Kpi | None]:
    """The first page with a percentage KPI (0 to 100 %) and, when `other_values` are
    given, another KPI on it whose range holds them: (page, percentage KPI, other KPI)."""
    for page in plan.pages:
        percentage = next((k for k in page.kpis if is_percentage(k)), None)
        if percentage is None:
            continue
        if not other_values:
            return page, percentage, None
        other = next((k for k in page.kpis if k != percentage and accepts(k, *other_values)), None)
        if other is not None:
            return page, percentage, other
    raise AssertionError(f"no page asks for a percentage KPI (and another accepting {other_values})")
