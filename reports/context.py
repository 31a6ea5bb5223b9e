"""From the database to the presentation model: the one place a report's inputs are read.

    document = report_document(assessment)   # ReportDocument for the page, the PDF, …

The engine computes every figure and the presentation model decides how each is
printed; this module only gathers names, dates, the catalogue's guidance and the
consultant's observations, so page, exports and PDF agree.
"""

from django.conf import settings
from django.utils import timezone

from assessments.models import Assessment, Kpi, Observation, Question, Risk
from assessments.selectors import invited_count

from .models import Publication, ReportReview, TrackedAction
from .presentation import (
    ActionSpec,
    CommentItem,
    KpiInfo,
    ObservationItem,
    QuestionGuidance,
    ReportDocument,
    ReportInputs,
    Review,
    ReviewDecision,
    build_document,
)
from .publications import publication_latest, publication_result
from .results_store import assessment_result
from .scoring import AssessmentResult, Band
from .selectors import client_comments


def score(assessment: Assessment) -> AssessmentResult:
    """The engine's result: stored once for a closed assessment, fresh for an open one."""
    return assessment_result(assessment)


def _previous_result(previous: Assessment | None, *, published: bool) -> AssessmentResult | None:
    if previous is None:
        return None
    if not published:
        return score(previous)
    publication = publication_latest(previous)
    return publication_result(publication) if publication is not None else None


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


def _guidance(assessment: Assessment) -> dict[int, QuestionGuidance]:
    rows = Question.objects.filter(
        area__discipline__version=assessment.catalogue_version,
        area__discipline__key__in=assessment.disciplines.values("key"),
    ).values_list("pk", "area__discipline__key", "why", "improve", "mitigates", "levels")
    return {
        pk: QuestionGuidance(
            why=why,
            improve={int(level): tuple(ActionSpec(a["action"], a["effort"], a["owner"]) for a in actions)
                     for level, actions in (improve or {}).items()},
            mitigates=tuple(f"{discipline}.{key}" for key in mitigates or ()),
            levels=tuple(levels),
        )
        for pk, discipline, why, improve, mitigates, levels in rows
    }


def _kpis(assessment: Assessment) -> dict[str, KpiInfo]:
    kpis = Kpi.objects.filter(discipline__version=assessment.catalogue_version).select_related("discipline")
    return {
        f"{k.discipline.key}.{k.key}": KpiInfo(
            help=k.help, bands=tuple(Band(name=b["name"], min=b.get("min"), max=b.get("max")) for b in k.bands),
            source_title=k.source.get("title", ""), source_year=k.source.get("year"), heuristic=k.heuristic)
        for k in kpis
    }


def _risk_owners(assessment: Assessment) -> dict[str, str]:
    rows = Risk.objects.filter(discipline__version=assessment.catalogue_version).values_list(
        "discipline__key", "key", "owner")
    return {f"{d}.{k}": owner for d, k, owner in rows if owner}


CURRENT = "current"


def review_current(assessment: Assessment) -> dict | None:
    """The client-facing part of the consultant's review as it stands now."""
    review = ReportReview.objects.filter(assessment=assessment).first()
    return review.client_facing() if review is not None else None


def _review(payload: dict | None) -> Review | None:
    if not payload:
        return None
    return Review(
        executive=payload.get("executive", ""),
        disciplines=dict(payload.get("disciplines", {})),
        decisions={key: ReviewDecision(decision=d["decision"], note=d.get("note", ""))
                   for key, d in payload.get("decisions", {}).items() if d.get("decision")},
    )


def report_inputs(assessment: Assessment, *, include_internal: bool = False,
                  publication: Publication | None = None, review: dict | None | str = CURRENT) -> ReportInputs:
    """The live answers (for consultants), or with `publication` what it published (for
    managers, and for every report a manager can download). `review`: the consultant's
    review as it stands (the default), or the one a report version was requested with."""
    previous = previous_assessment(assessment)
    observations = Observation.objects.filter(assessment=assessment)
    if not include_internal:
        observations = observations.filter(visibility=Observation.Visibility.CLIENT)
    return ReportInputs(
        organization=assessment.organization.name,
        assessment_title=assessment.title,
        assessment_id=assessment.pk,
        consultant=_consultant_name(assessment),
        status=assessment.get_status_display(),
        is_open=assessment.status != Assessment.Status.CLOSED,
        opens_on=assessment.opens_on,
        closes_on=assessment.closes_on,
        generated_at=timezone.localtime(publication.published_at if publication else None),
        target_model=assessment.target_model.name,
        target_model_description=assessment.target_model.description,
        target_model_rationale=assessment.target_model.rationale,
        catalogue_version=str(assessment.catalogue_version),
        teams=tuple(t.name for t in assessment.teams.all()),
        invited=invited_count(assessment),
        min_completion=assessment.min_completion,
        comments=tuple(CommentItem(*row) for row in client_comments(
            assessment, publication.number if publication else None,
            publication.teams_shown if publication else None, settings.OPSASSESS_MIN_GROUP_SIZE)),
        result=publication_result(publication) if publication is not None else score(assessment),
        guidance=_guidance(assessment),
        kpis=_kpis(assessment),
        risk_owners=_risk_owners(assessment),
        previous=_previous_result(previous, published=publication is not None),
        previous_title=previous.title if previous else "",
        observations=tuple(
            ObservationItem(area_key=o.area_key, text=o.text, internal=o.visibility == Observation.Visibility.INTERNAL)
            for o in observations.order_by("area_key", "created_at")
        ),
        review=_review(review_current(assessment) if review == CURRENT else review),  # type: ignore[arg-type]
        previous_actions=_previous_actions(previous),
        firm=assessment.organization.firm.printed_name,
        brand_colour=assessment.organization.firm.primary_colour,
        logo=assessment.organization.firm.logo_bytes(),
    )


def _previous_actions(previous: Assessment | None) -> dict[str, tuple[str, ...]]:
    """What became of the actions the client tracked after the previous round, per area."""
    if previous is None:
        return {}
    statuses: dict[str, list[str]] = {}
    for area_key, status in TrackedAction.objects.filter(assessment=previous).values_list("area_key", "status"):
        statuses.setdefault(area_key, []).append(status)
    return {key: tuple(values) for key, values in statuses.items()}


def report_document(assessment: Assessment, *, include_internal: bool = False,
                    publication: Publication | None = None) -> ReportDocument:
    return build_document(report_inputs(assessment, include_internal=include_internal, publication=publication))

