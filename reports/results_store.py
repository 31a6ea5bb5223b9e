"""Results, scored once: a closed assessment's result is stored when it closes and read
back by its results page, exports and reports; reopening it discards the stored copy."""

from django.conf import settings

from assessments.models import Assessment

from .models import StoredResult
from .scoring import AssessmentResult, score_assessment
from .scoring.serialize import ENGINE_VERSION, result_from_json, result_to_json
from .selectors import assessment_data


def compute(assessment: Assessment) -> AssessmentResult:
    """Score from the answers, with intervals from resampling whole responses."""
    return score_assessment(
        assessment_data(assessment, with_level_answers=True),
        min_group_size=settings.OPSASSESS_MIN_GROUP_SIZE,
        bootstrap_seed=assessment.pk,
    )


def result_store(*, assessment: Assessment, result: AssessmentResult) -> StoredResult:
    stored, _ = StoredResult.objects.update_or_create(
        assessment=assessment, defaults={"engine_version": ENGINE_VERSION, "payload": result_to_json(result)})
    return stored


def result_discard(*, assessment: Assessment) -> None:
    StoredResult.objects.filter(assessment=assessment).delete()


def assessment_result(assessment: Assessment) -> AssessmentResult:
    """The stored result of a closed assessment (of this engine version), else a fresh score."""
    if assessment.status == Assessment.Status.CLOSED:
        row = StoredResult.objects.filter(assessment=assessment, engine_version=ENGINE_VERSION).first()
        if row is not None:
            return result_from_json(row.payload)
    return compute(assessment)


def on_closed(sender: type, assessment: Assessment, **kwargs: object) -> None:
    """Runs inside the closing transaction: the status and the stored result commit together."""
    result_store(assessment=assessment, result=compute(assessment))


def on_reopened(sender: type, assessment: Assessment, **kwargs: object) -> None:
    result_discard(assessment=assessment)
