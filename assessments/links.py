from django.conf import settings
from django.urls import reverse

from .models import Invitation


def survey_url(invitation: Invitation) -> str:
    """The respondent's personal link, absolute, for emails and the consultant's copy button."""
    return settings.SITE_URL + reverse("survey:start", args=[invitation.token])


def reminders_off_url(invitation: Invitation) -> str:
    """Where a respondent stops the reminders of their link (in every reminder email)."""
    return settings.SITE_URL + reverse("survey:reminders_off", args=[invitation.token])
