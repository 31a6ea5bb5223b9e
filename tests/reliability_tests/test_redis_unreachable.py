"""Redis down, as REDIS_URL pointing at a closed port ("refused") or at one that never
answers ("hung"): respondents keep answering, and a report request says the queue is
unavailable, promptly, is kept, and builds on retry."""

import threading
import time
from collections.abc import Callable
from typing import TypeVar

import pytest
from django.contrib.messages import get_messages
from django.db import connections
from django.urls import reverse

from assessments.models import Answer, Response
from reports.models import Report
from reports.services import QUEUE_UNAVAILABLE
from tests.builders import make_invitation

T = TypeVar("T")
# Each survey request may wait once for the cache's 1 s timeout; a report request once
# for the broker's 5 s one. The margins are for a busy machine.
SURVEY_REQUEST_BOUND_S = 4
REPORT_REQUEST_BOUND_S = 10


def _within(seconds: float, call: Callable[[], T]) -> T:
    """call() on a thread: its result, or a failure after `seconds` rather than a hung test run."""
    outcome: list = []

    def run() -> None:
        try:
            outcome.append(("ok", call()))
        except BaseException as exc:  # noqa: BLE001 - handed back to the test's thread
            outcome.append(("error", exc))
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"no answer within {seconds}s: a dead Redis must not hang a request"
    kind, value = outcome[0]
    if kind == "error":
        raise value
    return value


@pytest.mark.parametrize("dead_redis", ["refused", "hung"], indirect=True)
def test_a_respondent_opens_answers_and_submits_while_redis_is_down(
    transactional_db, client, assessment, dead_redis, caplog
):
    invitation = make_invitation(assessment, email="dev@acme.example")
    question = assessment.disciplines.first().areas.first().questions.first()

    def request(method: str, name: str, data: dict[str, str] | None = None):
        return _within(SURVEY_REQUEST_BOUND_S,
                       lambda: getattr(client, method)(reverse(f"survey:{name}", args=[invitation.token]), data))

    assert request("get", "start").status_code == 200
    assert request("post", "start", {"role": "engineer"}).status_code == 302
    saved = request("post", "autosave", {f"q-{question.pk}": "3"})
    assert saved.status_code == 200 and f"q-{question.pk}" in saved.json()["saved"]
    assert request("post", "submit", {"confirmed": "1"}).status_code == 302

    response = Response.objects.get(invitation=invitation)
    assert response.status == Response.Status.SUBMITTED
    assert Answer.objects.get(response=response, question=question).level == 3
    # The rate limiter did consult the dead Redis, and let every request through.
    assert caplog.text.count("rate limit cache unavailable; survey request let through") == 4


def _request_report(client, user, assessment) -> tuple[Report, list[str]]:
    client.force_login(user)
    page = _within(REPORT_REQUEST_BOUND_S,
                   lambda: client.post(reverse("report_create", args=[assessment.pk]), follow=True))
    return Report.objects.get(assessment=assessment), [str(m) for m in get_messages(page.wsgi_request)]


def _assert_kept_for_retry(client, report: Report, messages: list[str]) -> None:
    assert messages == [QUEUE_UNAVAILABLE]
    assert (report.status, report.error, report.attempts) == (Report.Status.QUEUED, QUEUE_UNAVAILABLE, 0)
    listing = client.get(reverse("report_list", args=[report.assessment_id])).content.decode()
    assert reverse("report_retry", args=[report.pk]) in listing  # the "Try again" button


@pytest.mark.parametrize("dead_redis", ["refused", "hung"], indirect=True)
def test_a_report_asked_for_while_redis_is_down_is_kept_and_built_on_retry(client, owner, answered_committed,
                                                                            dead_redis):
    report, messages = _request_report(client, owner, answered_committed)
    _assert_kept_for_retry(client, report, messages)

    dead_redis.revive()  # without REDIS_URL: tasks in-process again
    client.post(reverse("report_retry", args=[report.pk]))
    report.refresh_from_db()
    assert (report.status, report.error, report.attempts) == (Report.Status.DONE, "", 1)


@pytest.mark.services
def test_a_report_asked_for_while_redis_is_down_is_built_by_a_live_worker_once_redis_is_back(
    client, owner, answered_committed, live_worker, dead_redis
):
    report, messages = _request_report(client, owner, answered_committed)
    _assert_kept_for_retry(client, report, messages)

    dead_redis.revive()  # the real Redis, where the live worker listens
    client.post(reverse("report_retry", args=[report.pk]))
    deadline = time.monotonic() + 60
    while report.status != Report.Status.DONE and time.monotonic() < deadline:
        time.sleep(0.2)
        report.refresh_from_db()
    assert (report.status, report.error, report.attempts) == (Report.Status.DONE, "", 1)
    assert client.get(reverse("report_download", args=[report.pk])).status_code == 200
