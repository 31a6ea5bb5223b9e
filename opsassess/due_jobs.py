"""The embedded set-up's scheduler: without Redis there is no Celery beat, so the web
process runs the due jobs (assessments past their deadline, scheduled reminders) before
a request, at most once every DUE_JOBS_EVERY_SECONDS per process. A deadline therefore
takes effect before anyone can see the assessment still open; the survey also refuses
answers after the deadline on its own (services.survey.survey_closed_reason)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)


class DueJobsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.lock = threading.Lock()
        self.last_run = float("-inf")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.OPSASSESS_DUE_JOBS_ON_REQUEST:
            self._maybe_run()
        return self.get_response(request)

    def _maybe_run(self) -> None:
        now = time.monotonic()
        if now - self.last_run < settings.DUE_JOBS_EVERY_SECONDS or not self.lock.acquire(blocking=False):
            return
        try:
            self.last_run = now
            from assessments.services.schedule import due_jobs_run

            due_jobs_run()
        except Exception:  # a failing job must not take the page down with it; it runs again next minute
            logger.exception("due jobs failed")
        finally:
            self.lock.release()
