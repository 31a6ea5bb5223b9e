"""The respondent's survey, reached by a personal link without an account.

The token in the URL is the only credential: every view starts from it and 404s on an
unknown one. Pages work without scripting (each page saves on submit); with it,
static/js/survey.js also saves each answer as it is given through `autosave`.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from ..branding import logo_response
from ..models import Assessment, Invitation, Response
from ..services.invitations import reminders_stop
from ..services.survey import (
    answers_save,
    completion_of,
    response_start,
    response_submit,
    response_visit,
    survey_closed_reason,
)
from ..timezones import deadline_text
from .forms import PageForm, RoleForm, answer_values, kpi_field, parse_answers
from .pages import PagePlan, SurveyPage, progress_percent
from .selectors import (
    answered_count,
    answered_question_ids,
    invitation_for_token,
    response_answers,
    response_kpi_values,
    response_of,
    survey_plan,
)
from .widgets import kpi_values, page_fragment

MSG_UNKNOWN_LINK = "This survey link does not exist. Check that you copied the whole link."
MSG_NOT_STARTED = "Start the survey first: open your link again."


def firm_logo(invitation: Invitation) -> SafeString:
    """The firm's logo in the survey header, served under the link itself (respondents
    have no account); the version in the URL lets browsers keep it for a day."""
    firm = invitation.assessment.organization.firm
    if not firm.logo:
        return mark_safe("")
    version = int(firm.branding_changed_at.timestamp()) if firm.branding_changed_at else 0
    return format_html('<img class="sv-logo" src="{}?v={}" alt="" height="28">',
                       reverse("survey:logo", args=[invitation.token]), version)


def _gone(invitation: Invitation) -> bool:
    """Revoked links and closed assessments are gone (410); a draft one may open later."""
    return invitation.is_revoked or invitation.assessment.status == Assessment.Status.CLOSED


def _unavailable(request: HttpRequest, invitation: Invitation, reason: str) -> HttpResponse:
    gone = _gone(invitation)
    return render(request, "survey/unavailable.html", {
        "invitation": invitation,
        "assessment": invitation.assessment,
        "organization": invitation.assessment.organization,
        "firm": invitation.assessment.organization.firm,
        "firm_logo": firm_logo(invitation),
        "reason": reason,
        "response": response_of(invitation),
    }, status=410 if gone else 200)


def _base(invitation: Invitation, plan: PagePlan, response: Response | None = None) -> dict[str, object]:
    return {
        "invitation": invitation,
        "token": invitation.token,
        "assessment": invitation.assessment,
        "organization": invitation.assessment.organization,
        "firm": invitation.assessment.organization.firm,
        "firm_logo": firm_logo(invitation),
        "plan": plan,
        "response": response,
        "k": settings.OPSASSESS_MIN_GROUP_SIZE,
        "deadline": deadline_text(invitation.assessment),
    }


def _started(request: HttpRequest, token: str, *, with_answered: bool = False
             ) -> tuple[Invitation, Response] | HttpResponse:
    """The invitation and its response for the pages after the intro, or the page to
    show instead: why the survey is unavailable, or the intro when not started yet."""
    invitation = invitation_for_token(token, with_answered=with_answered)
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


def _page_urls(token: str) -> tuple[str, str]:
    """The prefix of the link's page URLs and its review URL: one reverse() each, not one per link."""
    return reverse("survey:page", args=[token, 1])[: -len("1/")], reverse("survey:review", args=[token])


@dataclass
class _Posted:
    source: SurveyPage  # the page whose form was sent
    errors: dict[str, str]
    values: dict[str, str]  # what was sent, to show again beside its errors
    moves: bool  # the form says where it goes (its buttons' formaction): show that page now


def _save_posted(request: HttpRequest, response: Response, plan: PagePlan, here: SurveyPage) -> _Posted:
    """Save the answers of a page's form, whichever survey URL it was sent to.

    A form sent with `from` (a page number) was posted to the page the respondent asked
    for: that page is rendered at once, one request instead of a redirect and a GET.
    Without it, the form was posted to its own page and redirects (see _after_save).
    """
    parsed = parse_answers(request.POST)
    result = answers_save(response=response, answers=parsed.answers, kpi_values=parsed.kpi_values,
                          questionnaire=plan)
    errors = parsed.errors | result.errors
    source_number = request.POST.get("from", "")
    source = plan.page(int(source_number)) if source_number.isascii() and source_number.isdigit() else None
    values = {key: request.POST.get(key, "") for key in parsed.fields} if errors else {}
    return _Posted(source or here, errors, values, moves=source is not None)


def _notices(response: Response, form: PageForm) -> str:
    """What is said above the questions, when anything is (a submitted response, errors)."""
    errors = form.error_list() if form.errors else []
    if response.status != Response.Status.SUBMITTED and not errors:
        return ""
    return render_to_string("survey/_page_notices.html", {
        "submitted_at": response.submitted_at if response.status == Response.Status.SUBMITTED else None,
        "errors": errors,
    })


def _render_page(request: HttpRequest, invitation: Invitation, response: Response, plan: PagePlan,
                 survey_page: SurveyPage, *, answered: int, posted: _Posted | None = None) -> HttpResponse:
    """The page compiled for the plan (widgets.page_fragment), filled with this respondent's state."""
    response_visit(response=response, page=survey_page.number)
    answers = response_answers(response, [q.pk for q in survey_page.questions])
    figures = response_kpi_values(response, [k.pk for k in survey_page.kpis])
    errors = posted.errors if posted else {}
    values = answer_values(answers, figures) | (posted.values if posted else {})
    number, last = survey_page.number, len(plan.pages)
    form = PageForm(survey_page, plan, values, errors)
    prefix, review_url = _page_urls(invitation.token)
    assessment = invitation.assessment
    slots = {
        "assessment_title": escape(assessment.title),
        "organization": escape(str(assessment.organization)),
        "firm": escape(assessment.organization.firm.printed_name),
        "firm_colour": escape(assessment.organization.firm.primary_colour),
        "firm_logo": firm_logo(invitation),
        "answered": str(answered),
        "progress_percent": str(progress_percent(answered, plan.question_count)),
        "notices": _notices(response, form),
        "next_url": escape(f"{prefix}{number + 1}/" if number < last else review_url),
        "back_url": escape(f"{prefix}{number - 1}/"),
        "review_url": escape(review_url),
        "autosave_url": escape(reverse("survey:autosave", args=[invitation.token])),
        "csrf": escape(get_token(request)),
    }
    for block in form.areas():
        slots.update((f"q{row.question.pk}", row.html) for row in block.questions)
    for kpi in survey_page.kpis:
        slots.update(kpi_values(kpi, values.get(kpi_field(kpi.pk), ""), errors.get(kpi_field(kpi.pk), "")))
    return HttpResponse(page_fragment(plan, survey_page, form.comment_max_length).fill(slots))


@require_http_methods(["GET", "POST"])
def page(request: HttpRequest, token: str, number: int) -> HttpResponse:
    """One page of questions. Its form, sent here by the previous page's "Save and
    continue" (or "Back"), saves the answers it carries and shows this page.

    A fixed handful of queries whatever the questionnaire's size: the link (with the
    answered count), this page's answers and figures, and the resume point.
    """
    started = _started(request, token, with_answered=request.method == "GET")
    if isinstance(started, HttpResponse):
        return started
    invitation, response = started
    plan = survey_plan(invitation.assessment)
    survey_page = plan.page(number)
    if survey_page is None:
        raise Http404("No such page in this survey.")
    if request.method == "GET":
        return _render_page(request, invitation, response, plan, survey_page,
                            answered=getattr(invitation, "answered", None) or 0)
    posted = _save_posted(request, response, plan, survey_page)
    if not posted.errors and not posted.moves:
        return redirect(_after_save(request.POST.get("go", "next"), token, plan, number))
    # With errors, the page that was sent comes back with them, whatever was asked for.
    shown = posted.source if posted.errors else survey_page
    return _render_page(request, invitation, response, plan, shown, answered=answered_count(response), posted=posted)


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
    result = answers_save(response=response, answers=parsed.answers, kpi_values=parsed.kpi_values,
                          questionnaire=survey_plan(invitation.assessment))
    errors = parsed.errors | result.errors
    return JsonResponse(
        {"ok": not errors, "saved": result.saved, "errors": errors, "answered": answered_count(response)},
        status=400 if errors else 200,
    )


@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, token: str) -> HttpResponse:
    """Unanswered questions with links to them, then submit. The last page's form comes
    here: its answers are saved first (or it comes back with its errors)."""
    started = _started(request, token)
    if isinstance(started, HttpResponse):
        return started
    invitation, response = started
    plan = survey_plan(invitation.assessment)
    if request.method == "POST":
        posted = _save_posted(request, response, plan, plan.pages[-1])
        if posted.errors:
            return _render_page(request, invitation, response, plan, posted.source,
                                answered=answered_count(response), posted=posted)
    response_visit(response=response, page=plan.review_number)
    return _render_review(request, invitation, response, plan)


@dataclass
class _AreaCompleteness:
    discipline: str
    name: str
    answered: int = 0
    total: int = 0
    unanswered: list[tuple[str, str]] = field(default_factory=list)  # (question text, link to it)


def _render_review(request: HttpRequest, invitation: Invitation, response: Response, plan: PagePlan, *,
                   confirm: bool = False) -> HttpResponse:
    """The completeness figure and the submit button first (within one screen on a phone),
    then each area's completeness with its unanswered questions behind a link. `confirm`:
    the submit that asks to confirm a response below 100 %."""
    answers = answered_question_ids(response)
    assessment = invitation.assessment
    prefix, _ = _page_urls(invitation.token)
    areas: dict[int, _AreaCompleteness] = {}
    for page in plan.pages:
        link = f"{prefix}{page.number}/"
        for block in page.areas:
            entry = areas.setdefault(block.area.pk, _AreaCompleteness(page.discipline.name, block.area.name))
            for question in block.questions:
                entry.total += 1
                if question.pk in answers:
                    entry.answered += 1
                else:
                    entry.unanswered.append((question.text, f"{link}#q-{question.pk}"))
    completion = completion_of(response, plan.question_count, assessment.min_completion)
    unanswered_count = plan.question_count - len(answers)
    return render(request, "survey/review.html", {
        **_base(invitation, plan, response),
        "pages": [(p, f"{prefix}{p.number}/") for p in plan.pages],
        "areas": list(areas.values()),
        "unanswered_count": unanswered_count,
        "answered": len(answers),
        "completion": completion,
        "confirm": confirm,
        "progress_percent": progress_percent(len(answers), plan.question_count),
    })


@require_POST
def submit(request: HttpRequest, token: str) -> HttpResponse:
    started = _started(request, token)
    if isinstance(started, HttpResponse):
        return started
    invitation, response = started
    plan = survey_plan(invitation.assessment)
    completion = None
    if response.status != Response.Status.SUBMITTED and request.POST.get("confirmed") != "1":
        completion = completion_of(response, plan.question_count, invitation.assessment.min_completion)
        if not completion.complete:  # below 100 %: say the figure and ask again
            return _render_review(request, invitation, response, plan, confirm=True)
    response_submit(response=response, completion=completion)
    return redirect("survey:start", token)


@require_http_methods(["GET", "HEAD"])
def logo(request: HttpRequest, token: str) -> HttpResponse:
    """The firm's logo for the header of this link's pages; 404 for an unknown link."""
    invitation = invitation_for_token(token)
    return logo_response(invitation.assessment.organization.firm)


@csrf_exempt  # mail clients' one-click unsubscribe POSTs without a form (RFC 8058); it only stops reminders
@require_http_methods(["GET", "POST"])
def reminders_off(request: HttpRequest, token: str) -> HttpResponse:
    """Stop the reminders of this link: a GET asks (mail scanners open links), a POST does it."""
    invitation = invitation_for_token(token)
    if request.method == "POST":
        reminders_stop(invitation=invitation)
    return render(request, "survey/reminders_off.html", {
        "invitation": invitation, "token": token, "assessment": invitation.assessment,
        "organization": invitation.assessment.organization, "firm": invitation.assessment.organization.firm,
        "firm_logo": firm_logo(invitation), "stopped": invitation.reminders_off_at is not None,
    })
