"""Reads for the survey pages, each a fixed number of queries whatever the page size."""

from django.db.models import Subquery
from django.http import Http404

from ..models import Answer, Assessment, Invitation, Kpi, KpiValue, Question, Response
from .pages import PagePlan, build_plan


def invitation_for_token(token: str) -> Invitation:
    """The invitation behind a personal link, with what every survey page needs, or 404."""
    invitation = Invitation.objects.select_related("assessment__organization", "team", "response").for_token(token)
    if invitation is None:
        raise Http404("No such link")
    response = response_of(invitation)
    if response is not None:
        # Share the loaded rows, so services reading response.invitation or
        # response.assessment do not query them again.
        response.invitation = invitation
        response.assessment = invitation.assessment
        response.team = invitation.team
    return invitation


def response_of(invitation: Invitation) -> Response | None:
    try:
        return invitation.response
    except Response.DoesNotExist:
        return None


def _discipline_ids(assessment: Assessment) -> Subquery:
    return Subquery(
        assessment.disciplines.filter(version_id=assessment.catalogue_version_id).values("pk")
    )


def survey_plan(assessment: Assessment) -> PagePlan:
    """The assessment's pages, in two queries (questions and KPIs with their parents)."""
    ids = _discipline_ids(assessment)
    questions = Question.objects.filter(area__discipline__in=ids).select_related("area__discipline")
    kpis = Kpi.objects.filter(discipline__in=ids).select_related("discipline")
    return build_plan(questions, kpis)


def response_answers(response: Response) -> dict[int, Answer]:
    """Every answer of the response by question id, in one query."""
    rows = Answer.objects.filter(response=response).only("question_id", "kind", "level", "comment")
    return {a.question_id: a for a in rows}


def response_kpi_values(response: Response) -> dict[int, float]:
    return dict(KpiValue.objects.filter(response=response).values_list("kpi_id", "value"))


def answered_count(response: Response) -> int:
    return Answer.objects.filter(response=response).count()
