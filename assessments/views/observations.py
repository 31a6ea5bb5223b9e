from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ..access import assessment_for_consultant
from ..forms import ObservationForm
from ..selectors import assessment_areas
from ..services.observations import observation_create, observation_delete, observation_update
from .lookups import AuthenticatedHttpRequest, observation_for_consultant


def _to_observations(assessment_id: int) -> HttpResponse:
    return redirect(reverse("assessment_detail", args=[assessment_id]) + "#observations")


@login_required
def observation_create_view(request: AuthenticatedHttpRequest, assessment_id: int) -> HttpResponse:
    assessment = assessment_for_consultant(request.user, assessment_id)
    form = ObservationForm(request.POST or None, disciplines=assessment_areas(assessment))
    if request.method == "POST" and form.is_valid():
        try:
            observation_create(assessment=assessment, author=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error("area_key", exc)
        else:
            messages.success(request, "Observation added.")
            return _to_observations(assessment.pk)
    return render(request, "assessments/observation_form.html",
                  {"assessment": assessment, "form": form, "observation": None})


@login_required
def observation_edit(request: AuthenticatedHttpRequest, observation_id: int) -> HttpResponse:
    observation = observation_for_consultant(request.user, observation_id)
    assessment = observation.assessment
    initial = {"area_key": observation.area_key, "text": observation.text, "visibility": observation.visibility}
    form = ObservationForm(request.POST or None, initial=initial, disciplines=assessment_areas(assessment))
    if request.method == "POST" and form.is_valid():
        try:
            observation_update(observation=observation, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error("area_key", exc)
        else:
            messages.success(request, "Observation saved.")
            return _to_observations(assessment.pk)
    return render(request, "assessments/observation_form.html",
                  {"assessment": assessment, "form": form, "observation": observation})


@login_required
@require_POST
def observation_delete_view(request: AuthenticatedHttpRequest, observation_id: int) -> HttpResponse:
    observation = observation_for_consultant(request.user, observation_id)
    assessment_id = observation.assessment_id
    observation_delete(observation=observation)
    messages.success(request, "Observation deleted.")
    return _to_observations(assessment_id)
