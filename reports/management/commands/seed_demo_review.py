from django.core.management.base import BaseCommand

from assessments.models import Assessment
from reports.context import report_document
from reports.models import ReportReview, TrackedAction
from reports.services import actions_track, review_save

EXECUTIVE = "\n\n".join([
    "Northwind's operations rest on people who know the estate well, but too much of what keeps it running lives "
    "in their heads. The survey and the two workshops agree on the pattern: **monitoring and backups are sound, "
    "patching and change control are not**, and nobody can say today which network devices run what configuration.",
    "Our recommendation is to spend the first 90 days on three things only:",
    "1. a patching baseline with a scanner and a monthly report,\n"
    "2. configuration backups and change validation for the network,\n"
    "3. one incident process with an on-call rota and postmortems.",
    "Everything else on the roadmap can wait for the next quarter. We suggest re-running this assessment in "
    "September, once the first phase is done.",
])
CLIENT_NOTE = "Agreed with the infrastructure lead: start with the core routers."
INTERNAL_NOTE = "Budget for a scanner not approved yet; raise with the CFO."

SYSOPS = ("The restore test in the backup workshop failed on the warehouse database: treat *Backup and recovery* as "
          "unproven until a restore has been timed end to end.")


# What became of the 2025 round's actions, in turn: the 2026 report shows them beside each area's change.
PROGRESS = ("done", "done", "in_progress", "open", "done", "dropped")


class Command(BaseCommand):
    help = ("After seed_demo: track the actions of Northwind's closed 2025 round, with a year's progress on them, and "
            "start a consultant's review (half done) of the 2026 round.")

    def handle(self, *args: object, **options: object) -> None:
        self._track_2025()
        assessment = Assessment.objects.filter(title="Ops maturity 2026",
                                               organization__name="Northwind Logistics").first()
        if assessment is None or ReportReview.objects.filter(assessment=assessment).exists():
            return
        gaps = report_document(assessment).gaps
        decisions = {}
        for gap, decision in zip(gaps[:3], ("keep", "edit", "keep"), strict=False):
            decisions[gap.area.key] = {
                "decision": decision,
                "note": CLIENT_NOTE if decision == "edit" else "",
                "internal_note": INTERNAL_NOTE if decision == "keep" else "",
            }
        review_save(assessment=assessment, user=assessment.created_by, executive=EXECUTIVE,
                    disciplines={"sysops": SYSOPS}, decisions=decisions)
        self.stdout.write(f"Review started on “{assessment.title}”: commentary and {len(decisions)} of "
                          f"{len(gaps)} recommendations decided.")

    def _track_2025(self) -> None:
        previous = Assessment.objects.filter(title="Ops maturity 2025", organization__name="Northwind Logistics",
                                             status=Assessment.Status.CLOSED).first()
        if previous is None or TrackedAction.objects.filter(assessment=previous).exists():
            return
        added = actions_track(assessment=previous, user=previous.created_by)
        for i, action in enumerate(TrackedAction.objects.filter(assessment=previous)):
            action.status = PROGRESS[i % len(PROGRESS)]
            action.save(update_fields=["status"])
        self.stdout.write(f"Tracked {added} actions of “{previous.title}”, with a year's progress on them.")
