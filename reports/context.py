"""Everything a results page or a PDF report shows, assembled once from the database.

The engine computes every figure; this module only adds names, dates and the
consultant's client-visible observations, so page, exports and PDF agree.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from assessments.models import Assessment, Observation

from .scoring import AssessmentResult, TrendResult, compare_results, score_assessment
from .selectors import assessment_data


@dataclass(frozen=True)
class ObservationItem:
    area_key: str
    text: str
    internal: bool


@dataclass(frozen=True)
class ReportContext:
    organization: str
    assessment_title: str
    assessment_id: int
    status: str
    opens_on: datetime.date | None
    closes_on: datetime.date | None
    consultant: str
    target_model: str
    target_model_description: str
    catalogue_version: str
    disciplines: tuple[str, ...]
    teams: tuple[str, ...]
    generated_at: datetime.datetime
    result: AssessmentResult
    trend: TrendResult | None = None
    previous_title: str | None = None
    observations: tuple[ObservationItem, ...] = field(default_factory=tuple)

    def observations_for(self, area_key: str) -> tuple[ObservationItem, ...]:
        return tuple(o for o in self.observations if o.area_key == area_key)


def score(assessment: Assessment) -> AssessmentResult:
    return score_assessment(assessment_data(assessment), min_group_size=settings.OPSASSESS_MIN_GROUP_SIZE)


def previous_assessment(assessment: Assessment) -> Assessment | None:
    """The organisation's last closed assessment before this one, for the trend."""
    return (
        Assessment.objects.filter(organization_id=assessment.organization_id, status=Assessment.Status.CLOSED,
                                  created_at__lt=assessment.created_at)
        .select_related("catalogue_version", "target_model")
        .order_by("-created_at")
        .first()
    )


def _consultant_name(assessment: Assessment) -> str:
    user = assessment.created_by
    if user is None:
        return ""
    return user.get_full_name() or user.email or user.get_username()


def report_context(assessment: Assessment, *, include_internal: bool = False) -> ReportContext:
    result = score(assessment)
    previous = previous_assessment(assessment)
    trend = compare_results(result, score(previous)) if previous is not None else None
    observations = Observation.objects.filter(assessment=assessment)
    if not include_internal:
        observations = observations.filter(visibility=Observation.Visibility.CLIENT)
    return ReportContext(
        organization=assessment.organization.name,
        assessment_title=assessment.title,
        assessment_id=assessment.pk,
        status=assessment.get_status_display(),
        opens_on=assessment.opens_on,
        closes_on=assessment.closes_on,
        consultant=_consultant_name(assessment),
        target_model=assessment.target_model.name,
        target_model_description=assessment.target_model.description,
        catalogue_version=str(assessment.catalogue_version),
        disciplines=tuple(d.name for d in assessment.disciplines.all()),
        teams=tuple(t.name for t in assessment.teams.all()),
        generated_at=timezone.now(),
        result=result,
        trend=trend,
        previous_title=previous.title if previous else None,
        observations=tuple(
            ObservationItem(area_key=o.area_key, text=o.text, internal=o.visibility == Observation.Visibility.INTERNAL)
            for o in observations.order_by("area_key", "created_at")
        ),
    )
