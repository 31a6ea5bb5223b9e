"""The respondent's survey, reached by a personal link without an account.

The token in the URL is the only credential: every view starts from it and 404s on an
unknown one. Pages work without scripting (each page saves on submit); with it,
static/js/survey.js also saves each answer as it is given through `autosave`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from ..models import Assessment, Invitation, Response
from ..services.survey import answers_save, response_start, response_submit, response_visit, survey_closed_reason
from .forms import PageForm, RoleForm, answer_values, parse_answers
from .pages import PagePlan
from .selectors import (
    answered_count,
    invitation_for_token,
    response_answers,
    response_kpi_values,
    response_of,
    survey_plan,
)

MSG_UNKNOWN_LINK = "This survey link does not exist. Check that you copied the whole link."
MSG_NOT_STARTED = "Start the survey first: open your link again."


def _gone(invitation: Invitation) -> bool:
    """Revoked links and closed assessments are gone (410); a draft one may open later."""
    return invitation.is_revoked or invitation.assessment.status == Assessment.Status.CLOSED


def _unavailable(request: HttpRequest, invitation: Invitation, reason: str) -> HttpResponse:
    gone = _gone(invitation)
    return render(request, "survey/unavailable.html", {
        "invitation": invitation,
        "assessment": invitation.assessment,
        "organization": invitation.assessment.organization,
        "reason": reason,
        "response": response_of(invitation),
    }, status=410 if gone else 200)


def _base(invitation: Invitation, plan: PagePlan, response: Response | None = None) -> dict[str, object]:
    return {
        "invitation": invitation,
        "token": invitation.token,
        "assessment": invitation.assessment,
        "organization": invitation.assessment.organization,
        "plan": plan,
        "response": response,
        "k": settings.OPSASSESS_MIN_GROUP_SIZE,
    }


def _started(request: HttpRequest, token: str) -> tuple[Invitation, Response] | HttpResponse:
    """The invitation and its response for the pages after the intro, or the page to
    show instead: why the survey is unavailable, or the intro when not started yet."""
    invitation = invitation_for_token(token)
    reason = survey_closed_reason(invitation)
    if reason:
        return _unavailable(request, invitation, reason)
    response = response_of(invitation)
    if response is None:
        return redirect("survey:start", token)
    return invitation, response


def _resume_url(token: str, plan: PagePlan, response: Response) -> str:
    if response.last_page >= plan.review_number:
        return reverse("survey:review", args=[token])
    return reverse("survey:page", args=[token, max(1, response.last_page)])


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, token: str) -> HttpResponse:
    """The intro (and role question) the first time; then resume, or thank once submitted."""
    invitation = invitation_for_token(token)
    reason = survey_closed_reason(invitation)
    if reason:
        return _unavailable(request, invitation, reason)
    response = response_of(invitation)
    plan = survey_plan(invitation.assessment)
    if response is not None and request.method == "GET":
        if response.status == Response.Status.SUBMITTED:
            return render(request, "survey/thanks.html", _base(invitation, plan, response))
        return redirect(_resume_url(token, plan, response))
    form = RoleForm(request.POST if request.method == "POST" else None) if not invitation.role else None
    if request.method == "POST" and (form is None or form.is_valid()):
        role = form.cleaned_data["role"] if form is not None else invitation.role
        try:
            response = response_start(invitation=invitation, role=role)
        except ValidationError as exc:
            return _unavailable(request, invitation, exc.messages[0])
        return redirect(_resume_url(token, plan, response))
    return render(request, "survey/intro.html", {**_base(invitation, plan), "form": form})


def _after_save(go: str, token: str, plan: PagePlan, number: int) -> str:
    if go == "back" and number > 1:
        return reverse("survey:page", args=[token, number - 1])
    if go == "stay":
        return reverse("survey:page", args=[token, number])
    if go == "review" or number >= len(plan.pages):
        return reverse("survey:review", args=[token])
    return reverse("survey:page", args=[token, number + 1])


@require_http_methods(["GET", "POST"])
def page(request: HttpRequest, token: str, number: int) -> HttpResponse:
    """One page of questions; its submit saves every answer on it ("Save and continue")."""
    started = _started(request, token)
    if isinstance(started, HttpResponse):
        return started
    invitation, response = started
    plan = survey_plan(invitation.assessment)
    survey_page = plan.page(number)
    if survey_page is None:
        raise Http404("No such page in this survey.")
    errors: dict[str, str] = {}
    posted: dict[str, str] = {}
    if request.method == "POST":
        parsed = parse_answers(request.POST)
        result = answers_save(response=response, answers=parsed.answers, kpi_values=parsed.kpi_values)
        errors = parsed.errors | result.errors
        if not errors:
            return redirect(_after_save(request.POST.get("go", "next"), token, plan, number))
        posted = {key: request.POST.get(key, "") for key in parsed.fields}
    response_visit(response=response, page=number)
    answers = response_answers(response)
    values = answer_values(answers, response_kpi_values(response)) | posted
    first = 1 + sum(len(p.questions) for p in plan.pages[: number - 1])
    return render(request, "survey/page.html", {
        **_base(invitation, plan, response),
        "page": survey_page,
        "form": PageForm(survey_page, values, errors, first_number=first),
        "answered": sum(1 for question_id in plan.page_of() if question_id in answers),
        "errors": errors,
    })


@require_POST
def autosave(request: HttpRequest, token: str) -> JsonResponse:
    """Save the answers in the POST (same field names as the page); errors by field name."""
    try:
        invitation = invitation_for_token(token)
    except Http404:
        return JsonResponse({"ok": False, "error": MSG_UNKNOWN_LINK}, status=404)
    reason = survey_closed_reason(invitation)
    if reason:
        return JsonResponse({"ok": False, "error": reason}, status=410 if _gone(invitation) else 409)
    response = response_of(invitation)
    if response is None:
        return JsonResponse({"ok": False, "error": MSG_NOT_STARTED}, status=409)
    parsed = parse_answers(request.POST)
    result = answers_save(response=response, answers=parsed.answers, kpi_values=parsed.kpi_values)
    errors = parsed.errors | result.errors
    return JsonResponse(
        {"ok": not errors, "saved": result.saved, "errors": errors, "answered": answered_count(response)},
        status=400 if errors else 200,
    )


@require_http_methods(["GET"])
def review(request: HttpRequest, token: str) -> HttpResponse:
    """Unanswered questions with links to them, then submit."""
    started = _started(request, token)
    if isinstance(started, HttpResponse):
        return started
    invitation, response = started
    plan = survey_plan(invitation.assessment)
    response_visit(response=response, page=plan.review_number)
    answers = response_answers(response)
    unanswered = [(p, [q for q in p.questions if q.pk not in answers]) for p in plan.pages]
    unanswered = [(p, qs) for p, qs in unanswered if qs]
    unanswered_count = sum(len(qs) for _, qs in unanswered)
    return render(request, "survey/review.html", {
        **_base(invitation, plan, response),
        "unanswered": unanswered,
        "unanswered_count": unanswered_count,
        "answered": plan.question_count - unanswered_count,
    })


@require_POST
def submit(request: HttpRequest, token: str) -> HttpResponse:
    started = _started(request, token)
    if isinstance(started, HttpResponse):
        return started
    invitation, response = started
    response_submit(response=response)
    return redirect("survey:start", token)
