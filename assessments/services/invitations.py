"""Invitations: personal survey links, by email or handed out anonymously."""

import datetime
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from celery import current_app
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import BadHeaderError, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from ..links import reminders_off_url, survey_url
from ..models import Assessment, AuditEvent, Invitation, Response, Team
from ..selectors import invitation_label, remindable, remindable_links
from ..survey.selectors import survey_plan
from ..tasks import send_invitation_emails, send_reminder_emails
from ..timezones import deadline_text
from .audit import audit_log

logger = logging.getLogger(__name__)

MAX_ANONYMOUS_LINKS = 200
# Up to this many emails are sent during the request, so the consultant sees at once
# which failed; a larger batch goes to the worker rather than outlast the web timeout.
SEND_NOW_LIMIT = 10


@dataclass
class InvitationBatch:
    emailed: list[Invitation] = field(default_factory=list)
    anonymous: list[Invitation] = field(default_factory=list)
    already_invited: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    queued: int = 0  # emails handed to the worker rather than sent during the request


def _check_can_invite(assessment: Assessment, team: Team) -> None:
    if assessment.status != Assessment.Status.OPEN:
        raise ValidationError("Open the assessment before inviting people: the links only work while it is open.")
    if not assessment.teams.filter(pk=team.pk).exists():
        raise ValidationError(f"{team} is not part of this assessment.")


def one_line(text: str) -> str:
    """Header text on one line: a name stored before names were checked must never put a
    line break into an email header (Django would refuse the message)."""
    return " ".join(text.split())


def _message(invitation: Invitation, *, minutes: int, reminder: bool = False) -> EmailMultiAlternatives:
    assessment = invitation.assessment
    context = {
        "deadline": deadline_text(assessment),
        "opt_out": reminders_off_url(invitation) if reminder else "",
        "minutes": minutes,
        "invitation": invitation,
        "assessment": assessment,
        "organization": assessment.organization,
        "firm": assessment.organization.firm.printed_name,
        "team": invitation.team,
        "link": survey_url(invitation),
        "reminder": reminder,
    }
    subject = one_line(f"{'Reminder: ' if reminder else ''}{assessment.organization}: {assessment.title} survey")
    message = EmailMultiAlternatives(
        subject=subject, body=render_to_string("emails/invitation.txt", context), to=[invitation.email]
    )
    message.attach_alternative(render_to_string("emails/invitation.html", context), "text/html")
    if reminder:  # mail clients offer their own "unsubscribe" (RFC 2369, one click: RFC 8058)
        message.extra_headers.update({"List-Unsubscribe": f"<{context['opt_out']}>",
                                      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})
    return message


def send_emails(invitations: Sequence[Invitation], *, reminder: bool = False,
                connection: BaseEmailBackend | None = None) -> list[Invitation]:
    """Send one email per invitation over one connection; returns those that failed.

    An invitation's sent_at is set only once its email has gone, so a failure leaves it
    visibly "not sent" with a resend button instead of losing it.
    """
    failed: list[Invitation] = []
    connection = connection or get_connection()
    minutes: dict[int, int] = {}  # the same estimate as the survey's intro page, once per assessment
    for invitation in invitations:
        if invitation.assessment_id not in minutes:
            minutes[invitation.assessment_id] = survey_plan(invitation.assessment).minutes
        message = _message(invitation, minutes=minutes[invitation.assessment_id], reminder=reminder)
        message.connection = connection
        try:
            message.send()
        except (OSError, BadHeaderError) as exc:  # SMTP errors too: one refused address must not stop the rest
            logger.exception("Could not send invitation %s", invitation.pk)
            invitation.send_failed_at = timezone.now()
            invitation.send_error = one_line(f"{type(exc).__name__}: {exc}")[:200]
            invitation.save(update_fields=["send_failed_at", "send_error"])
            failed.append(invitation)
            continue
        invitation.sent_at = timezone.now()
        invitation.send_failed_at, invitation.send_error = None, ""
        invitation.save(update_fields=["sent_at", "send_failed_at", "send_error"])
    return failed


@transaction.atomic
def _store(
    *, assessment: Assessment, team: Team, emails: Sequence[str], anonymous: int, role: str, actor: AbstractBaseUser
) -> InvitationBatch:
    batch = InvitationBatch()
    active = assessment.invitations.filter(revoked_at__isnull=True).exclude(email="")
    taken = {e.lower() for e in active.values_list("email", flat=True)}
    for email in emails:
        if email.lower() in taken:
            batch.already_invited.append(email)
            continue
        taken.add(email.lower())
        batch.emailed.append(Invitation.objects.create(assessment=assessment, team=team, email=email, role=role))
    batch.anonymous = [Invitation.objects.create(assessment=assessment, team=team, role=role) for _ in range(anonymous)]
    for invitation in batch.emailed:
        audit_log(actor=actor, action=AuditEvent.Action.INVITED, organization=assessment.organization,
                  assessment=assessment, detail=f"{invitation.email} ({team})")
    if batch.anonymous:
        audit_log(actor=actor, action=AuditEvent.Action.INVITED, organization=assessment.organization,
                  assessment=assessment, detail=f"{anonymous} anonymous link{'s' if anonymous != 1 else ''} ({team})")
    return batch


def invitations_create(
    *,
    assessment: Assessment,
    team: Team,
    actor: AbstractBaseUser,
    emails: Sequence[str] = (),
    anonymous: int = 0,
    role: str = "",
) -> InvitationBatch:
    """Invite a list of (already validated) addresses and/or make anonymous links for one team.

    Addresses already invited to this assessment are skipped and reported. The rows are
    stored in one transaction, then the emails are sent; see `send_emails` for failures.
    """
    _check_can_invite(assessment, team)
    if not 0 <= anonymous <= MAX_ANONYMOUS_LINKS:
        raise ValidationError(f"Make between 0 and {MAX_ANONYMOUS_LINKS} anonymous links at a time.")
    batch = _store(assessment=assessment, team=team, emails=emails, anonymous=anonymous, role=role, actor=actor)
    if len(batch.emailed) > SEND_NOW_LIMIT and _queue(batch.emailed):
        batch.queued = len(batch.emailed)
    else:
        batch.failed = [i.email for i in send_emails(batch.emailed)]
    return batch


def _queue(invitations: Sequence[Invitation]) -> bool:
    """Hand the emails to the worker; False (send them now) when tasks run in-process
    anyway or the queue cannot be reached."""
    if current_app.conf.task_always_eager:
        return False
    try:
        send_invitation_emails.delay([i.pk for i in invitations])
    except Exception as exc:  # kombu raises several types for an unreachable broker
        logger.warning("could not queue %s invitation emails, sending them now: %s", len(invitations), exc)
        return False
    return True


def invitation_resend(*, invitation: Invitation, actor: AbstractBaseUser) -> Invitation:
    if invitation.is_revoked:
        raise ValidationError("This invitation was revoked; invite the person again instead.")
    if not invitation.email:
        raise ValidationError("Anonymous links have no address to send to: copy the link instead.")
    if invitation.assessment.status != Assessment.Status.OPEN:
        raise ValidationError("The assessment is not open, so the link would not work.")
    if Response.objects.filter(invitation=invitation, status=Response.Status.SUBMITTED).exists():
        raise ValidationError(f"{invitation.email} has already submitted.")
    if send_emails([invitation], reminder=invitation.sent_at is not None):
        raise ValidationError(f"The email to {invitation.email} could not be sent; try again later.")
    audit_log(actor=actor, action=AuditEvent.Action.RESENT, organization=invitation.assessment.organization,
              assessment=invitation.assessment, detail=f"{invitation.email} ({invitation.team})")
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor: AbstractBaseUser) -> Invitation:
    """The link stops working; answers already submitted through it stay in the results."""
    if invitation.is_revoked:
        return invitation
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit_log(actor=actor, action=AuditEvent.Action.REVOKED, organization=invitation.assessment.organization,
              assessment=invitation.assessment, detail=f"{invitation_label(invitation)} ({invitation.team})")
    return invitation


# --- reminders ----------------------------------------------------------------------------------


@dataclass
class ReminderBatch:
    sent: int = 0
    failed: int = 0
    queued: int = 0  # handed to the worker
    recent: int = 0  # reminded within the interval: left alone
    anonymous: int = 0  # links without an address, still open: the consultant reminds those people


def _interval_cutoff() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(hours=settings.OPSASSESS_REMINDER_INTERVAL_HOURS)


def _not_reminded_lately() -> Q:
    return Q(reminded_at__isnull=True) | Q(reminded_at__lt=_interval_cutoff())


def reminders_send(*, assessment: Assessment, actor: AbstractBaseUser | None, team: Team | None = None,
                   why: str = "") -> ReminderBatch:
    """Remind everyone of the assessment (or of one team) who has not submitted. Nobody
    is reminded twice within OPSASSESS_REMINDER_INTERVAL_HOURS, however often this runs."""
    if assessment.status != Assessment.Status.OPEN:
        raise ValidationError("Reminders go only while the assessment is open.")
    links = remindable(assessment, team)
    emailed = links.exclude(email="")
    due = list(emailed.filter(_not_reminded_lately()).values_list("pk", flat=True))
    batch = ReminderBatch(recent=emailed.count() - len(due), anonymous=links.filter(email="").count())
    if len(due) > SEND_NOW_LIMIT and _queue_reminders(due):
        batch.queued = len(due)
    else:
        batch.sent, batch.failed = reminders_deliver(due)
    whom = f"team {team}" if team is not None else "all teams"
    done = f"{batch.queued} queued" if batch.queued else f"{batch.sent} sent"
    audit_log(actor=actor, action=AuditEvent.Action.REMINDED, organization=assessment.organization,
              assessment=assessment, detail=f"{why or 'by hand'}, {whom}: {done}, {batch.failed} failed, "
                                            f"{batch.recent} reminded lately")
    return batch


def reminders_stop(*, invitation: Invitation) -> Invitation:
    """The respondent asked for no more reminders (the link itself keeps working)."""
    if invitation.reminders_off_at is None:
        invitation.reminders_off_at = timezone.now()
        invitation.save(update_fields=["reminders_off_at"])
    return invitation


def _queue_reminders(invitation_ids: list[int]) -> bool:
    if current_app.conf.task_always_eager:
        return False
    try:
        send_reminder_emails.delay(invitation_ids)
    except Exception as exc:  # kombu raises several types for an unreachable broker
        logger.warning("could not queue %s reminders, sending them now: %s", len(invitation_ids), exc)
        return False
    return True


def reminders_deliver(invitation_ids: Sequence[int]) -> tuple[int, int]:
    """Email a reminder to each link still remindable; (sent, failed). Each link is claimed
    by one conditional UPDATE before its email goes, so two runs of the same batch (a
    redelivered task, a double click) send it once; a failed email gives the claim back."""
    sent = failed = 0
    candidates = remindable_links(Invitation.objects.select_related("assessment__organization__firm", "team").filter(
        pk__in=invitation_ids, assessment__status=Assessment.Status.OPEN)).exclude(email="")
    with get_connection() as connection:  # one SMTP session for the batch
        for invitation in candidates:
            now, before = timezone.now(), invitation.reminded_at
            if not Invitation.objects.filter(_not_reminded_lately(), pk=invitation.pk).update(reminded_at=now):
                continue  # another run has just reminded this person
            if send_emails([invitation], reminder=True, connection=connection):
                Invitation.objects.filter(pk=invitation.pk, reminded_at=now).update(reminded_at=before)
                failed += 1
            else:
                sent += 1
    return sent, failed
