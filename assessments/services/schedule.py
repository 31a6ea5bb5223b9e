"""The jobs that run by the clock: an open assessment closes at its deadline (which
publishes its results), and everyone who has not submitted is reminded on the days
before it that the consultant chose. Run every minute by Celery beat (tasks.run_due_jobs)
or, in the embedded set-up, by the web process (opsassess/due_jobs.py). Running twice,
or in two processes at once, does each job once."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ..models import Assessment, ScheduledReminder
from ..timezones import reminder_time
from .assessments import assessment_close
from .invitations import reminders_send

logger = logging.getLogger(__name__)


@dataclass
class DueJobs:
    closed: list[int] = field(default_factory=list)  # assessment ids
    reminded: dict[int, int] = field(default_factory=dict)  # assessment id -> reminders sent or queued

    def as_dict(self) -> dict:
        return asdict(self)


def due_jobs_run(now: datetime.datetime | None = None) -> DueJobs:
    now = now or timezone.now()
    jobs = DueJobs()
    due = Assessment.objects.filter(status=Assessment.Status.OPEN, deadline__lte=now).values_list("pk", flat=True)
    for pk in list(due):
        with _logged(f"closing assessment {pk}"):
            if _close_at_deadline(pk, now):
                jobs.closed.append(pk)
    for assessment in Assessment.objects.filter(status=Assessment.Status.OPEN, deadline__gt=now).select_related(
            "organization"):
        with _logged(f"reminders of assessment {assessment.pk}"):
            sent = _scheduled_reminders(assessment, now)
            if sent is not None:
                jobs.reminded[assessment.pk] = sent
    return jobs


@contextmanager
def _logged(what: str) -> Iterator[None]:
    """One assessment's failure must not hold up the others' jobs; it is logged and its
    job runs again next minute."""
    try:
        yield
    except Exception:
        logger.exception("due job failed: %s", what)


def _close_at_deadline(pk: int, now: datetime.datetime) -> bool:
    with transaction.atomic():
        # A no-op write first: SQLite has no row locks, but a write makes another process's
        # run wait here until this one commits, and then read the assessment closed.
        Assessment.objects.filter(pk=pk).update(status=F("status"))
        assessment = Assessment.objects.select_for_update().select_related("organization").get(pk=pk)
        if assessment.status != Assessment.Status.OPEN or assessment.deadline is None or assessment.deadline > now:
            return False  # closed by hand, or the deadline moved, since the list was read
        assessment_close(assessment=assessment, actor=None, detail="at its deadline")
    logger.info("closed assessment %s at its deadline", pk)
    return True


def _scheduled_reminders(assessment: Assessment, now: datetime.datetime) -> int | None:
    """The reminder due now, if any: when several are due at once (the scheduler was
    down), one email covers them all. None when nothing was due."""
    deadline = assessment.deadline
    assert deadline is not None
    due = [days for days in assessment.reminder_days if now >= reminder_time(assessment, days)]
    done = set(ScheduledReminder.objects.filter(assessment=assessment, deadline=deadline).values_list(
        "days_before", flat=True))
    new = [days for days in due if days not in done]
    if not new:
        return None
    try:
        with transaction.atomic():
            runs = [ScheduledReminder.objects.create(assessment=assessment, days_before=days, deadline=deadline)
                    for days in new]
    except IntegrityError:
        return None  # another process took this run
    try:
        batch = reminders_send(assessment=assessment, actor=None,
                               why=f"scheduled, {min(new)} day{'s' if min(new) != 1 else ''} before the deadline")
    except Exception:
        # Not done after all: the next run tries again, and the people already reminded
        # (each claimed before their email went) are not reminded twice.
        ScheduledReminder.objects.filter(pk__in=[r.pk for r in runs]).delete()
        raise
    ScheduledReminder.objects.filter(pk__in=[r.pk for r in runs]).update(sent=batch.sent + batch.queued)
    return batch.sent + batch.queued
