from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from ..access import assessment_for_consultant, assessment_for_viewer, organization_for_consultant
from ..forms import AssessmentForm, ObservationForm, TargetsForm
from ..models import Assessment
from ..selectors import (
    TeamProgress,
    area_names,
    assessment_areas,
    assessment_progress,
    audit_events,
    coarse_text,
    observations_visible,
    reminders_overview,
    target_rows,
)
from ..services.assessments import (
    assessment_clone,
    assessment_close,
    assessment_create,
    assessment_open,
    assessment_set_targets,
    assessment_update,
    latest_catalogue,
)
from .lookups import AuthenticatedHttpRequest, is_consultant_of


@login_required
def assessment_create_view(request: AuthenticatedHttpRequest, org_id: int) -> HttpResponse:
    """Step 1 of 2: scope and dates, saved as a draft; step 2 is the targets table."""
    organization = organization_for_consultant(request.user, org_id)
    try:
        version = latest_catalogue()
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("organization_detail", organization.pk)
    form = AssessmentForm(request.POST or None, organization=organization, version=version)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = assessment_create(organization=organization, created_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Draft saved. Step 2 of 2: check the target level of each area.")
            return redirect("assessment_targets", assessment.pk)
    return render(request, "assessments/assessment_form.html",
                  {"form": form, "organization": organization, "assessment": None, "version": version})


@login_required
def assessment_edit(request: AuthenticatedHttpRequest, assessment_id: int) -> HttpResponse:
    assessment = assessment_for_consultant(request.user, assessment_id)
    form = AssessmentForm(request.POST or None, organization=assessment.organization,
                          version=assessment.catalogue_version, assessment=assessment)
    if request.method == "POST" and form.is_valid():
        try:
            assessment_update(assessment=assessment, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Assessment saved.")
            return redirect("assessment_detail", assessment.pk)
    return render(request, "assessments/assessment_form.html", {
        "form": form, "organization": assessment.organization, "assessment": assessment,
        "version": assessment.catalogue_version,
    })


@login_required
def assessment_targets(request: AuthenticatedHttpRequest, assessment_id: int) -> HttpResponse:
    assessment = assessment_for_consultant(request.user, assessment_id)
    form = TargetsForm(request.POST or None, rows=target_rows(assessment))
    if request.method == "POST" and form.is_valid():
        try:
            assessment_set_targets(assessment=assessment, targets=form.targets(), actor=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            count = len(assessment.target_overrides)
            messages.success(request, f"Targets saved: {count} area{'s' if count != 1 else ''} differ"
                                      f"{'s' if count == 1 else ''} from “{assessment.target_model}”.")
            return redirect("assessment_detail", assessment.pk)
    return render(request, "assessments/assessment_targets.html", {"assessment": assessment, "form": form})


@login_required
@require_GET
def assessment_detail(request: AuthenticatedHttpRequest, assessment_id: int) -> HttpResponse:
    assessment = assessment_for_viewer(request.user, assessment_id)
    progress = assessment_progress(assessment)
    if not is_consultant_of(request.user, assessment.organization):
        # Managers: status and coarsened completion only; no names, addresses or links.
        return render(request, "assessments/assessment_overview.html", {
            "assessment": assessment,
            "progress": progress.for_managers(settings.OPSASSESS_MIN_GROUP_SIZE),
            "observations": observations_visible(assessment, include_internal=False),
            "area_names": area_names(assessment),
        })
    disciplines = assessment_areas(assessment)
    return render(request, "assessments/assessment_detail.html", {
        "assessment": assessment,
        "progress": progress,
        "disciplines": disciplines,
        "observations": observations_visible(assessment, include_internal=True),
        "area_names": area_names(assessment),
        "observation_form": ObservationForm(disciplines=disciplines),
        "events": audit_events(assessment.organization, assessment=assessment)[:10],
        "teams_without_invitations": [t for t in progress.teams if not t.invited],
        "reminders": reminders_overview(assessment),
    })


@login_required
@require_GET
def assessment_progress_json(request: AuthenticatedHttpRequest, assessment_id: int) -> JsonResponse:
    """The live numbers behind the progress bars (aggregates, so managers may poll too)."""
    assessment = assessment_for_viewer(request.user, assessment_id)
    progress = assessment_progress(assessment)
    if not is_consultant_of(request.user, assessment.organization):
        progress = progress.for_managers(settings.OPSASSESS_MIN_GROUP_SIZE)
    return JsonResponse({"status": assessment.status, "teams": [_progress_row(t, progress.k) for t in progress.teams],
                         "total": _progress_row(progress.total, progress.k)})


def _progress_row(t: TeamProgress, k: int | None) -> dict[str, int | str]:
    row: dict[str, int | str] = {
        "team_id": t.team_id, "invited": t.invited, "started": t.started, "submitted": t.submitted,
        "in_progress": t.in_progress, "percent": t.percent, "in_progress_percent": t.in_progress_percent}
    if k is not None:
        row["submitted_text"] = coarse_text(t.submitted, k)
    else:  # consultants: how many of the submitted count, and how many are below the completion rule
        row.update(counted=t.counted, below_rule=t.below_rule)
    return row


@login_required
def assessment_audit(request: AuthenticatedHttpRequest, assessment_id: int) -> HttpResponse:
    assessment = assessment_for_consultant(request.user, assessment_id)
    events = audit_events(assessment.organization, assessment=assessment)[:500]
    return render(request, "assessments/audit.html",
                  {"organization": assessment.organization, "assessment": assessment, "events": events})


@login_required
@require_POST
def assessment_open_view(request: AuthenticatedHttpRequest, assessment_id: int) -> HttpResponse:
    assessment = assessment_for_consultant(request.user, assessment_id)
    was_closed = assessment.status == Assessment.Status.CLOSED
    if not assessment.teams.exists():
        messages.error(request, "Add at least one team to the assessment before opening it.")
        return redirect("assessment_edit", assessment.pk)
    try:
        assessment_open(assessment=assessment, actor=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("assessment_edit", assessment.pk)
    if was_closed:
        messages.success(request, "Reopened: the survey links work again.")
    else:
        messages.success(request, "The assessment is open. Invite each team's members below.")
    return redirect("assessment_detail", assessment.pk)


@login_required
@require_POST
def assessment_close_view(request: AuthenticatedHttpRequest, assessment_id: int) -> HttpResponse:
    assessment = assessment_for_consultant(request.user, assessment_id)
    assessment_close(assessment=assessment, actor=request.user)
    messages.success(request, "Closed: respondents can no longer answer. You can reopen it at any time.")
    return redirect("assessment_detail", assessment.pk)


@login_required
@require_POST
def assessment_clone_view(request: AuthenticatedHttpRequest, assessment_id: int) -> HttpResponse:
    source = assessment_for_consultant(request.user, assessment_id)
    try:
        result = assessment_clone(source=source, created_by=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("assessment_detail", source.pk)
    messages.success(request, f"“{result.assessment.title}” created as a draft from “{source.title}”, "
                              f"on catalogue {result.assessment.catalogue_version}. Check its dates, then open it.")
    if result.dropped:
        messages.warning(request, "Left out because the latest catalogue no longer has them: "
                                  + "; ".join(result.dropped) + ".")
    return redirect("assessment_edit", result.assessment.pk)
