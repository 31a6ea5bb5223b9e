"""Reads for the survey pages, each a fixed number of queries whatever the page size."""

import threading
from collections import OrderedDict

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


PLAN_CACHE_SIZE = 64
_plans: "OrderedDict[tuple, PagePlan]" = OrderedDict()
_plans_lock = threading.Lock()


def survey_plan(assessment: Assessment) -> PagePlan:
    """The assessment's pages, built once per questionnaire and then reused.

    The plan depends only on the catalogue version and the assessment's disciplines, so
    it is cached in the process under exactly those (one small query for the discipline
    ids): a changed questionnaire has another key and is built afresh. Building it costs
    two queries and hundreds of model instances, most of a page's time at 300 questions.
    The cached plan is read-only: pages and templates never change it.
    """
    ids = tuple(sorted(assessment.disciplines.filter(version_id=assessment.catalogue_version_id)
                       .values_list("pk", flat=True)))
    key = (assessment.catalogue_version_id, ids)
    with _plans_lock:
        plan = _plans.get(key)
        if plan is not None:
            _plans.move_to_end(key)
            return plan
    questions = Question.objects.filter(area__discipline__in=ids).select_related("area__discipline")
    kpis = Kpi.objects.filter(discipline__in=ids).select_related("discipline")
    plan = build_plan(questions, kpis)
    with _plans_lock:
        _plans[key] = plan
        while len(_plans) > PLAN_CACHE_SIZE:
            _plans.popitem(last=False)
    return plan


def clear_plan_cache() -> None:
    with _plans_lock:
        _plans.clear()


def response_answers(response: Response) -> dict[int, Answer]:
    """Every answer of the response by question id, in one query."""
    rows = Answer.objects.filter(response=response).only("question_id", "kind", "level", "comment")
    return {a.question_id: a for a in rows}


def response_kpi_values(response: Response) -> dict[int, float]:
    return dict(KpiValue.objects.filter(response=response).values_list("kpi_id", "value"))


def answered_count(response: Response) -> int:
    return Answer.objects.filter(response=response).count()
