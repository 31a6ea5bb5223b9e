from django.contrib.auth.models import AbstractBaseUser

from ..models import Assessment, AuditEvent, Organization


def audit_log(
    *,
    actor: AbstractBaseUser | None,
    action: str,
    organization: Organization,
    assessment: Assessment | None = None,
    detail: str = "",
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        organization=organization,
        assessment=assessment,
        detail=detail[:255],
    )
