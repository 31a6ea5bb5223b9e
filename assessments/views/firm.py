"""The consultant's firm: its branding, as every deliverable prints it, and its consultants."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from ..access import is_consultant
from ..branding import logo_response
from ..forms import FirmBrandingForm
from ..services.firms import firm_branding_update, firm_consultants, may_brand
from ..services.organizations import firm_of
from .lookups import AuthenticatedHttpRequest


@login_required
def firm_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not is_consultant(request.user):
        raise Http404
    firm = firm_of(request.user)
    editable = may_brand(request.user, firm)
    if request.method == "POST" and not editable:
        raise PermissionDenied("Only members allowed to brand the firm can change it.")
    form = FirmBrandingForm(request.POST or None, request.FILES or None, firm=firm)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        firm_branding_update(firm=firm, actor=request.user, display_name=data["display_name"],
                             primary_colour=data["primary_colour"], logo_png=data["logo_png"],
                             remove_logo=data.get("remove_logo", False))
        messages.success(request, "Branding saved. Reports built from now on use it; built ones keep theirs.")
        return redirect("firm_settings")
    members = firm_consultants(firm)
    return render(request, "assessments/firm.html", {
        "firm": firm, "form": form, "editable": editable, "members": members,
        "brand_editors": [m for m in members if m.may_brand],
        "clients": firm.organizations.count(),
    })


@login_required
def firm_logo(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not is_consultant(request.user):
        raise Http404
    return logo_response(firm_of(request.user))
