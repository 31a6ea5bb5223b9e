"""Reminders: by hand for the assessment or one team, and scheduled before the deadline.
Never to a submitted, revoked or opted-out link, never twice to one person within the
interval (however often a task runs), each with an opt-out link, every send audited."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import AuditEvent, Invitation, Response
from assessments.services.invitations import reminders_deliver, reminders_send
from assessments.services.schedule import due_jobs_run
from assessments.services.survey import response_start, response_submit
from tests.builders import make_assessment, make_invitation


@pytest.fixture
def round_(owner, org, catalogue):
    """An assessment closing in ten days with five emailed links over two teams: one
    submitted, one revoked, one opted out, two to remind (one per team); and one anonymous link."""
    assessment = make_assessment(org, created_by=owner, deadline=timezone.now() + datetime.timedelta(days=10),
                                 time_zone="Europe/Zurich")
    first, second = org.teams.order_by("name")[:2]
    links = {name: make_invitation(assessment, team=team, email=f"{name}@acme.example", sent_at=timezone.now())
             for name, team in (("pending", first), ("other", second), ("done", first), ("gone", first),
                                ("quiet", first))}
    response_start(invitation=links["done"], role="engineer")
    response_submit(response=Response.objects.get(invitation=links["done"]))
    Invitation.objects.filter(pk=links["gone"].pk).update(revoked_at=timezone.now())
    Invitation.objects.filter(pk=links["quiet"].pk).update(reminders_off_at=timezone.now())
    make_invitation(assessment, team=first)
    return assessment, links


def _to(messages) -> list[str]:
    return sorted(address for m in messages for address in m.to)


def test_a_reminder_goes_only_to_open_links_that_have_not_submitted(owner, round_):
    assessment, links = round_
    batch = reminders_send(assessment=assessment, actor=owner)
    assert _to(mail.outbox) == ["other@acme.example", "pending@acme.example"]
    assert (batch.sent, batch.recent, batch.anonymous) == (2, 0, 1)
    message = next(m for m in mail.outbox if m.to == ["pending@acme.example"])
    opt_out = reverse("survey:reminders_off", args=[links["pending"].token])
    assert message.subject.startswith("Reminder: ") and opt_out in message.body
    assert reverse("survey:start", args=[links["pending"].token]) in message.body
    assert "closes on" in message.body and "(Europe/Zurich)" in message.body
    assert message.extra_headers["List-Unsubscribe"].endswith(f"{opt_out}>")
    event = AuditEvent.objects.get(action=AuditEvent.Action.REMINDED)
    assert (event.actor, event.detail) == (owner, "by hand, all teams: 2 sent, 0 failed, 0 reminded lately")


def test_nobody_is_reminded_twice_within_the_interval(owner, round_, settings):
    assessment, links = round_
    reminders_send(assessment=assessment, actor=owner)
    again = reminders_send(assessment=assessment, actor=owner)
    assert (len(mail.outbox), again.sent, again.recent) == (2, 0, 2)
    Invitation.objects.filter(pk=links["pending"].pk).update(
        reminded_at=timezone.now() - datetime.timedelta(hours=settings.OPSASSESS_REMINDER_INTERVAL_HOURS, minutes=1))
    assert reminders_send(assessment=assessment, actor=owner).sent == 1
    assert _to(mail.outbox[2:]) == ["pending@acme.example"]


def test_a_task_delivered_twice_reminds_each_person_once(round_):
    assessment, links = round_
    ids = [link.pk for link in links.values()]
    assert reminders_deliver(ids) == (2, 0)
    assert reminders_deliver(ids) == (0, 0)  # the redelivery
    assert len(mail.outbox) == 2


@pytest.mark.django_db(transaction=True)
def test_two_workers_running_the_same_batch_at_once_remind_each_person_once(owner, org, catalogue):
    if connection.vendor == "sqlite":
        pytest.skip("two threads writing at once need a file or server database (run in CI's PostgreSQL pass)")
    assessment = make_assessment(org, created_by=owner)
    ids = [make_invitation(assessment, email=f"p{i}@acme.example").pk for i in range(20)]
    barrier, results = threading.Barrier(2), []

    def run() -> None:
        barrier.wait()
        try:
            results.append(reminders_deliver(ids))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(sent for sent, _ in results) == 20
    assert sorted(_to(mail.outbox)) == sorted(f"p{i}@acme.example" for i in range(20))


def test_a_failed_email_gives_the_claim_back_so_the_next_run_tries_again(round_, monkeypatch):
    assessment, links = round_
    monkeypatch.setattr("assessments.services.invitations.send_emails", lambda invitations, **how: invitations)
    assert reminders_deliver([links["pending"].pk]) == (0, 1)
    assert Invitation.objects.get(pk=links["pending"].pk).reminded_at is None


def test_scheduled_reminders_go_on_their_days_once_and_again_when_the_deadline_moves(round_):
    assessment, _ = round_
    deadline = assessment.deadline
    assert due_jobs_run(now=deadline - datetime.timedelta(days=4)).reminded == {}
    assert due_jobs_run(now=deadline - datetime.timedelta(days=2, hours=23)).reminded == {assessment.pk: 2}
    assert due_jobs_run(now=deadline - datetime.timedelta(days=2, hours=22)).reminded == {}  # already run
    assert len(mail.outbox) == 2
    events = AuditEvent.objects.filter(action=AuditEvent.Action.REMINDED)
    assert events.get().detail.startswith("scheduled, 3 days before the deadline, all teams: 2 sent")
    assert events.get().actor is None


def test_when_the_scheduler_was_down_one_reminder_covers_every_missed_day(round_):
    assessment, _ = round_
    batch = due_jobs_run(now=assessment.deadline - datetime.timedelta(hours=12))
    assert batch.reminded == {assessment.pk: 2} and len(mail.outbox) == 2
    assert set(assessment.scheduled_reminders.values_list("days_before", flat=True)) == {3, 1}


def test_the_opt_out_link_asks_first_and_then_stops_reminders(round_):
    assessment, links = round_
    client = Client(enforce_csrf_checks=True)
    url = reverse("survey:reminders_off", args=[links["pending"].token])
    page = client.get(url).content.decode()
    assert "Send me no more reminders" in page and Invitation.objects.get(pk=links["pending"].pk).reminders_off_at \
        is None
    # The mail client's one-click unsubscribe: a POST without a form (RFC 8058).
    response = client.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200 and "You will get no more reminders" in response.content.decode()
    reminders_send(assessment=assessment, actor=None)
    assert _to(mail.outbox) == ["other@acme.example"]
    assert client.get(reverse("survey:reminders_off", args=["x" * 43])).status_code == 404


def test_the_consultant_reminds_one_team_from_its_page_and_sees_who_was_reminded(client, owner, manager, round_):
    assessment, links = round_
    team = links["pending"].team
    client.force_login(owner)
    response = client.post(reverse("reminders_send", args=[assessment.pk]), {"team": team.pk}, follow=True)
    assert _to(mail.outbox) == ["pending@acme.example"]
    page = response.content.decode()
    assert "1 person reminded by email" in page and "1 anonymous link not answered yet" in page
    assert "· reminded " in page
    detail = client.get(reverse("assessment_detail", args=[assessment.pk])).content.decode()
    assert f"by hand, team {team}: 1 sent" in detail and "Remind everyone who has not submitted (2)" in detail
    assert client.post(reverse("reminders_send", args=[assessment.pk]), {"team": "9" * 30}).status_code == 404
    client.force_login(manager)
    assert client.post(reverse("reminders_send", args=[assessment.pk])).status_code == 404
    assert len(mail.outbox) == 1


def test_a_reminder_keeps_its_wall_clock_time_across_a_daylight_saving_change(owner, org, catalogue):
    """Zurich moves its clocks on 29 March 2026: three days before 31 March at 17:00 is
    28 March at 17:00 local time, 16:00 UTC, not 15:00 UTC."""
    from assessments.timezones import reminder_time

    assessment = make_assessment(org, created_by=owner, time_zone="Europe/Zurich",
                                 deadline=datetime.datetime(2026, 3, 31, 15, 0, tzinfo=datetime.UTC))
    assert reminder_time(assessment, 3).astimezone(datetime.UTC) == datetime.datetime(2026, 3, 28, 16, 0,
                                                                                       tzinfo=datetime.UTC)


def test_a_scheduled_reminder_the_mail_server_refuses_runs_again_next_minute(round_, monkeypatch):
    """The mail server is down when the run starts: the run is not marked done, other jobs
    go on, and the next minute sends the reminders once."""
    from django.core.mail.backends.locmem import EmailBackend

    assessment, _ = round_
    when = assessment.deadline - datetime.timedelta(days=2)

    def refused(self):
        raise ConnectionRefusedError("mail server down")

    with monkeypatch.context() as patch:
        patch.setattr(EmailBackend, "open", refused)
        assert due_jobs_run(now=when).reminded == {}
    assert not assessment.scheduled_reminders.exists() and mail.outbox == []
    assert due_jobs_run(now=when + datetime.timedelta(minutes=1)).reminded == {assessment.pk: 2}
    assert due_jobs_run(now=when + datetime.timedelta(minutes=2)).reminded == {}
    assert len(mail.outbox) == 2


def test_one_failed_email_is_marked_on_its_invitation_and_the_rest_go(round_, monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    assessment, links = round_
    real = EmailBackend.send_messages

    def refuse_pending(self, messages):
        if messages[0].to == ["pending@acme.example"]:
            raise ConnectionRefusedError("mailbox unavailable")
        return real(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refuse_pending)
    batch = reminders_send(assessment=assessment, actor=None)
    assert (batch.sent, batch.failed, _to(mail.outbox)) == (1, 1, ["other@acme.example"])
    pending = Invitation.objects.get(pk=links["pending"].pk)
    assert pending.reminded_at is None and pending.send_error.startswith("ConnectionRefusedError")
