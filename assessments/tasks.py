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
