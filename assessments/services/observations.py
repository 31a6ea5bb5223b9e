"""Consultants' findings per area, from interviews and workshops."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Area, Assessment, Observation


def _check_area(assessment: Assessment, area_key: str) -> None:
    discipline, _, area = area_key.partition(".")
    exists = Area.objects.filter(
        key=area, discipline__key=discipline, discipline__in=assessment.disciplines.all()
    ).exists()
    if not exists:
        raise ValidationError(f"{area_key!r} is not an area of this assessment.")


def _check_visibility(visibility: str) -> None:
    if visibility not in Observation.Visibility.values:
        raise ValidationError(f"Unknown visibility {visibility!r}.")


@transaction.atomic
def observation_create(
    *, assessment: Assessment, area_key: str, text: str, visibility: str, author: AbstractBaseUser
) -> Observation:
    _check_area(assessment, area_key)
    _check_visibility(visibility)
    return Observation.objects.create(
        assessment=assessment, area_key=area_key, text=text.strip(), visibility=visibility, author=author
    )


@transaction.atomic
def observation_update(*, observation: Observation, area_key: str, text: str, visibility: str) -> Observation:
    _check_area(observation.assessment, area_key)
    _check_visibility(visibility)
    observation.area_key, observation.text, observation.visibility = area_key, text.strip(), visibility
    observation.save(update_fields=["area_key", "text", "visibility"])
    return observation


@transaction.atomic
def observation_delete(*, observation: Observation) -> None:
    observation.delete()
