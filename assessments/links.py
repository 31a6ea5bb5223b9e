from django.conf import settings
from django.urls import reverse

from .models import Invitation


def survey_url(invitation: Invitation) -> str:
    """The respondent's personal link, absolute, for emails and the consultant's copy button."""
    return settings.SITE_URL + reverse("survey:start", args=[invitation.token])
