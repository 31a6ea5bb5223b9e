"""Writes for reports: request one, build one, record a failure."""

import datetime
import hashlib
import io
import logging
import posixpath
import re
import zipfile
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from assessments.models import Assessment, AuditEvent
from assessments.services.audit import audit_log

from .context import review_current
from .models import Publication, Report, ReportReview, TrackedAction
from .presentation import ReportDocument
from .scoring.serialize import ENGINE_VERSION, result_to_json

logger = logging.getLogger(__name__)
QUEUE_UNAVAILABLE = "The report queue is unavailable right now; the request is recorded. Try again in a minute."


class QueueUnavailable(Exception):
    pass


def report_enqueue(report: Report) -> None:
    """Hand the build to Celery (in-process without REDIS_URL). Raises QueueUnavailable."""
    from .tasks import build_report

    try:
        build_report.delay(report.pk)
    except Exception as exc:  # kombu raises several types for an unreachable broker
        logger.warning("could not queue report %s: %s", report.pk, exc)
        Report.objects.filter(pk=report.pk, status=Report.Status.QUEUED).update(error=QUEUE_UNAVAILABLE)
        raise QueueUnavailable(QUEUE_UNAVAILABLE) from exc


class ReportQuotaExceeded(Exception):
    pass


def _in_flight(assessment: Assessment, publication: Publication | None, fmt: str) -> Report | None:
    report = (Report.objects.filter(assessment=assessment, publication=publication, format=fmt,
                                    status__in=(Report.Status.QUEUED, Report.Status.RUNNING))
              .order_by("-version").first())
    if report is not None:
        report = report_reap_if_stale(report)
    return report if report is not None and report.status != Report.Status.FAILED else None


@transaction.atomic
def report_request(*, assessment: Assessment, user: AbstractBaseUser, publication: Publication | None = None,
                   fmt: str = Report.Format.PDF) -> Report:
    """Record a new report version of the publication (None: of the live answers) in the
    format, or return the one already being built from the same (one build in flight per
    assessment, source and format: a second request joins it).
    Raises ReportQuotaExceeded past the per-user hourly quota."""
    if fmt not in Report.Format.values:
        raise ValueError(f"Unknown report format {fmt!r}")
    Assessment.objects.select_for_update().filter(pk=assessment.pk).first()  # serialise version numbers
    running = _in_flight(assessment, publication, fmt)
    if running is not None:
        return running
    hour_ago = timezone.now() - datetime.timedelta(hours=1)
    quota = settings.OPSASSESS_REPORTS_PER_USER_PER_HOUR
    if Report.objects.filter(requested_by_id=user.pk, requested_at__gte=hour_ago).count() >= quota:
        raise ReportQuotaExceeded(f"You have asked for {quota} reports in the last hour, the most allowed. "
                                  "Download one of them, or try again later.")
    version = (Report.objects.filter(assessment=assessment).aggregate(v=Max("version"))["v"] or 0) + 1
    report = Report.objects.create(assessment=assessment, version=version, requested_by=user,
                                   publication=publication, format=fmt, review=review_current(assessment))
    audit_log(actor=user, action=AuditEvent.Action.REPORT_REQUESTED, organization=assessment.organization,
              assessment=assessment, detail=f"Report v{version} ({fmt})")
    return report


def report_retry(*, report: Report, user: AbstractBaseUser) -> Report:
    """Put a failed (or never queued) report back in the queue."""
    Report.objects.filter(pk=report.pk).exclude(status=Report.Status.DONE).update(
        status=Report.Status.QUEUED, error="", progress=0
    )
    report.refresh_from_db()
    return report


def _set_progress(report_id: int) -> Callable[[int], None]:
    def update(pct: int) -> None:
        Report.objects.filter(pk=report_id, status=Report.Status.RUNNING).update(progress=max(1, min(99, pct)))

    return update


def _render(report: Report, document: ReportDocument, progress: Callable[[int], None]) -> tuple[bytes, int]:
    """The file's bytes in the report's format, and its pages (slides of a deck; 0 for Word,
    whose pagination only Word knows)."""
    if report.format == Report.Format.DOCX:
        from .office import build_report_docx

        return build_report_docx(document, progress=progress), 0
    if report.format == Report.Format.PPTX:
        from .office import build_report_pptx

        deck = build_report_pptx(document, progress=progress)
        return deck, _slide_count(deck)
    from .pdf import build_report_pdf

    pdf = build_report_pdf(document, progress=progress)
    return pdf, pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")


def _slide_count(deck: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(deck)) as archive:
        return sum(1 for name in archive.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", name))


def report_build(*, report_id: int) -> Report:
    """Build the file of one report. Idempotent: a done report is left as it is; a
    report interrupted half-way (worker lost) is built again from scratch.

    The file is written completely before the row says DONE, and downloads check the
    checksum, so a half-written file is never served.
    """
    from .context import report_inputs
    from .presentation import build_document

    report = Report.objects.select_related("assessment__organization", "publication").get(pk=report_id)
    if report.status == Report.Status.DONE:
        return report
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.RUNNING, progress=1, error="", started_at=timezone.now(), attempts=report.attempts + 1
    )
    progress = _set_progress(report.pk)
    inputs = report_inputs(report.assessment, publication=report.publication, review=report.review)
    context = build_document(inputs)
    progress(10)
    data, pages = _render(report, context, lambda pct: progress(10 + pct * 8 // 10))
    digest = hashlib.sha256(data).hexdigest()
    name = f"opsassess-{report.assessment_id}-v{report.version}-{digest[:12]}.{report.format}"
    _remove_leftovers(report, name)
    report.file.save(name, ContentFile(data), save=False)
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.DONE, progress=100, file=report.file.name, checksum=digest, size_bytes=len(data),
        result=result_to_json(inputs.result), engine_version=ENGINE_VERSION, pages=pages, finished_at=timezone.now(),
        reviewed=context.meta.reviewed,
    )
    report.refresh_from_db()
    return report


def _remove_leftovers(report: Report, name: str) -> None:
    """Files of this report version left by an attempt whose worker died between
    writing the file and recording it (never served: the row does not name them)."""
    storage = report.file.storage
    folder = posixpath.dirname(report.file.field.generate_filename(report, name))
    prefix = f"opsassess-{report.assessment_id}-v{report.version}-"
    try:
        _, files = storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        return
    for leftover in files:
        if leftover.startswith(prefix):
            storage.delete(posixpath.join(folder, leftover))


def report_fail(*, report_id: int, reason: str) -> None:
    Report.objects.filter(pk=report_id).exclude(status=Report.Status.DONE).update(
        status=Report.Status.FAILED, error=reason[:2000], finished_at=timezone.now()
    )


def report_reap_if_stale(report: Report) -> Report:
    """A report RUNNING for longer than a lost task takes to come back lost its worker
    and was not redelivered: record that, so the user can retry instead of waiting.

    Redis hands a dead worker's task to another after the visibility timeout, and a
    worker looks for such tasks about every 100 s; only after both (and after the hard
    time limit) is the report given up, so a redelivered build is not marked failed
    and then turns up done."""
    waited = max(settings.CELERY_TASK_TIME_LIMIT, settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"])
    limit = datetime.timedelta(seconds=waited + 120)
    if report.status == Report.Status.RUNNING and report.started_at and timezone.now() - report.started_at > limit:
        report_fail(report_id=report.pk, reason="The worker building this report stopped before finishing. Retry.")
        report.refresh_from_db()
    return report


def report_file_is_intact(report: Report) -> bool:
    if report.status != Report.Status.DONE or not report.file:
        return False
    digest = hashlib.sha256()
    try:
        with report.file.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 16), b""):
                digest.update(chunk)
    except OSError:
        return False
    return digest.hexdigest() == report.checksum


@transaction.atomic
def review_save(*, assessment: Assessment, user: AbstractBaseUser, executive: str, disciplines: dict[str, str],
                decisions: dict[str, dict[str, str]]) -> ReportReview:
    """Store the consultant's review: the commentaries as given, the decisions on the
    recommendations in the form (a decision on an area that is not a gap today is kept).
    Reports requested from now on carry it; reports already requested keep theirs."""
    review, _ = ReportReview.objects.select_for_update().get_or_create(assessment=assessment)
    review.executive = executive.strip()
    review.disciplines = {key: text.strip() for key, text in disciplines.items() if text.strip()}
    kept = dict(review.decisions)  # areas not in the form (no longer a gap today) keep what was decided
    for key, d in decisions.items():
        entry = {"decision": d.get("decision", ""), "note": d.get("note", "").strip(),
                 "internal_note": d.get("internal_note", "").strip()}
        if any(entry.values()):
            kept[key] = entry
        else:
            kept.pop(key, None)
    review.decisions = kept
    review.updated_by = user
    review.save()
    audit_log(actor=user, action=AuditEvent.Action.UPDATED, organization=assessment.organization,
              assessment=assessment, detail="report review")
    return review


class TrackingUnavailable(Exception):
    pass


@transaction.atomic
def actions_track(*, assessment: Assessment, user: AbstractBaseUser) -> int:
    """Track the first actions of every recommendation the review kept (the roadmap's body),
    taken from the published result of a closed assessment, so that what managers track
    never moves with one more submission. Idempotent: an action already tracked is left as
    it is. Returns how many were added. Raises TrackingUnavailable while the assessment is
    open or nothing is published."""
    from .context import report_document
    from .publications import publication_latest

    publication = publication_latest(assessment)
    if assessment.status != Assessment.Status.CLOSED or publication is None:
        raise TrackingUnavailable("Close the assessment first: actions are tracked from its published results.")
    document = report_document(assessment, publication=publication)
    tracked = set(TrackedAction.objects.filter(assessment=assessment).values_list("area_key", "text"))
    added = [
        TrackedAction(assessment=assessment, ref=action.ref, area_key=rec.area.key, area_name=rec.area.name,
                      discipline_name=rec.area.discipline_name, phase=phase.key, horizon=phase.horizon,
                      text=action.text, effort=action.effort, owner_name=action.owner, updated_by=user)
        for phase in document.phases for rec in phase.recommendations for action in rec.actions
        if (rec.area.key, action.text) not in tracked
    ]
    TrackedAction.objects.bulk_create(added)
    if added:
        audit_log(actor=user, action=AuditEvent.Action.UPDATED, organization=assessment.organization,
                  assessment=assessment, detail=f"tracking {len(added)} actions")
    return len(added)


@transaction.atomic
def action_update(*, action: TrackedAction, user: AbstractBaseUser, status: str, owner_name: str,
                  owner_user: AbstractBaseUser | None, due_on: datetime.date | None, notes: str) -> TrackedAction:
    action.status, action.owner_name, action.owner_user = status, owner_name.strip(), owner_user
    action.due_on, action.notes, action.updated_by = due_on, notes.strip(), user
    action.save()
    audit_log(actor=user, action=AuditEvent.Action.UPDATED, organization=action.assessment.organization,
              assessment=action.assessment, detail=f"action {action.ref}: {action.get_status_display()}")
    return action
