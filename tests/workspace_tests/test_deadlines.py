"""Deadlines and scheduled jobs: an assessment closes by itself at its deadline in the
client's time zone (which publishes the managers' results), the survey refuses answers
after it even before the scheduler has run, and the scheduler runs from Celery beat or,
in the embedded set-up, from the web process, each job once."""

from __future__ import annotations

import datetime
import random
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment, AuditEvent
from assessments.services.assessments import assessment_open, deadline_of
from assessments.services.schedule import due_jobs_run
from tests.builders import make_assessment, make_invitation

ZURICH = "Europe/Zurich"


def _due(org, owner, *, minutes: int = -1, **fields) -> Assessment:
    """An open assessment whose deadline is `minutes` from now (past when negative)."""
    return make_assessment(org, created_by=owner, deadline=timezone.now() + datetime.timedelta(minutes=minutes),
                           time_zone=ZURICH, **fields)


def test_the_deadline_is_the_closing_day_at_the_closing_time_in_the_clients_time_zone():
    winter = deadline_of(datetime.date(2026, 3, 27), datetime.time(17, 0), ZURICH)
    summer = deadline_of(datetime.date(2026, 7, 3), None, ZURICH)  # 17:00 when no time is given
    assert winter.astimezone(datetime.UTC) == datetime.datetime(2026, 3, 27, 16, 0, tzinfo=datetime.UTC)
    assert summer.astimezone(datetime.UTC) == datetime.datetime(2026, 7, 3, 15, 0, tzinfo=datetime.UTC)
    assert deadline_of(None, datetime.time(9, 0), ZURICH) is None
    with pytest.raises(ValidationError, match="is not a time zone"):
        deadline_of(datetime.date(2026, 3, 27), None, "Mars/Olympus")


def test_the_consultant_sets_deadline_and_reminders_on_the_form(client, owner, org, catalogue):
    assessment = make_assessment(org, created_by=owner, status=Assessment.Status.DRAFT)
    client.force_login(owner)
    day = timezone.localdate() + datetime.timedelta(days=20)
    data = {"title": assessment.title, "disciplines": list(assessment.disciplines.values_list("pk", flat=True)),
            "target_model": assessment.target_model_id, "teams": list(org.teams.values_list("pk", flat=True)),
            "closes_on": day.isoformat(), "close_time": "09:30", "time_zone": "America/New_York",
            "reminder_days": "1, 5 ,3"}
    assert client.post(reverse("assessment_edit", args=[assessment.pk]), data).status_code == 302
    assessment.refresh_from_db()
    local = assessment.deadline.astimezone(zoneinfo.ZoneInfo("America/New_York"))
    assert (local.date(), local.time(), assessment.reminder_days) == (day, datetime.time(9, 30), [5, 3, 1])
    page = client.get(reverse("assessment_detail", args=[assessment.pk])).content.decode()
    assert f"Closes by itself on <strong>{day.day} {day:%B %Y} at 09:30 (America/New_York)</strong>" in page
    for field, value, error in (("reminder_days", "3, soon", "whole numbers of days"),
                                ("reminder_days", "45", "1 to 30 days before"),
                                ("time_zone", "Mars/Olympus", "Select a valid choice")):
        response = client.post(reverse("assessment_edit", args=[assessment.pk]), {**data, field: value})
        assert response.status_code == 200 and error in response.content.decode(), field


def test_a_deadline_in_the_past_is_refused_and_so_is_reopening_after_it(owner, org, catalogue):
    from assessments.services.assessments import assessment_update

    assessment = make_assessment(org, created_by=owner)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="The deadline is in the past"):
        assessment_update(assessment=assessment, actor=owner, title="t", disciplines=assessment.disciplines.all(),
                          target_model=assessment.target_model, teams=org.teams.all(), opens_on=None,
                          closes_on=yesterday, time_zone=ZURICH)
    closed = _due(org, owner, status=Assessment.Status.CLOSED)
    with pytest.raises(ValidationError, match="move the deadline first"):
        assessment_open(assessment=closed, actor=owner)


def test_the_scheduler_closes_what_is_due_once_and_publishes_the_results(owner, org, catalogue):
    from assessments.demo import responses_generate
    from reports.models import Publication

    due = _due(org, owner)
    responses_generate(due, list(org.teams.all()), per_team=6, rng=random.Random(5))
    later = _due(org, owner, minutes=30)
    draft = _due(org, owner, status=Assessment.Status.DRAFT)
    assert due_jobs_run().closed == [due.pk]
    due.refresh_from_db()
    assert due.status == Assessment.Status.CLOSED and due.closed_at >= due.deadline
    event = AuditEvent.objects.get(assessment=due, action=AuditEvent.Action.CLOSED)
    assert (event.actor, event.detail) == (None, "at its deadline")
    assert Publication.objects.filter(assessment=due).count() == 1  # managers see the results now
    assert due_jobs_run().closed == []  # run again: nothing more
    assert AuditEvent.objects.filter(assessment=due, action=AuditEvent.Action.CLOSED).count() == 1
    for untouched in (later, draft):
        untouched.refresh_from_db()
        assert untouched.closed_at is None, untouched
    assert due_jobs_run(now=later.deadline).closed == [later.pk]


def test_after_the_deadline_the_survey_takes_no_answers_even_before_the_scheduler_runs(client, owner, org,
                                                                                         catalogue):
    from assessments.services.survey import response_start

    assessment = _due(org, owner, minutes=5)
    invitation = make_invitation(assessment, email="late@acme.example")
    response_start(invitation=invitation, role="engineer")
    assessment.deadline = timezone.now() - datetime.timedelta(seconds=1)
    assessment.save(update_fields=["deadline"])
    page = client.get(reverse("survey:page", args=[invitation.token, 1]))
    assert "This assessment closed at its deadline." in page.content.decode()
    question = assessment.disciplines.first().areas.first().questions.first()
    client.post(reverse("survey:page", args=[invitation.token, 1]), {f"q-{question.pk}": "3", "go": "next"})
    assert not invitation.response.answers.exists()
    assert Assessment.objects.get(pk=assessment.pk).status == Assessment.Status.OPEN  # the scheduler's to close


def test_respondents_see_the_deadline_in_the_clients_time_zone(client, owner, org, catalogue):
    assessment = make_assessment(org, created_by=owner, time_zone=ZURICH,
                                 deadline=datetime.datetime(2031, 3, 27, 16, 0, tzinfo=datetime.UTC))
    invitation = make_invitation(assessment, email="dev@acme.example")
    intro = client.get(reverse("survey:start", args=[invitation.token])).content.decode()
    assert "The survey closes on <strong>27 March 2031 at 17:00 (Europe/Zurich)</strong>" in intro


# --- where the scheduler runs ------------------------------------------------------------------


def test_embedded_the_web_process_runs_due_jobs_at_most_once_a_minute(client, owner, org, catalogue, settings,
                                                                      monkeypatch):
    settings.OPSASSESS_DUE_JOBS_ON_REQUEST = True  # the test client loads its own middleware: a fresh clock
    due = _due(org, owner)
    calls = []
    real = due_jobs_run

    def counting():
        calls.append(1)
        return real()

    monkeypatch.setattr("assessments.services.schedule.due_jobs_run", counting)
    client.force_login(owner)
    page = client.get(reverse("assessment_detail", args=[due.pk])).content.decode()
    assert "This assessment is closed" in page  # closed before the page was drawn
    client.get(reverse("home"))
    assert len(calls) == 1  # the second request, within the minute, did not run it again


def test_with_redis_celery_beat_runs_the_due_jobs_task():
    from opsassess.celery import app

    app.loader.import_default_modules()
    entry = app.conf.beat_schedule["due-jobs"]
    assert entry["task"] in app.tasks and entry["schedule"] == 60.0


@pytest.mark.services
def test_a_live_beat_and_worker_close_an_assessment_at_its_deadline(owner, org, catalogue, worker_queue, tmp_path):
    """The real thing: `celery beat` every 2 s hands the job to a worker over Redis."""
    import os
    import subprocess
    import sys
    import time

    from tests.live_worker import ROOT, LiveWorker, _database_url

    due = _due(org, owner)
    env = {"OPSASSESS_DUE_JOBS_EVERY_SECONDS": "2", "CELERY_TASK_DEFAULT_QUEUE": worker_queue}
    worker = LiveWorker(worker_queue, tmp_path / "worker.log", env=env)
    worker.start()
    beat_env = {**os.environ, **env, "DATABASE_URL": _database_url()}
    beat_env.setdefault("DJANGO_SECRET_KEY", "test-only-worker-key-" + "k" * 40)
    with (tmp_path / "beat.log").open("ab") as log:
        beat = subprocess.Popen([sys.executable, "-m", "celery", "-A", "opsassess", "beat", "--loglevel=INFO",
                                 "-s", str(tmp_path / "beat-schedule")], env=beat_env, cwd=ROOT, stdout=log,
                                stderr=subprocess.STDOUT)
    try:
        limit = time.monotonic() + 45
        while time.monotonic() < limit and Assessment.objects.get(pk=due.pk).status == Assessment.Status.OPEN:
            time.sleep(0.5)
        assert Assessment.objects.get(pk=due.pk).status == Assessment.Status.CLOSED, \
            (tmp_path / "beat.log").read_text()[-2000:] + worker.log.read_text()[-2000:]
    finally:
        beat.terminate()
        beat.wait(15)
        worker.stop()


def test_date_fields_show_their_dates_so_saving_a_form_keeps_them(client, owner, org, catalogue):
    """A type="date" input shows only an ISO date: with en-gb's 13/12/2026 it showed an empty
    field, and saving the form for any other change cleared the dates."""
    from reports.forms import ActionForm
    from reports.models import TrackedAction

    assessment = make_assessment(org, created_by=owner, opens_on=datetime.date(2031, 3, 2),
                                 closes_on=datetime.date(2031, 3, 27))
    client.force_login(owner)
    page = client.get(reverse("assessment_edit", args=[assessment.pk])).content.decode()
    assert 'name="opens_on" value="2031-03-02"' in page and 'name="closes_on" value="2031-03-27"' in page
    action = TrackedAction(due_on=datetime.date(2031, 1, 15), status="open")
    action.pk = 1
    html = str(ActionForm(action=action, managers=type(owner).objects.none())["due_on"])
    assert 'value="2031-01-15"' in html
