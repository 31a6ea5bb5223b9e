import datetime
import re
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import Assessment, AuditEvent, CatalogueVersion, Discipline, Organization, TargetModel, Team
from ..signals import assessment_closed, assessment_reopened
from .audit import audit_log
from .survey import responses_recount

DEFAULT_CLOSE_TIME = datetime.time(17, 0)
MAX_REMINDER_DAYS = 30


def deadline_of(closes_on: datetime.date | None, close_time: datetime.time | None, time_zone: str
                ) -> datetime.datetime | None:
    """The instant the assessment closes by itself: the closing day at the closing time
    (17:00 when none is given) in the client's time zone; None without a closing day."""
    if closes_on is None:
        return None
    try:
        zone = zoneinfo.ZoneInfo(time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(f"“{time_zone[:40]}” is not a time zone; choose one such as Europe/Zurich.") from exc
    return datetime.datetime.combine(closes_on, close_time or DEFAULT_CLOSE_TIME, tzinfo=zone)


def reminder_days_checked(days: Sequence[int]) -> list[int]:
    """Distinct days, latest first; each 1 to MAX_REMINDER_DAYS."""
    clean = sorted({int(d) for d in days}, reverse=True)
    if any(not 1 <= d <= MAX_REMINDER_DAYS for d in clean):
        raise ValidationError(f"Reminders go 1 to {MAX_REMINDER_DAYS} days before the deadline.")
    return clean


def _min_completion_checked(percent: int) -> int:
    if not 0 <= percent <= 100:
        raise ValidationError("The minimum completion is a share from 0 to 100 %.")
    return percent


def _check_deadline(assessment_status: str, deadline: datetime.datetime | None, changed: bool) -> None:
    if deadline is not None and changed and assessment_status != Assessment.Status.CLOSED \
            and deadline <= timezone.now():
        raise ValidationError("The deadline is in the past: choose a later day or time, or close the assessment.")


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
    close_time: datetime.time | None = None,
    time_zone: str = "",
    reminder_days: Sequence[int] = (3, 1),
    min_completion: int | None = None,
    interim_results: bool = False,
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
    time_zone = time_zone or settings.TIME_ZONE
    deadline = deadline_of(closes_on, close_time, time_zone)
    _check_deadline(Assessment.Status.DRAFT, deadline, changed=True)
    assessment = Assessment.objects.create(
        organization=organization,
        title=title,
        catalogue_version=version,
        target_model=target_model,
        target_overrides=_check_overrides(target_overrides or {}, disciplines),
        opens_on=opens_on,
        closes_on=closes_on,
        deadline=deadline,
        time_zone=time_zone,
        reminder_days=reminder_days_checked(reminder_days),
        min_completion=_min_completion_checked(80 if min_completion is None else min_completion),
        interim_results=interim_results,
        created_by=created_by,
    )
    assessment.disciplines.set(disciplines)
    assessment.teams.set(teams)
    audit_log(actor=created_by, action=AuditEvent.Action.CREATED, organization=organization, assessment=assessment,
              detail=title)
    return assessment


def _set_status(assessment: Assessment, status: str, actor: AbstractBaseUser | None, action: str,
                detail: str = "") -> Assessment:
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
    audit_log(actor=actor, action=action, organization=assessment.organization, assessment=assessment, detail=detail)
    if status == Assessment.Status.CLOSED:
        assessment_closed.send(sender=Assessment, assessment=assessment)
    else:
        assessment_reopened.send(sender=Assessment, assessment=assessment)
    return assessment


@transaction.atomic
def assessment_open(*, assessment: Assessment, actor: AbstractBaseUser | None) -> Assessment:
    if assessment.status == Assessment.Status.OPEN:
        return assessment
    if assessment.deadline is not None and assessment.deadline <= timezone.now():
        raise ValidationError("The deadline has passed, so the assessment would close again at once: "
                              "move the deadline first.")
    action = AuditEvent.Action.REOPENED if assessment.closed_at else AuditEvent.Action.OPENED
    return _set_status(assessment, Assessment.Status.OPEN, actor, action)


@transaction.atomic
def assessment_close(*, assessment: Assessment, actor: AbstractBaseUser | None, detail: str = "") -> Assessment:
    if assessment.status == Assessment.Status.CLOSED:
        return assessment
    return _set_status(assessment, Assessment.Status.CLOSED, actor, AuditEvent.Action.CLOSED, detail)


def latest_catalogue() -> CatalogueVersion:
    version = CatalogueVersion.latest()
    if version is None:
        raise ValidationError("No catalogue is loaded: run `python manage.py load_catalogue`.")
    return version


def _area_keys(disciplines: Iterable[Discipline]) -> set[str]:
    return {f"{d.key}.{a.key}" for d in disciplines for a in d.areas.all()}


def _differences(targets: dict[str, int], target_model: TargetModel) -> dict[str, int]:
    """Only the levels that differ from the model's are stored as overrides."""
    return {key: level for key, level in targets.items() if target_model.targets.get(key) != level}


@transaction.atomic
def assessment_update(
    *,
    assessment: Assessment,
    actor: AbstractBaseUser | None,
    title: str,
    disciplines: Iterable[Discipline],
    target_model: TargetModel,
    teams: Iterable[Team],
    opens_on: datetime.date | None,
    closes_on: datetime.date | None,
    close_time: datetime.time | None = None,
    time_zone: str | None = None,
    reminder_days: Sequence[int] | None = None,
    min_completion: int | None = None,
    interim_results: bool = False,
) -> Assessment:
    """Change an assessment. Disciplines and target model are fixed once it has been opened,
    because answers already given refer to them."""
    disciplines, teams = list(disciplines), list(teams)
    changes_scope = (
        {d.pk for d in disciplines} != set(assessment.disciplines.values_list("pk", flat=True))
        or target_model.pk != assessment.target_model_id
    )
    if changes_scope and assessment.status != Assessment.Status.DRAFT:
        raise ValidationError("Disciplines and the target model cannot change once the assessment has been opened.")
    if not disciplines:
        raise ValidationError("Choose at least one discipline.")
    version = assessment.catalogue_version
    if target_model.version_id != version.pk or any(d.version_id != version.pk for d in disciplines):
        raise ValidationError("Disciplines and target model must come from the assessment's catalogue version.")
    if any(t.organization_id != assessment.organization_id for t in teams):
        raise ValidationError("Teams must belong to the assessed organisation.")
    removed = assessment.teams.exclude(pk__in=[t.pk for t in teams])
    invited = removed.filter(invitations__assessment=assessment, invitations__revoked_at__isnull=True).distinct()
    if invited.exists():
        names = ", ".join(t.name for t in invited)
        raise ValidationError(f"{names} already ha{'s' if invited.count() == 1 else 've'} invitations: "
                              "revoke them before removing the team.")
    if opens_on and closes_on and closes_on < opens_on:
        raise ValidationError("The closing date cannot be before the opening date.")
    keys = _area_keys(disciplines)
    effective = {k: assessment.target_for(k) for k in assessment.target_overrides if k in keys}
    assessment.target_overrides = _differences(effective, target_model)
    assessment.title, assessment.target_model = title, target_model
    time_zone = time_zone or assessment.time_zone
    deadline = deadline_of(closes_on, close_time, time_zone)
    _check_deadline(assessment.status, deadline, changed=deadline != assessment.deadline)
    assessment.opens_on, assessment.closes_on = opens_on, closes_on
    assessment.deadline, assessment.time_zone = deadline, time_zone
    if reminder_days is not None:
        assessment.reminder_days = reminder_days_checked(reminder_days)
    lowered = min_completion is not None and min_completion < assessment.min_completion
    if min_completion is not None:
        assessment.min_completion = _min_completion_checked(min_completion)
    assessment.interim_results = interim_results
    assessment.save(update_fields=["title", "target_model", "target_overrides", "opens_on", "closes_on",
                                   "deadline", "time_zone", "reminder_days", "min_completion", "interim_results"])
    if lowered:
        responses_recount(assessment)
    assessment.disciplines.set(disciplines)
    assessment.teams.set(teams)
    audit_log(actor=actor, action=AuditEvent.Action.UPDATED, organization=assessment.organization,
              assessment=assessment, detail="details")
    return assessment


@transaction.atomic
def assessment_set_targets(
    *, assessment: Assessment, targets: dict[str, int], actor: AbstractBaseUser | None
) -> Assessment:
    """Set the target level of every area; only the differences from the model are stored."""
    disciplines = assessment.disciplines.prefetch_related("areas")
    overrides = _check_overrides(_differences(targets, assessment.target_model), disciplines)
    if overrides != assessment.target_overrides:
        assessment.target_overrides = overrides
        assessment.save(update_fields=["target_overrides"])
        audit_log(actor=actor, action=AuditEvent.Action.UPDATED, organization=assessment.organization,
                  assessment=assessment, detail=f"targets ({len(overrides)} differ from the model)")
    return assessment


@dataclass(frozen=True)
class CloneResult:
    assessment: Assessment
    dropped: list[str] = field(default_factory=list)


def next_round_title(title: str) -> str:
    """“Ops maturity 2026” becomes “Ops maturity 2027”; other titles get “(next round)”."""
    years = list(re.finditer(r"\b(19|20)\d{2}\b", title))
    if not years:
        return f"{title} (next round)"[:160]
    last = years[-1]
    return title[: last.start()] + str(int(last.group()) + 1) + title[last.end():]


@transaction.atomic
def assessment_clone(*, source: Assessment, created_by: AbstractBaseUser | None, title: str = "") -> CloneResult:
    """A draft for the next round: same disciplines, targets and teams, on the latest catalogue.

    Disciplines, the target model and overrides are matched by key; whatever the latest
    catalogue no longer has is left out and listed in `dropped`.
    """
    version = latest_catalogue()
    old = list(source.disciplines.all())
    disciplines = list(version.disciplines.filter(key__in=[d.key for d in old]).prefetch_related("areas"))
    kept = {d.key for d in disciplines}
    dropped = [f"discipline “{d.name}”" for d in old if d.key not in kept]
    if not disciplines:
        raise ValidationError("None of the disciplines of this assessment exist in the latest catalogue.")
    target_model = version.target_models.filter(key=source.target_model.key).first()
    if target_model is None:
        target_model = version.target_models.order_by("order").first()
        dropped.append(f"target model “{source.target_model.name}” (now “{target_model.name}”)")
    keys = _area_keys(disciplines)
    dropped += [f"target for {key}" for key in sorted(source.target_overrides) if key not in keys]
    overrides = _differences(
        {k: int(v) for k, v in source.target_overrides.items() if k in keys}, target_model
    )
    assessment = assessment_create(
        organization=source.organization,
        title=title or next_round_title(source.title),
        disciplines=disciplines,
        target_model=target_model,
        created_by=created_by,
        teams=source.teams.all(),
        target_overrides=overrides,
        time_zone=source.time_zone,  # the client's; the dates are the next round's to set
        reminder_days=source.reminder_days,
        min_completion=source.min_completion,
    )
    assessment.cloned_from = source
    assessment.save(update_fields=["cloned_from"])
    audit_log(actor=created_by, action=AuditEvent.Action.CLONED, organization=source.organization,
              assessment=assessment, detail=f"from “{source.title}”")
    return CloneResult(assessment=assessment, dropped=dropped)
