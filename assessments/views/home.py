from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..access import consultant_organizations, is_consultant
from ..models import CatalogueVersion
from ..selectors import disciplines_with_content, home_organizations
from .lookups import AuthenticatedHttpRequest


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Consultants: their clients and each one's assessments; managers: their organisation's."""
    # Whether the user is a consultant at all (title, "New client organisation") comes
    # from the nav_is_consultant context processor.
    consultant_of = set(consultant_organizations(request.user).values_list("pk", flat=True))
    return render(request, "assessments/home.html", {
        "organizations": home_organizations(request.user),
        "consultant_of": consultant_of,
        "k": settings.OPSASSESS_MIN_GROUP_SIZE,  # managers' counts move in steps of k
    })


@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    if not (is_consultant(request.user) or request.user.has_perm("assessments.add_catalogueversion")):
        raise Http404
    version = CatalogueVersion.latest()
    disciplines = disciplines_with_content(version) if version else []
    return render(request, "assessments/catalogue.html", {"version": version, "disciplines": disciplines})


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
