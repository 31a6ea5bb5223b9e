"""A worker killed in the middle of a report: the report is built again, whole, by the
next worker, and no download serves a half-built file in between."""

import hashlib
import io
import time

import pytest
from django.urls import reverse
from pypdf import PdfReader

from reports.models import Report

# Seconds before Redis hands a taken-but-unacknowledged task to another worker; the
# production default (300) is shortened for the worker processes of this test only.
VISIBILITY_TIMEOUT = 3


def _wait_for_report(report: Report, until, client, timeout: float) -> list[int]:
    """Poll the row until `until(report)`; meanwhile try the download, as an impatient
    user would, and return the status codes it gave."""
    downloads: list[int] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if until(report):
            return downloads
        downloads.append(client.get(reverse("report_download", args=[report.pk])).status_code)
        time.sleep(0.01)
    raise AssertionError(f"report still {report.status} at {report.progress}% after {timeout}s")


@pytest.mark.services
def test_a_report_whose_worker_is_killed_mid_build_is_rebuilt_whole_by_the_next_worker(
    client, owner, large_committed_assessment, start_worker
):
    first = start_worker(CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT))
    client.force_login(owner)
    client.post(reverse("report_create", args=[large_committed_assessment.pk]))
    report = Report.objects.get(assessment=large_committed_assessment)

    # 18% is the cover page: the PDF is being laid out, nothing is written yet.
    mid_build = _wait_for_report(report, lambda r: r.status != Report.Status.QUEUED and r.progress >= 18,
                                 client, timeout=60)
    first.kill()
    killed_at = time.monotonic()
    report.refresh_from_db()
    assert (report.status, report.attempts) == (Report.Status.RUNNING, 1), "the kill must land mid-build"
    assert report.progress < 100 and not report.file and not report.checksum
    assert client.get(reverse("report_download", args=[report.pk])).status_code == 404
    assert client.get(reverse("report_status", args=[report.pk])).json()["status"] == "running"

    # A starting worker sweeps Redis for unacknowledged tasks older than the visibility
    # timeout and takes them back; start it once the killed worker's task is that old.
    time.sleep(max(0.0, killed_at + VISIBILITY_TIMEOUT + 1 - time.monotonic()))
    start_worker(CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT))
    after_kill = _wait_for_report(report, lambda r: r.status in (Report.Status.DONE, Report.Status.FAILED),
                                  client, timeout=90)

    assert set(mid_build + after_kill) <= {404}, "nothing is downloadable before the report is done"
    assert (report.status, report.error, report.attempts) == (Report.Status.DONE, "", 2)
    download = client.get(reverse("report_download", args=[report.pk]))
    body = b"".join(download.streaming_content)
    assert download.status_code == 200
    assert hashlib.sha256(body).hexdigest() == report.checksum
    assert len(body) == report.size_bytes
    assert len(PdfReader(io.BytesIO(body)).pages) == report.pages >= 5
