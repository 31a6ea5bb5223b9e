"""Respondents' comments the consultant shares with the client."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from ..models import Answer, AuditEvent
from .audit import audit_log


@transaction.atomic
def comment_share(*, answer: Answer, shared: bool, actor: AbstractBaseUser) -> Answer:
    """Mark a comment client-visible, or take it back; audited either way. Managers and
    reports show a shared comment only if its team is shown to them (at least k responses)."""
    if (answer.shared_at is not None) == shared:
        return answer
    answer.shared_at = timezone.now() if shared else None
    Answer.objects.filter(pk=answer.pk).update(shared_at=answer.shared_at)
    assessment = answer.response.assessment
    area = answer.question.area
    audit_log(actor=actor, action=AuditEvent.Action.UPDATED, organization=assessment.organization,
              assessment=assessment,
              detail=f"{'shared' if shared else 'withdrew'} a comment on {area.discipline.name} · {area.name}")
    return answer
