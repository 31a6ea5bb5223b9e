from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessments.models import Assessment
from reports.context import report_document
from reports.pdf import build_report_pdf


class Command(BaseCommand):
    help = "Build an assessment's PDF gap report synchronously, with the same code as the Celery task."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("assessment_id", type=int)
        parser.add_argument("--output", type=Path, required=True, help="Where to write the PDF")
        parser.add_argument("--internal", action="store_true", help="Include internal observations too")

    def handle(self, *args: object, **options: object) -> None:
        assessment = Assessment.objects.filter(pk=options["assessment_id"]).first()
        if assessment is None:
            raise CommandError(f"No assessment with id {options['assessment_id']}.")
        pdf = build_report_pdf(report_document(assessment, include_internal=bool(options["internal"])))
        output: Path = options["output"]  # type: ignore[assignment]
        output.parent.mkdir(parents=True, exist_ok=True)
        tmp = output.with_suffix(output.suffix + ".part")
        tmp.write_bytes(pdf)
        tmp.replace(output)  # atomic: a reader never sees half a file
        self.stdout.write(self.style.SUCCESS(f"Wrote {output} ({len(pdf):,} bytes)."))
