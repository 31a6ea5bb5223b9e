"""Deadlines in the client's time zone: the choices offered and the deadline as printed."""

import datetime
import zoneinfo
from functools import cache

from .models import Assessment


@cache
def _zones() -> tuple[tuple[str, str], ...]:
    names = sorted(z for z in zoneinfo.available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/")))
    return (("UTC", "UTC"), *((name, name.replace("_", " ")) for name in names))


def time_zone_choices() -> tuple[tuple[str, str], ...]:
    return _zones()


def local_deadline(assessment: Assessment) -> datetime.datetime:
    """The deadline in the assessment's own time zone (call only when it has one)."""
    assert assessment.deadline is not None
    return assessment.deadline.astimezone(zoneinfo.ZoneInfo(assessment.time_zone))


def reminder_time(assessment: Assessment, days_before: int) -> datetime.datetime:
    """When the reminder `days_before` the deadline goes: the same wall-clock time in the
    client's time zone, also across a daylight-saving change."""
    return local_deadline(assessment) - datetime.timedelta(days=days_before)


def deadline_text(assessment: Assessment) -> str:
    """“27 March 2026 at 17:00 (Europe/Zurich)”, or "" without a deadline."""
    if assessment.deadline is None:
        return ""
    local = local_deadline(assessment)
    return f"{local.day} {local:%B %Y} at {local:%H:%M} ({assessment.time_zone})"
