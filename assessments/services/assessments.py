import datetime
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import Assessment, AuditEvent, CatalogueVersion, Discipline, Organization, TargetModel, Team
from .audit import audit_log


def _check_overrides(overrides: dict[str, int], disciplines: Iterable[Discipline]) -> dict[str, int]:
    keys = {f"{d.key}.{a.key}" for d in disciplines for a in d.areas.all()}
    clean: dict[str, int] = {}
    for key, level in overrides.items():
        if key not in keys:
            raise ValidationError(f"Unknown area {key!r} for the chosen disciplines.")
        if not isinstance(level, int) or not 1 <= level <= 5:
            raise ValidationError(f"The target for {key} must be a level from 1 to 5.")
        clean[key] = level
    return clean


@transaction.atomic
def assessment_create(
    *,
    organization: Organization,
    title: str,
    disciplines: Iterable[Discipline],
    target_model: TargetModel,
    created_by: AbstractBaseUser | None,
    teams: Iterable[Team] = (),
    target_overrides: dict[str, int] | None = None,
    opens_on: datetime.date | None = None,
    closes_on: datetime.date | None = None,
) -> Assessment:
    disciplines = list(disciplines)
    version = target_model.version
    if not disciplines:
        raise ValidationError("Choose at least one discipline.")
    if any(d.version_id != version.pk for d in disciplines):
        raise ValidationError("Disciplines and target model must come from the same catalogue version.")
    teams = list(teams)
    if any(t.organization_id != organization.pk for t in teams):
        raise ValidationError("Teams must belong to the assessed organisation.")
    if opens_on and closes_on and closes_on < opens_on:
        raise ValidationError("The closing date cannot be before the opening date.")
    assessment = Assessment.objects.create(
        organization=organization,
        title=title,
        catalogue_version=version,
        target_model=target_model,
        target_overrides=_check_overrides(target_overrides or {}, disciplines),
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=created_by,
    )
    assessment.disciplines.set(disciplines)
    assessment.teams.set(teams)
    audit_log(actor=created_by, action=AuditEvent.Action.CREATED, organization=organization, assessment=assessment,
              detail=title)
    return assessment


def _set_status(assessment: Assessment, status: str, actor: AbstractBaseUser | None, action: str) -> Assessment:
    now = timezone.now()
    assessment.status = status
    fields = ["status"]
    if status == Assessment.Status.OPEN:
        assessment.opened_at = assessment.opened_at or now
        assessment.closed_at = None
        fields += ["opened_at", "closed_at"]
    elif status == Assessment.Status.CLOSED:
        assessment.closed_at = now
        fields.append("closed_at")
    assessment.save(update_fields=fields)
    audit_log(actor=actor, action=action, organization=assessment.organization, assessment=assessment)
    return assessment


@transaction.atomic
def assessment_open(*, assessment: Assessment, actor: AbstractBaseUser | None) -> Assessment:
    if assessment.status == Assessment.Status.OPEN:
        return assessment
    action = AuditEvent.Action.REOPENED if assessment.closed_at else AuditEvent.Action.OPENED
    return _set_status(assessment, Assessment.Status.OPEN, actor, action)


@transaction.atomic
def assessment_close(*, assessment: Assessment, actor: AbstractBaseUser | None) -> Assessment:
    if assessment.status == Assessment.Status.CLOSED:
        return assessment
    return _set_status(assessment, Assessment.Status.CLOSED, actor, AuditEvent.Action.CLOSED)


def latest_catalogue() -> CatalogueVersion:
    version = CatalogueVersion.latest()
    if version is None:
        raise ValidationError("No catalogue is loaded: run `python manage.py load_catalogue`.")
    return version
