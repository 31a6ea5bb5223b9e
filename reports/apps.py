from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        from assessments.signals import assessment_closed, assessment_reopened, response_submitted

        from . import publications
        from .results_store import on_closed, on_reopened

        assessment_closed.connect(on_closed, dispatch_uid="reports.store_closed_result")
        assessment_closed.connect(publications.on_closed, dispatch_uid="reports.publish_on_close")
        response_submitted.connect(publications.on_submitted, dispatch_uid="reports.publish_interim")
        assessment_reopened.connect(on_reopened, dispatch_uid="reports.discard_closed_result")
