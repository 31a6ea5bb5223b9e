"""Generating, following and downloading PDF reports."""

import hashlib
import io
import re
import zipfile

import pytest
from django.db import OperationalError
from django.urls import reverse
from kombu.exceptions import OperationalError as BrokerDown

from assessments.models import AuditEvent
from reports.models import Report
from reports.services import QUEUE_UNAVAILABLE


def _generate(client, user, assessment):
    client.force_login(user)
    return client.post(reverse("report_create", args=[assessment.pk]), follow=True)


def test_a_consultant_generates_a_report_and_downloads_the_pdf(client, owner, answered):
    response = _generate(client, owner, answered)
    report = Report.objects.get(assessment=answered)
    assert (report.status, report.progress, report.version) == (Report.Status.DONE, 100, 1)
    assert "is ready to download" in response.content.decode()
    download = client.get(reverse("report_download", args=[report.pk]))
    body = b"".join(download.streaming_content)
    assert body.startswith(b"%PDF")
    assert hashlib.sha256(body).hexdigest() == report.checksum
    assert report.pages >= 5
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DOWNLOADED, assessment=answered).count() == 1


def test_generating_again_makes_a_new_version_and_keeps_the_old(client, owner, answered):
    _generate(client, owner, answered)
    _generate(client, owner, answered)
    assert list(Report.objects.filter(assessment=answered).values_list("version", "status")) == [
        (2, "done"), (1, "done")
    ]


def test_the_manager_can_generate_and_download_but_an_outsider_cannot(client, manager, outsider_manager, published):
    _generate(client, manager, published)
    report = Report.objects.get(assessment=published)
    assert client.get(reverse("report_download", args=[report.pk])).status_code == 200
    client.force_login(outsider_manager)
    for name in ("report_status", "report_download"):
        assert client.get(reverse(name, args=[report.pk])).status_code == 404
    assert client.post(reverse("report_retry", args=[report.pk])).status_code == 404
    assert client.post(reverse("report_create", args=[published.pk])).status_code == 404


def test_the_status_endpoint_reports_progress_and_the_download_link(client, owner, answered):
    _generate(client, owner, answered)
    report = Report.objects.get(assessment=answered)
    payload = client.get(reverse("report_status", args=[report.pk])).json()
    assert payload == {"id": report.pk, "status": "done", "label": "Done", "progress": 100, "error": "",
                       "download": reverse("report_download", args=[report.pk])}


def test_a_failure_is_recorded_with_its_reason_and_a_retry_succeeds(client, owner, answered, monkeypatch):
    import reports.pdf

    real_build = reports.pdf.build_report_pdf

    def broken(*args, **kwargs):
        raise ValueError("chart data is inconsistent")

    monkeypatch.setattr(reports.pdf, "build_report_pdf", broken)
    response = _generate(client, owner, answered)
    report = Report.objects.get(assessment=answered)
    assert report.status == Report.Status.FAILED
    assert report.error == "The report could not be built: chart data is inconsistent"
    assert "failed" in response.content.decode()
    assert client.get(reverse("report_download", args=[report.pk])).status_code == 404

    monkeypatch.setattr(reports.pdf, "build_report_pdf", real_build)
    client.post(reverse("report_retry", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == Report.Status.DONE
    assert report.attempts == 2


def test_a_persistent_database_error_ends_as_failed_not_stuck(client, owner, answered, monkeypatch):
    import reports.context

    def down(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(reports.context, "report_inputs", down)
    _generate(client, owner, answered)
    report = Report.objects.get(assessment=answered)
    assert report.status == Report.Status.FAILED
    assert "temporary error persisted" in report.error


def test_an_unreachable_queue_is_said_clearly_and_the_request_is_kept(client, owner, answered, monkeypatch):
    from reports.tasks import build_report

    def refuse(*args, **kwargs):
        raise BrokerDown("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(build_report, "delay", refuse)
    response = _generate(client, owner, answered)
    report = Report.objects.get(assessment=answered)
    assert (report.status, report.error) == (Report.Status.QUEUED, QUEUE_UNAVAILABLE)
    assert QUEUE_UNAVAILABLE in response.content.decode()

    monkeypatch.undo()
    client.post(reverse("report_retry", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == Report.Status.DONE


def test_a_tampered_file_is_never_served(client, owner, answered):
    _generate(client, owner, answered)
    report = Report.objects.get(assessment=answered)
    with open(report.file.path, "r+b") as handle:
        handle.truncate(100)  # as if the disk filled up half-way
    assert client.get(reverse("report_download", args=[report.pk])).status_code == 404


def test_build_report_command_writes_the_same_pdf_kind(answered, tmp_path):
    from django.core.management import call_command

    output = tmp_path / "out" / "report.pdf"
    call_command("build_report", str(answered.pk), "--output", str(output))
    assert output.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("fmt", ["docx", "pptx"])
def test_build_report_command_writes_word_and_powerpoint(answered, tmp_path, fmt):
    from django.core.management import call_command

    output = tmp_path / f"report.{fmt}"
    call_command("build_report", str(answered.pk), "--output", str(output), "--format", fmt)
    with zipfile.ZipFile(output) as archive:  # an Office file is a zip of XML parts
        assert ("word/document.xml" if fmt == "docx" else "ppt/presentation.xml") in archive.namelist()


WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DECK = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


@pytest.mark.parametrize(("fmt", "media_type", "kind"), [("docx", WORD, "gap-report"), ("pptx", DECK, "executive-deck")])
def test_a_consultant_builds_the_word_report_and_the_deck_with_the_pdfs_versioning(client, owner, answered, fmt,
                                                                                  media_type, kind):
    _generate(client, owner, answered)
    client.post(reverse("report_create", args=[answered.pk]), {"format": fmt})
    report = Report.objects.get(assessment=answered, format=fmt)
    assert (report.status, report.version, report.progress) == (Report.Status.DONE, 2, 100)
    download = client.get(reverse("report_download", args=[report.pk]))
    body = b"".join(download.streaming_content)
    assert download["Content-Type"] == media_type
    assert f"-{kind}-v2.{fmt}" in download["Content-Disposition"]
    assert hashlib.sha256(body).hexdigest() == report.checksum
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        slides = [n for n in archive.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]
    assert report.pages == len(slides)  # slides of a deck; Word's pages are Word's to count (0)
    listing = client.get(reverse("report_list", args=[answered.pk])).content.decode()
    assert "Download Word" in listing if fmt == "docx" else f"{len(slides)} slides" in listing


def test_an_unknown_format_is_refused_with_a_message_and_nothing_is_queued(client, owner, answered):
    client.force_login(owner)
    response = client.post(reverse("report_create", args=[answered.pk]), {"format": "xlsx"}, follow=True)
    assert "is not a format reports are built in" in response.content.decode()
    assert not Report.objects.filter(assessment=answered).exists()


@pytest.mark.services
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_live_worker_builds_the_report_over_redis(client, owner, answered_committed, live_worker, fmt):
    import time

    client.force_login(owner)
    client.post(reverse("report_create", args=[answered_committed.pk]), {"format": fmt})
    report = Report.objects.get(assessment=answered_committed, format=fmt)
    deadline = time.monotonic() + 60
    while report.status not in (Report.Status.DONE, Report.Status.FAILED) and time.monotonic() < deadline:
        time.sleep(0.3)
        report.refresh_from_db()
    assert report.status == Report.Status.DONE, report.error
    assert client.get(reverse("report_download", args=[report.pk])).status_code == 200


def test_a_report_whose_worker_vanished_ends_as_failed_and_can_be_retried(client, owner, answered, settings):
    from django.utils import timezone

    report = Report.objects.create(assessment=answered, version=1, requested_by=owner, status=Report.Status.RUNNING,
                                   progress=40, started_at=timezone.now() - timezone.timedelta(hours=1))
    client.force_login(owner)
    payload = client.get(reverse("report_status", args=[report.pk])).json()
    assert payload["status"] == "failed"
    assert payload["error"] == "The worker building this report stopped before finishing. Retry."
    client.post(reverse("report_retry", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == Report.Status.DONE


def test_a_running_report_is_not_given_up_while_redis_may_still_redeliver_it(client, owner, answered, settings):
    """Past the hard time limit but inside the visibility timeout: another worker may
    still pick the task up, so the report must not be shown as failed yet."""
    from django.utils import timezone

    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {**settings.CELERY_BROKER_TRANSPORT_OPTIONS, "visibility_timeout": 600}
    started = timezone.now() - timezone.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 120)
    report = Report.objects.create(assessment=answered, version=1, requested_by=owner, status=Report.Status.RUNNING,
                                   progress=40, started_at=started)
    client.force_login(owner)

    assert client.get(reverse("report_status", args=[report.pk])).json()["status"] == "running"


def test_a_rebuilt_report_removes_what_a_dead_worker_left_of_the_same_version(owner, answered):
    """A worker killed between writing the file and recording it leaves a file no row
    names; the next attempt at that version clears it, and leaves other versions alone."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from reports.services import report_build

    folder = timezone.now().strftime("reports/%Y/%m")
    leftover = default_storage.save(f"{folder}/opsassess-{answered.pk}-v1-0123456789ab.pdf", ContentFile(b"%PDF-1.4 half"))
    other = default_storage.save(f"{folder}/opsassess-{answered.pk}-v2-0123456789ab.pdf", ContentFile(b"%PDF-1.4 v2"))
    report = Report.objects.create(assessment=answered, version=1, requested_by=owner)

    report = report_build(report_id=report.pk)

    assert report.status == Report.Status.DONE
    assert not default_storage.exists(leftover)
    assert default_storage.exists(other)
    assert default_storage.exists(report.file.name)


def test_a_second_request_joins_the_build_in_flight(client, owner, answered):
    from django.utils import timezone

    running = Report.objects.create(assessment=answered, version=1, requested_by=owner,
                                    status=Report.Status.RUNNING, started_at=timezone.now())
    page = _generate(client, owner, answered).content.decode()
    assert list(Report.objects.filter(assessment=answered).values_list("pk", flat=True)) == [running.pk]
    assert "Report v1 is already being built" in page


def test_the_hourly_quota_per_user_is_enforced_with_a_clear_message(client, owner, answered, settings):
    settings.OPSASSESS_REPORTS_PER_USER_PER_HOUR = 2
    _generate(client, owner, answered)
    _generate(client, owner, answered)
    page = _generate(client, owner, answered).content.decode()
    assert Report.objects.filter(assessment=answered).count() == 2
    assert "You have asked for 2 reports in the last hour, the most allowed." in page
