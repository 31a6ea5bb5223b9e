"""A new catalogue version uploaded in the app, checked exactly as `load_catalogue` checks it."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from ..catalogue_schema import CatalogueError
from ..forms import CatalogueUploadForm
from ..services.catalogue import MAX_UPLOAD_BYTES, catalogue_upload
from .lookups import AuthenticatedHttpRequest

logger = logging.getLogger(__name__)
PERMISSION = "assessments.add_catalogueversion"


@login_required
def catalogue_upload_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """New assessments use the latest version, for every consultant of the install: only
    those an administrator gave the permission may upload one."""
    if not request.user.has_perm(PERMISSION):
        raise Http404
    form = CatalogueUploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        files = form.cleaned_data["files"]
        if sum(f.size for f in files) > MAX_UPLOAD_BYTES:
            problems = [f"the upload is larger than {MAX_UPLOAD_BYTES // 2**20} MB"]
        else:
            try:
                version, created = catalogue_upload(files=[(f.name, f.read()) for f in files])
            except CatalogueError as exc:
                problems = exc.problems
            else:
                logger.info("catalogue %s uploaded by %s (new: %s)", version, request.user.pk, created)
                if created:
                    messages.success(request, f"Catalogue {version} loaded: new assessments use it from now on; "
                                              "existing ones keep theirs.")
                else:
                    messages.info(request, f"This catalogue is already loaded as {version}; nothing changed.")
                return redirect("catalogue")
    return render(request, "assessments/catalogue_upload.html", {"form": form, "problems": problems})
