from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse

from ..links import survey_url
from ..models import Assessment, AuditEvent, Invitation, Response
from ..selectors import coarse_count, coarse_text

register = template.Library()

STATUS_BADGES = {
    Assessment.Status.DRAFT: "text-bg-secondary",
    Assessment.Status.OPEN: "text-bg-success",
    Assessment.Status.CLOSED: "text-bg-dark",
}


@register.simple_tag
def url_if_exists(name: str, *args: Any) -> str:
    """The URL, or "" while the view behind the name does not exist (yet)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


@register.simple_tag
def invitation_link(invitation: Invitation) -> str:
    try:
        return survey_url(invitation)
    except NoReverseMatch:  # the survey app is not installed in this build
        return ""


@register.filter
def status_badge(status: str) -> str:
    return STATUS_BADGES.get(status, "text-bg-light")


@register.filter
def percent_of(part: int | None, whole: int | None) -> int:
    return round(100 * (part or 0) / whole) if whole else 0


@register.filter
def invitation_state(invitation: Invitation) -> tuple[str, str]:
    """A label and a badge class for one invitation's row."""
    response = getattr(invitation, "response", None)
    if response is not None and response.status == Response.Status.SUBMITTED:
        return "Submitted", "text-bg-success"
    if invitation.is_revoked:
        return "Revoked", "text-bg-light border"
    if response is not None:
        return "In progress", "text-bg-info"
    if invitation.email and invitation.sent_at is None:
        return "Not sent", "text-bg-warning"
    return "Not started", "text-bg-light border"


@register.filter
def audit_badge(action: str) -> str:
    if action in (AuditEvent.Action.REVOKED, AuditEvent.Action.CLOSED):
        return "text-bg-warning"
    if action in (AuditEvent.Action.CREATED, AuditEvent.Action.OPENED, AuditEvent.Action.REOPENED,
                  AuditEvent.Action.CLONED):
        return "text-bg-primary"
    return "text-bg-light border"


@register.filter
def get_item(mapping: dict, key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def minus(value: int | None, other: int | None) -> int:
    return (value or 0) - (other or 0)


@register.filter
def coarse(n: int | None, k: int) -> int:
    """A count as managers see it: rounded down to a multiple of k (selectors.coarse_count)."""
    return coarse_count(n or 0, int(k))


@register.filter(name="coarse_text")
def coarse_text_filter(n: int | None, k: int) -> str:
    return coarse_text(n or 0, int(k))
