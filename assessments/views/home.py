from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..access import is_consultant
from ..models import CatalogueVersion
from ..selectors import disciplines_with_content, home_organizations


@login_required
def home(request: HttpRequest) -> HttpResponse:
    consultant = is_consultant(request.user)
    organizations = home_organizations(request.user)
    return render(
        request,
        "assessments/home.html",
        {"organizations": organizations, "is_consultant": consultant},
    )


@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    if not is_consultant(request.user):
        raise Http404
    version = CatalogueVersion.latest()
    disciplines = disciplines_with_content(version) if version else []
    return render(request, "assessments/catalogue.html", {"version": version, "disciplines": disciplines})


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
