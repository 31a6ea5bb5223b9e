import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError

logger = logging.getLogger(__name__)
TRANSIENT = (OperationalError, InterfaceError, ConnectionError, TimeoutError)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=3)
def build_report(self, report_id: int) -> None:
    """Build one report; retried with backoff on transient errors, else recorded as failed."""
    from .services import report_build, report_fail

    try:
        report_build(report_id=report_id)
    except TRANSIENT as exc:
        if self.request.retries < self.max_retries and not self.request.is_eager:
            raise self.retry(exc=exc, countdown=2 ** (self.request.retries + 1)) from exc
        report_fail(report_id=report_id, reason=f"A temporary error persisted after retries: {exc}")
    except SoftTimeLimitExceeded:
        report_fail(report_id=report_id, reason="Building the report took too long and was stopped.")
    except Exception as exc:
        logger.exception("report %s failed", report_id)
        report_fail(report_id=report_id, reason=f"The report could not be built: {exc}")
