from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from assessments.access import assessment_for_consultant, assessment_for_viewer, role_in, viewable_organizations
from assessments.models import Assessment, AuditEvent, Membership
from assessments.selectors import home_organizations
from assessments.services.audit import audit_log

from . import exports
from .charts import document_charts
from .context import report_document, report_inputs, score
from .forms import ActionForm, ReviewForm
from .models import Publication, Report, ReportReview, TrackedAction
from .presentation import build_document, outline
from .presentation.compare import CompareColumn, build_comparison
from .presentation.rules import LEVEL_NAMES
from .publications import publication_latest, publication_result, unpublished_count
from .scoring import AssessmentResult
from .services import (
    QUEUE_UNAVAILABLE,
    QueueUnavailable,
    ReportQuotaExceeded,
    TrackingUnavailable,
    action_update,
    actions_track,
    report_enqueue,
    report_file_is_intact,
    report_reap_if_stale,
    report_request,
    report_retry,
    review_save,
)


def _report_for_viewer(request: HttpRequest, report_id: int) -> Report:
    """A report of a client of the user; managers only get reports built from a publication."""
    qs = Report.objects.select_related("assessment__organization")
    report = get_object_or_404(qs, pk=report_id, assessment__organization__in=viewable_organizations(request.user))
    if report.publication_id is None and not _is_consultant(request, report.assessment):
        raise Http404
    return report


def _is_consultant(request: HttpRequest, assessment) -> bool:
    return role_in(request.user, assessment.organization) == Membership.Role.CONSULTANT


def _published_for_manager(request: HttpRequest, assessment) -> tuple[bool, Publication | None]:
    """(is the user a consultant, the publication a manager sees). Consultants work on the
    live answers; a manager gets 404 for an export while nothing is published."""
    return _is_consultant(request, assessment), publication_latest(assessment)


def _filename(assessment, suffix: str) -> str:
    return f"{slugify(assessment.organization.name)}-{slugify(assessment.title)}-{suffix}"


@never_cache
@login_required
@require_GET
def results(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = assessment_for_viewer(request.user, assessment_id)
    is_consultant, publication = _published_for_manager(request, assessment)
    if not is_consultant and publication is None:
        return render(request, "reports/results_unpublished.html", {
            "assessment": assessment, "k": settings.OPSASSESS_MIN_GROUP_SIZE})
    document = report_document(assessment, publication=None if is_consultant else publication)
    # Audited once the user is authorised and there are results to see (not for a 404).
    audit_log(actor=request.user, action=AuditEvent.Action.VIEWED, organization=assessment.organization,
              assessment=assessment, detail="live results" if is_consultant else f"publication {publication.number}")
    return render(request, "reports/results.html", {
        "assessment": assessment,
        "doc": document,
        "charts": document_charts(document),
        "legend": LEVEL_NAMES.items(),
        "is_consultant": is_consultant,
        "publication": publication,
        "unpublished": unpublished_count(assessment) if is_consultant else 0,
        "k": settings.OPSASSESS_MIN_GROUP_SIZE,
        "comments_caption": outline.COMMENTS_CAPTION,
    })


@never_cache
@login_required
@require_GET
def results_export(request: HttpRequest, assessment_id: int, fmt: str) -> HttpResponse:
    if fmt not in ("json", "csv"):
        raise Http404  # before any work or audit entry: an unknown format is no export
    assessment = assessment_for_viewer(request.user, assessment_id)
    is_consultant, publication = _published_for_manager(request, assessment)
    if not is_consultant and publication is None:
        raise Http404("No results are published yet.")
    inputs = report_inputs(assessment, publication=None if is_consultant else publication)
    document, result = build_document(inputs), inputs.result
    audit_log(actor=request.user, action=AuditEvent.Action.EXPORTED, organization=assessment.organization,
              assessment=assessment, detail=f"results.{fmt}")
    if fmt == "json":
        response = HttpResponse(exports.results_json(result, document, assessment=assessment),
                                content_type="application/json")
    else:
        response = StreamingHttpResponse(exports.csv_lines(exports.results_rows(result, document)),
                                         content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{_filename(assessment, "results")}.{fmt}"'
    return response


@never_cache
@login_required
@require_GET
def roadmap_csv(request: HttpRequest, assessment_id: int) -> StreamingHttpResponse:
    assessment = assessment_for_viewer(request.user, assessment_id)
    is_consultant, publication = _published_for_manager(request, assessment)
    if not is_consultant and publication is None:
        raise Http404("No results are published yet.")
    document = report_document(assessment, publication=None if is_consultant else publication)
    audit_log(actor=request.user, action=AuditEvent.Action.EXPORTED, organization=assessment.organization,
              assessment=assessment, detail="roadmap.csv")
    response = StreamingHttpResponse(exports.csv_lines(exports.roadmap_rows(document)), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{_filename(assessment, "roadmap")}.csv"'
    return response


@never_cache
@login_required
@require_GET
def answers_csv(request: HttpRequest, assessment_id: int) -> StreamingHttpResponse:
    """Raw answers: consultants only, managers never see an individual's answers."""
    assessment = assessment_for_consultant(request.user, assessment_id)
    audit_log(actor=request.user, action=AuditEvent.Action.EXPORTED, organization=assessment.organization,
              assessment=assessment, detail="raw answers")
    response = StreamingHttpResponse(exports.csv_lines(exports.answer_rows(assessment)), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{_filename(assessment, "answers")}.csv"'
    return response


@never_cache
@login_required
def report_list(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = assessment_for_viewer(request.user, assessment_id)
    is_consultant, publication = _published_for_manager(request, assessment)
    reports = assessment.reports.select_related("requested_by", "publication")
    if not is_consultant:
        reports = reports.filter(publication__isnull=False)
    return render(request, "reports/report_list.html", {
        "assessment": assessment, "reports": reports, "is_consultant": is_consultant, "publication": publication,
        "review": ReportReview.objects.filter(assessment=assessment).first() if is_consultant else None})


@login_required
@require_POST
def report_create(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = assessment_for_viewer(request.user, assessment_id)
    is_consultant, publication = _published_for_manager(request, assessment)
    fmt = request.POST.get("format", Report.Format.PDF)
    if fmt not in Report.Format.values:
        messages.error(request, f"“{fmt[:20]}” is not a format reports are built in: choose PDF, Word or PowerPoint.")
        return redirect("report_list", assessment.pk)
    if not is_consultant and publication is None:
        messages.error(request, "No results are published yet, so there is nothing to report.")
        return redirect("report_list", assessment.pk)
    # Managers, and everyone once the assessment is closed, get the published results (so the
    # report a consultant hands over is the one managers can download); a consultant's report
    # of an open assessment is built from the live answers and is never listed to managers.
    if is_consultant and assessment.status != Assessment.Status.CLOSED:
        publication = None
    newest = assessment.reports.order_by("-version").values_list("pk", flat=True).first()
    try:
        report = report_request(assessment=assessment, user=request.user, publication=publication, fmt=fmt)
    except ReportQuotaExceeded as exc:
        messages.error(request, str(exc))
        return redirect("report_list", assessment.pk)
    if report.pk == newest and report.error != QUEUE_UNAVAILABLE:
        messages.info(request, f"Report v{report.version} is already being built; this page follows it.")
    else:
        _enqueue(request, report)
    return redirect(reverse("report_list", args=[assessment.pk]) + f"#report-{report.pk}")


@login_required
@require_POST
def report_retry_view(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report_for_viewer(request, report_id)
    if report.status == Report.Status.DONE:
        messages.info(request, "That report is already built.")
    else:
        _enqueue(request, report_retry(report=report, user=request.user))
    return redirect(reverse("report_list", args=[report.assessment_id]) + f"#report-{report.pk}")


def _enqueue(request: HttpRequest, report: Report) -> None:
    # report_request has committed by now, so the worker finds the row it is asked to build.
    try:
        report_enqueue(report)
    except QueueUnavailable as exc:
        messages.error(request, str(exc))
        return
    report.refresh_from_db()
    if report.status == Report.Status.DONE:
        messages.success(request, f"Report v{report.version} is ready to download.")
    elif report.status == Report.Status.FAILED:
        messages.error(request, f"Report v{report.version} failed: {report.error}")
    else:
        messages.info(request, f"Report v{report.version} is being built; this page updates as it goes.")


@never_cache
@login_required
@require_GET
def report_status(request: HttpRequest, report_id: int) -> JsonResponse:
    report = report_reap_if_stale(_report_for_viewer(request, report_id))
    payload = {"id": report.pk, "status": report.status, "label": report.get_status_display(),
               "progress": report.progress, "error": report.error, "download": None}
    if report.status == Report.Status.DONE:
        payload["download"] = reverse("report_download", args=[report.pk])
    return JsonResponse(payload)


@never_cache
@login_required
@require_GET
def report_download(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report_for_viewer(request, report_id)
    if not report_file_is_intact(report):
        raise Http404("This report is not available.")
    audit_log(actor=request.user, action=AuditEvent.Action.DOWNLOADED, organization=report.assessment.organization,
              assessment=report.assessment, detail=f"Report v{report.version} ({report.format})")
    kind = "executive-deck" if report.format == Report.Format.PPTX else "gap-report"
    filename = f"{_filename(report.assessment, kind)}-v{report.version}.{report.format}"
    return FileResponse(report.file.open("rb"), as_attachment=True, filename=filename,
                        content_type=report.media_type)


@never_cache
@login_required
def report_review(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """The consultant's review: commentary, and keep, edit or drop each recommendation."""
    assessment = assessment_for_consultant(request.user, assessment_id)
    review = ReportReview.objects.filter(assessment=assessment).first()
    unreviewed = build_document(report_inputs(assessment, review=None))  # every recommendation, none dropped
    form = ReviewForm(request.POST or None, document=unreviewed, review=review)
    if request.method == "POST" and form.is_valid():
        review_save(assessment=assessment, user=request.user, **form.payload())
        meta = report_document(assessment).meta
        if meta.reviewed:
            messages.success(request, "Review saved. It is complete: reports generated from now on are final "
                                      "(once the assessment is closed) and carry your commentary.")
        else:
            messages.info(request, f"Review saved. Still missing: {meta.review_missing}. Until then every report "
                                   "is stamped “Draft: generated, not yet reviewed”.")
        return redirect("report_review", assessment.pk)
    return render(request, "reports/review.html", {
        "assessment": assessment, "form": form, "doc": unreviewed, "meta": report_document(assessment).meta,
        "review": review})


def _managers(assessment: Assessment):  # noqa: ANN202 - a user queryset
    return get_user_model().objects.filter(memberships__organization=assessment.organization,
                                           memberships__role=Membership.Role.MANAGER).order_by("email")


@never_cache
@login_required
@require_GET
def actions_list(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """The roadmap's actions as the client tracks them: consultants and the client's managers."""
    assessment = assessment_for_viewer(request.user, assessment_id)
    actions = list(assessment.tracked_actions.select_related("owner_user"))
    managers = _managers(assessment)
    rows = [(a, ActionForm(action=a, managers=managers)) for a in actions]
    counts = {status: sum(1 for a in actions if a.status == status) for status in TrackedAction.Status.values}
    today = timezone.localdate()
    overdue = sum(1 for a in actions if a.due_on and a.due_on < today and a.status in ("open", "in_progress"))
    return render(request, "reports/actions.html", {
        "assessment": assessment, "rows": rows, "counts": counts, "overdue": overdue, "today": today,
        "statuses": TrackedAction.Status.choices, "is_consultant": _is_consultant(request, assessment)})


@login_required
@require_POST
def actions_start(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = assessment_for_consultant(request.user, assessment_id)
    try:
        added = actions_track(assessment=assessment, user=request.user)
    except TrackingUnavailable as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{added} action{'s' if added != 1 else ''} added to the tracker."
                         if added else "Every action of the roadmap is already tracked.")
    return redirect("actions_list", assessment.pk)


@login_required
@require_POST
def action_edit(request: HttpRequest, action_id: int) -> HttpResponse:
    action = get_object_or_404(TrackedAction.objects.select_related("assessment__organization"), pk=action_id,
                               assessment__organization__in=viewable_organizations(request.user))
    form = ActionForm(request.POST, action=action, managers=_managers(action.assessment))
    if form.is_valid():
        data = form.cleaned_data
        action_update(action=action, user=request.user, status=data["status"], owner_name=data["owner_name"],
                      owner_user=data["owner_user"], due_on=data["due_on"], notes=data["notes"])
        messages.success(request, f"{action.ref} saved: {action.get_status_display().lower()}.")
    else:
        problems = "; ".join(f"{form.fields[name].label or name}: {' '.join(errors)}"
                             for name, errors in form.errors.items())
        messages.error(request, f"{action.ref} was not saved. {problems}")
    return redirect(reverse("actions_list", args=[action.assessment_id]) + f"#action-{action.pk}")


@never_cache
@login_required
@require_GET
def actions_csv(request: HttpRequest, assessment_id: int, shape: str) -> StreamingHttpResponse:
    if shape not in ("jira", "github"):
        raise Http404
    assessment = assessment_for_viewer(request.user, assessment_id)
    audit_log(actor=request.user, action=AuditEvent.Action.EXPORTED, organization=assessment.organization,
              assessment=assessment, detail=f"actions for {shape}")
    actions = assessment.tracked_actions.select_related("owner_user")
    response = StreamingHttpResponse(exports.csv_lines(exports.tracker_rows(actions, shape)), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{_filename(assessment, "actions-" + shape)}.csv"'
    return response


MAX_COMPARED = 6


def _compared_column(request: HttpRequest, assessment: Assessment) -> tuple[CompareColumn, AssessmentResult | None]:
    """A consultant compares the assessment's results (stored once closed, live while open);
    a manager its latest publication, as on the results page."""
    org = assessment.organization.name
    if _is_consultant(request, assessment):
        result = score(assessment)
        source = "results at closing" if assessment.status == Assessment.Status.CLOSED else "live answers (open)"
    else:
        publication = publication_latest(assessment)
        if publication is None:
            return CompareColumn(assessment.title, org, "no results published yet", None), None
        result, source = publication_result(publication), f"published results (publication {publication.number})"
    return CompareColumn(assessment.title, org, source, result.respondent_count), result


@never_cache
@login_required
@require_GET
def compare(request: HttpRequest) -> HttpResponse:
    """Two to six assessments side by side: any the user may see, the same client over time
    or different clients (consultants); a manager only their own organisation's."""
    ids = request.GET.getlist("a")
    if any(not (i.isascii() and i.isdigit() and int(i) < 2**63) for i in ids):
        raise Http404("No such assessment.")
    chosen = list(dict.fromkeys(int(i) for i in ids))[:MAX_COMPARED]
    assessments = [assessment_for_viewer(request.user, pk) for pk in chosen]  # 404 for anything not theirs
    assessments.sort(key=lambda a: (a.opened_at or a.created_at, a.pk))  # oldest first: change = newest - oldest
    comparison = None
    if len(assessments) >= 2:
        comparison = build_comparison([_compared_column(request, a) for a in assessments])
        for assessment in assessments:
            audit_log(actor=request.user, action=AuditEvent.Action.VIEWED, organization=assessment.organization,
                      assessment=assessment, detail="in a comparison")
    elif ids:
        messages.info(request, "Choose at least two assessments to compare.")
    return render(request, "reports/compare.html", {
        "organizations": home_organizations(request.user), "chosen": set(chosen), "comparison": comparison,
        "max_compared": MAX_COMPARED, "legend": LEVEL_NAMES.items(),
    })
