"""Reads for the survey pages, each a fixed number of queries whatever the page size."""

import threading
from collections import OrderedDict
from collections.abc import Collection

from django.http import Http404

from ..models import Answer, Assessment, Invitation, Kpi, KpiValue, Question, Response
from .lookup import invitation_by_token
from .pages import PagePlan, build_plan


def invitation_for_token(token: str, *, with_answered: bool = False) -> Invitation:
    """The invitation behind a personal link, with what every survey page needs, or 404.

    One query (compiled once per process, see lookup.py); `with_answered` also counts the
    response's answers in it, as `invitation.answered` (for the progress bar). The token
    is compared in constant time (Invitation.has_token).
    """
    invitation = invitation_by_token(token, with_answered=with_answered)
    if invitation is None or not invitation.has_token(token):
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
    it is cached in the process under the assessment, its catalogue version and its
    questionnaire revision (bumped on any change of its disciplines), all on the row
    every survey request has already loaded: a cache hit costs no query, and a changed
    questionnaire has another key and is built afresh. Building costs three queries and
    hundreds of model instances, most of a page's time at 300 questions. The cached plan
    is read-only: pages and templates never change it.
    """
    key = (assessment.pk, assessment.catalogue_version_id, assessment.questionnaire_revision)
    with _plans_lock:
        plan = _plans.get(key)
        if plan is not None:
            _plans.move_to_end(key)
            return plan
    ids = list(assessment.disciplines.filter(version_id=assessment.catalogue_version_id).values_list("pk", flat=True))
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


def response_answers(response: Response, question_ids: Collection[int]) -> dict[int, Answer]:
    """The response's answers to `question_ids` (a page's) by question id, in one query."""
    rows = Answer.objects.filter(response=response, question_id__in=question_ids)
    return {a.question_id: a for a in rows.only("question_id", "kind", "level", "comment")}


def answered_question_ids(response: Response) -> set[int]:
    return set(Answer.objects.filter(response=response).values_list("question_id", flat=True))


def response_kpi_values(response: Response, kpi_ids: Collection[int]) -> dict[int, float]:
    """The response's figures for `kpi_ids` (a page's; none asked, no query)."""
    if not kpi_ids:
        return {}
    return dict(KpiValue.objects.filter(response=response, kpi_id__in=kpi_ids).values_list("kpi_id", "value"))


def answered_count(response: Response) -> int:
    return Answer.objects.filter(response=response).count()
