from celery import shared_task


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_invitation_emails(invitation_ids: list[int]) -> int:
    """Email the invitations of a large batch in the background; returns how many failed.

    Only invitations not yet emailed (and not revoked) are sent, so a redelivered task
    does not send anyone a second email. A failure stays visible as "Not emailed yet"
    on the team's invitations page, with a button to send it.
    """
    from .models import Invitation
    from .services.invitations import send_emails

    pending = Invitation.objects.select_related("assessment__organization", "team").filter(
        pk__in=invitation_ids, sent_at__isnull=True, revoked_at__isnull=True
    )
    return len(send_emails(list(pending)))


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_reminder_emails(invitation_ids: list[int]) -> int:
    """Email the reminders of a large batch; each link is claimed before its email goes,
    so a redelivered task reminds nobody twice. Returns how many failed."""
    from .services.invitations import reminders_deliver

    return reminders_deliver(invitation_ids)[1]


@shared_task(acks_late=True, reject_on_worker_lost=True)
def run_due_jobs() -> dict:
    """Every minute from Celery beat: close assessments past their deadline and send the
    scheduled reminders that are due (the embedded set-up runs the same on requests)."""
    from .services.schedule import due_jobs_run

    return due_jobs_run().as_dict()
