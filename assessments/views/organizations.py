from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ..access import is_consultant, organization_for_consultant, organization_for_viewer
from ..forms import ManagerForm, OrganizationForm, TeamForm
from ..selectors import (
    audit_events,
    organization_assessments,
    organization_consultants,
    organization_managers,
)
from ..services.organizations import (
    firm_of,
    manager_add,
    manager_remove,
    manager_welcome_send,
    organization_create,
    organization_update,
    team_create,
    team_update,
)
from .lookups import (
    AuthenticatedHttpRequest,
    is_consultant_of,
    manager_membership_for_consultant,
    team_for_consultant,
)


@login_required
def organization_create_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not is_consultant(request.user):  # of some client, or allowed to add the first one
        raise Http404
    form = OrganizationForm(request.POST or None, firm=firm_of(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            organization = organization_create(created_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error("name", exc)
        else:
            messages.success(request, f"{organization} created. Add its teams next, then start an assessment.")
            return redirect("organization_detail", organization.pk)
    return render(request, "assessments/organization_form.html", {"form": form, "organization": None})


@login_required
def organization_detail(request: AuthenticatedHttpRequest, org_id: int) -> HttpResponse:
    organization = organization_for_viewer(request.user, org_id)
    consultant = is_consultant_of(request.user, organization)
    context = {
        "organization": organization,
        "is_consultant": consultant,
        "assessments": organization_assessments(organization),
        "teams": organization.teams.order_by("name"),
    }
    if consultant:
        context.update({
            "managers": organization_managers(organization),
            "consultants": organization_consultants(organization),
            "events": audit_events(organization)[:8],
        })
    return render(request, "assessments/organization_detail.html", context)


@login_required
def organization_edit(request: AuthenticatedHttpRequest, org_id: int) -> HttpResponse:
    organization = organization_for_consultant(request.user, org_id)
    form = OrganizationForm(request.POST or None, firm=organization.firm, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            organization_update(organization=organization, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error("name", exc)
        else:
            messages.success(request, "Organisation details saved.")
            return redirect("organization_detail", organization.pk)
    return render(request, "assessments/organization_form.html", {"form": form, "organization": organization})


@login_required
def organization_audit(request: AuthenticatedHttpRequest, org_id: int) -> HttpResponse:
    organization = organization_for_consultant(request.user, org_id)
    events = audit_events(organization)[:500]
    return render(request, "assessments/audit.html", {"organization": organization, "assessment": None,
                                                      "events": events})


@login_required
def team_create_view(request: AuthenticatedHttpRequest, org_id: int) -> HttpResponse:
    organization = organization_for_consultant(request.user, org_id)
    form = TeamForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            team = team_create(organization=organization, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error("name", exc)
        else:
            messages.success(request, f"Team “{team}” added to {organization}.")
            if "add_another" in request.POST:
                return redirect("team_create", organization.pk)
            return redirect("organization_detail", organization.pk)
    return render(request, "assessments/team_form.html", {"form": form, "organization": organization, "team": None})


@login_required
def team_edit(request: AuthenticatedHttpRequest, team_id: int) -> HttpResponse:
    team = team_for_consultant(request.user, team_id)
    form = TeamForm(request.POST or None, organization=team.organization, team=team)
    if request.method == "POST" and form.is_valid():
        try:
            team_update(team=team, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error("name", exc)
        else:
            messages.success(request, f"Team “{team}” saved.")
            return redirect("organization_detail", team.organization_id)
    return render(request, "assessments/team_form.html",
                  {"form": form, "organization": team.organization, "team": team})


@login_required
def manager_add_view(request: AuthenticatedHttpRequest, org_id: int) -> HttpResponse:
    organization = organization_for_consultant(request.user, org_id)
    form = ManagerForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            membership = manager_add(organization=organization, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error("email", exc)
        else:
            messages.success(request, f"{membership.user.email} can now see {organization}'s assessments; "
                                      "we emailed them a link to set their password.")
            return redirect("organization_detail", organization.pk)
    return render(request, "assessments/manager_form.html", {"form": form, "organization": organization})


@login_required
@require_POST
def manager_resend(request: AuthenticatedHttpRequest, membership_id: int) -> HttpResponse:
    membership = manager_membership_for_consultant(request.user, membership_id)
    manager_welcome_send(membership=membership, actor=request.user)
    messages.success(request, f"Access email sent again to {membership.user.email}.")
    return redirect("organization_detail", membership.organization_id)


@login_required
@require_POST
def manager_remove_view(request: AuthenticatedHttpRequest, membership_id: int) -> HttpResponse:
    membership = manager_membership_for_consultant(request.user, membership_id)
    organization_id, email = membership.organization_id, membership.user.email
    manager_remove(membership=membership, actor=request.user)
    messages.success(request, f"{email} no longer has access to this organisation.")
    return redirect("organization_detail", organization_id)
