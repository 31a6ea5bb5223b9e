"""The database drops every connection (as on a restart or a failover) while respondents
autosave and submit against the app under gunicorn: whatever the app acknowledged is
stored, failed requests fail with a 500 the browser retries, and the app recovers alone."""

import http.client
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import psycopg
import pytest
from django.db import connection

from assessments.models import Answer, RespondentRole, Response
from assessments.services.survey import response_start
from assessments.survey.selectors import survey_plan
from tests.builders import make_invitation
from tests.live_worker import _database_url

RESPONDENTS = 8
ANSWERS = 15
TERMINATE_AFTER_ACKS = (15, 40, 65, 90)  # out of RESPONDENTS * ANSWERS = 120 autosaves
MAX_ATTEMPTS = 30  # per request; survey.js retries a 5xx the same way, with a back-off
CSRF_SECRET = "reliability0test0csrf0secret0000"  # any matching cookie and header pass Django's check
TERMINATE_ALL = ("SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity "
                 "WHERE datname = current_database() AND pid <> pg_backend_pid()")


@dataclass
class Outcomes:
    """What the respondents were told, shared between their threads."""

    acknowledged: dict[tuple[str, int], int] = field(default_factory=dict)  # (token, question) -> level
    submitted: set[str] = field(default_factory=set)
    failures: list[str] = field(default_factory=list)
    lock: threading.Condition = field(default_factory=threading.Condition)

    def ack(self, token: str, question_id: int, level: int) -> None:
        with self.lock:
            self.acknowledged[token, question_id] = level
            self.lock.notify_all()


def _post(base_url: str, path: str, form: dict[str, str]) -> tuple[int, str]:
    """One POST on a new connection: the status code (0 when there was no answer) and what to log."""
    conn = http.client.HTTPConnection(urllib.parse.urlsplit(base_url).netloc, timeout=30)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": CSRF_SECRET,
               "Cookie": f"csrftoken={CSRF_SECRET}"}
    try:
        conn.request("POST", path, body=urllib.parse.urlencode(form), headers=headers)
        status = conn.getresponse().status
        return status, str(status)
    except (OSError, http.client.HTTPException) as exc:
        return 0, repr(exc)
    finally:
        conn.close()


def _respondents(assessment, count: int) -> list[str]:
    tokens = []
    for _ in range(count):
        invitation = make_invitation(assessment)
        response_start(invitation=invitation, role=RespondentRole.ENGINEER)
        tokens.append(invitation.token)
    return tokens


def _terminate_all_connections() -> set[int]:
    """Drop every connection to the test database but the one asking; their process ids."""
    with psycopg.connect(_database_url(), autocommit=True) as killer:
        return {pid for pid, terminated in killer.execute(TERMINATE_ALL).fetchall() if terminated}


def _own_backend() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


class Respondent(threading.Thread):
    def __init__(self, base_url: str, token: str, questions: list[int], index: int, outcomes: Outcomes) -> None:
        super().__init__(daemon=True)
        self.base_url, self.token, self.questions = base_url, token, questions
        self.index, self.outcomes = index, outcomes

    def _post_until_answered(self, path: str, form: dict[str, str]) -> int:
        """POST until the app answers below 500; the status code it finally gave."""
        for attempt in range(MAX_ATTEMPTS):
            status, detail = _post(self.base_url, path, form)
            if 0 < status < 500:
                return status
            with self.outcomes.lock:
                self.outcomes.failures.append(f"{path}: {detail}")
            time.sleep(0.05 * (attempt + 1))
        return 0

    def run(self) -> None:
        for i, question_id in enumerate(self.questions):
            level = 1 + (self.index + i) % 5
            if self._post_until_answered(f"/s/{self.token}/save/", {f"q-{question_id}": str(level)}) == 200:
                self.outcomes.ack(self.token, question_id, level)
            time.sleep(0.02)
        if self._post_until_answered(f"/s/{self.token}/submit/", {"confirmed": "1"}) == 302:
            with self.outcomes.lock:
                self.outcomes.submitted.add(self.token)


def _terminate_connections_as_answers_arrive(outcomes: Outcomes, terminated: list[set[int]],
                                            done: threading.Event) -> None:
    """Drop every connection to the test database (the server's, and this test's own) each
    time the acknowledged autosaves reach one of TERMINATE_AFTER_ACKS."""
    for threshold in TERMINATE_AFTER_ACKS:
        with outcomes.lock:
            outcomes.lock.wait_for(lambda at=threshold: len(outcomes.acknowledged) >= at or done.is_set(), timeout=60)
        if done.is_set():
            return
        terminated.append(_terminate_all_connections())


@pytest.mark.services
def test_connections_dropped_during_autosaves_lose_no_acknowledged_answer(assessment, gunicorn_server):
    questions = [q.pk for page in survey_plan(assessment).pages for q in page.questions][:ANSWERS]
    tokens = _respondents(assessment, RESPONDENTS)
    own = _own_backend()
    outcomes, terminated, done = Outcomes(), [], threading.Event()
    respondents = [Respondent(gunicorn_server.url, token, questions, i, outcomes) for i, token in enumerate(tokens)]
    chaos = threading.Thread(target=_terminate_connections_as_answers_arrive, args=(outcomes, terminated, done))

    chaos.start()
    for respondent in respondents:
        respondent.start()
    for respondent in respondents:
        respondent.join(timeout=120)
    done.set()
    with outcomes.lock:
        outcomes.lock.notify_all()
    chaos.join(timeout=30)
    connection.close()  # terminated along with the server's; the next query reconnects

    server_terminated = [len(pids - {own}) for pids in terminated]
    print(f"server connections dropped per round: {server_terminated}; failed attempts: {len(outcomes.failures)}",
          outcomes.failures[:10])
    assert not any(r.is_alive() for r in respondents) and not chaos.is_alive()
    assert len(terminated) == len(TERMINATE_AFTER_ACKS), "every round of drops happened during the autosaves"
    assert min(server_terminated) >= 1, "every round dropped some of the server's connections"
    assert {f.rsplit(": ", 1)[1] for f in outcomes.failures} <= {"500"}, "a dropped connection is a 500, no worse"
    stored = {(token, question_id): level for token, question_id, level in Answer.objects.filter(
        response__assessment=assessment).values_list("response__invitation__token", "question_id", "level")}
    assert stored == outcomes.acknowledged  # nothing acknowledged lost, and nothing stored twice or wrong
    assert len(outcomes.acknowledged) == RESPONDENTS * ANSWERS, "the app recovered: every retry got through"
    assert outcomes.submitted == set(tokens)
    assert set(Response.objects.filter(assessment=assessment, status=Response.Status.SUBMITTED)
               .values_list("invitation__token", flat=True)) == set(tokens)


@pytest.mark.services
def test_connections_dropped_while_idle_are_replaced_without_an_error(assessment, gunicorn_server):
    """CONN_HEALTH_CHECKS: a kept connection found dead is reopened before the request uses it."""
    question_id = survey_plan(assessment).pages[0].questions[0].pk
    tokens = _respondents(assessment, RESPONDENTS)

    def save_all(level: int) -> list[int]:
        # All at once, so that several of the server's threads hold (then reuse) a connection.
        def save(token: str) -> int:
            return _post(gunicorn_server.url, f"/s/{token}/save/", {f"q-{question_id}": str(level)})[0]

        with ThreadPoolExecutor(RESPONDENTS) as pool:
            return list(pool.map(save, tokens))

    assert save_all(2) == [200] * RESPONDENTS
    own = _own_backend()
    assert _terminate_all_connections() - {own}, "the server keeps its connections between requests"
    connection.close()  # this test's own was dropped too
    assert save_all(4) == [200] * RESPONDENTS  # first attempts, no retry
    levels = Answer.objects.filter(response__assessment=assessment).values_list("level", flat=True)
    assert list(levels) == [4] * RESPONDENTS
