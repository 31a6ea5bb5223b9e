from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ..access import assessment_for_consultant
from ..forms import InvitationForm
from ..models import Assessment, Invitation
from ..selectors import assessment_progress, invitation_label, team_invitations
from ..services.invitations import (
    InvitationBatch,
    ReminderBatch,
    invitation_resend,
    invitation_revoke,
    invitations_create,
    reminders_send,
)
from .lookups import AuthenticatedHttpRequest, invitation_for_consultant, team_of_assessment


def _report(request: AuthenticatedHttpRequest, batch: InvitationBatch) -> None:
    if batch.queued:
        messages.success(request, f"{batch.queued} invitations are being emailed in the background; each shows "
                                  "“Emailed” below once its email has gone (reload to see).")
    elif batch.emailed:
        sent = len(batch.emailed) - len(batch.failed)
        messages.success(request, f"{sent} invitation{'s' if sent != 1 else ''} sent by email.")
    if batch.anonymous:
        n = len(batch.anonymous)
        messages.success(request, f"{n} anonymous link{'s' if n != 1 else ''} created: copy them from the list below.")
    if batch.already_invited:
        messages.info(request, "Already invited, so not sent again (use Resend for a reminder): "
                               + ", ".join(batch.already_invited) + ".")
    if batch.failed:
        messages.error(request, "These emails could not be sent; they are marked “Not sent” below, try Resend: "
                                + ", ".join(batch.failed) + ".")


@login_required
def team_invitations_view(request: AuthenticatedHttpRequest, assessment_id: int, team_id: int) -> HttpResponse:
    """A team's invitations: invite by email or anonymous link, copy, resend, revoke."""
    assessment = assessment_for_consultant(request.user, assessment_id)
    team = team_of_assessment(assessment, team_id)
    form = InvitationForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                batch = invitations_create(
                    assessment=assessment, team=team, actor=request.user, emails=form.cleaned_data["emails"],
                    anonymous=form.cleaned_data["anonymous"] or 0, role=form.cleaned_data["role"],
                )
            except ValidationError as exc:
                messages.error(request, exc.messages[0])  # the form may be hidden (draft, closed)
            else:
                _report(request, batch)
                return redirect("team_invitations", assessment.pk, team.pk)
        if getattr(form, "invalid_emails", None):
            messages.error(request, "Nothing was sent. These addresses are not valid: "
                                    + ", ".join(form.invalid_emails) + ".")
    invitations = list(team_invitations(assessment, team))
    progress = next((t for t in assessment_progress(assessment).teams if t.team_id == team.pk), None)
    return render(request, "assessments/team_invitations.html", {
        "assessment": assessment,
        "team": team,
        "form": form,
        "invitations": invitations,
        "anonymous_open": [i for i in invitations if not i.email and not i.is_revoked
                           and getattr(i, "response", None) is None],
        "progress": progress,
        "reminder_hours": settings.OPSASSESS_REMINDER_INTERVAL_HOURS,
        "other_teams": assessment.teams.exclude(pk=team.pk).order_by("name"),
        "can_invite": assessment.status == Assessment.Status.OPEN,
    })


def _back(invitation: Invitation) -> HttpResponse:
    return redirect("team_invitations", invitation.assessment_id, invitation.team_id)


@login_required
@require_POST
def invitation_resend_view(request: AuthenticatedHttpRequest, invitation_id: int) -> HttpResponse:
    invitation = invitation_for_consultant(request.user, invitation_id)
    try:
        invitation_resend(invitation=invitation, actor=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, f"Invitation sent again to {invitation.email}.")
    return _back(invitation)


@login_required
@require_POST
def invitation_revoke_view(request: AuthenticatedHttpRequest, invitation_id: int) -> HttpResponse:
    invitation = invitation_for_consultant(request.user, invitation_id)
    invitation_revoke(invitation=invitation, actor=request.user)
    messages.success(request, f"{invitation_label(invitation)} revoked: its link no longer works.")
    return _back(invitation)


def _reminded(batch: ReminderBatch) -> str:
    def people(n: int) -> str:
        return f"{n} {'person' if n == 1 else 'people'}"

    parts = [f"{people(batch.queued)} are being reminded in the background" if batch.queued
             else f"{people(batch.sent)} reminded by email"]
    if batch.recent:
        parts.append(f"{people(batch.recent)} left alone: reminded in the last "
                     f"{settings.OPSASSESS_REMINDER_INTERVAL_HOURS} hours")
    if batch.failed:
        parts.append(f"{batch.failed} email{'s' if batch.failed != 1 else ''} could not be sent (marked below)")
    if batch.anonymous:
        parts.append(f"{batch.anonymous} anonymous link{'s' if batch.anonymous != 1 else ''} not answered yet: "
                     "remind those people yourself")
    return "; ".join(parts) + "."


@login_required
@require_POST
def reminders_send_view(request: AuthenticatedHttpRequest, assessment_id: int) -> HttpResponse:
    """Remind everyone who has not submitted: the whole assessment, or one team (POST team)."""
    assessment = assessment_for_consultant(request.user, assessment_id)
    team_id = request.POST.get("team", "")
    if team_id and not (team_id.isascii() and team_id.isdigit() and int(team_id) < 2**63):
        raise Http404("No such team.")
    team = team_of_assessment(assessment, int(team_id)) if team_id else None
    try:
        batch = reminders_send(assessment=assessment, actor=request.user, team=team)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        (messages.error if batch.failed else messages.success)(request, _reminded(batch))
    if team is not None:
        return redirect("team_invitations", assessment.pk, team.pk)
    return redirect("assessment_detail", assessment.pk)
