from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessments.models import Assessment
from reports.context import report_document
from reports.models import Report


def _builder(fmt: str):  # noqa: ANN202 - one of three build functions
    if fmt == Report.Format.DOCX:
        from reports.office import build_report_docx

        return build_report_docx
    if fmt == Report.Format.PPTX:
        from reports.office import build_report_pptx

        return build_report_pptx
    from reports.pdf import build_report_pdf

    return build_report_pdf


class Command(BaseCommand):
    help = ("Build an assessment's gap report (PDF or Word) or executive deck (PowerPoint) synchronously, with the "
            "same code as the Celery task.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("assessment_id", type=int)
        parser.add_argument("--output", type=Path, required=True, help="Where to write the file")
        parser.add_argument("--format", choices=Report.Format.values, default=Report.Format.PDF,
                            help="pdf (default), docx (Word report) or pptx (executive deck)")
        parser.add_argument("--internal", action="store_true", help="Include internal observations too")

    def handle(self, *args: object, **options: object) -> None:
        assessment = Assessment.objects.filter(pk=options["assessment_id"]).first()
        if assessment is None:
            raise CommandError(f"No assessment with id {options['assessment_id']}.")
        build = _builder(str(options["format"]))
        data = build(report_document(assessment, include_internal=bool(options["internal"])))
        output: Path = options["output"]  # type: ignore[assignment]
        output.parent.mkdir(parents=True, exist_ok=True)
        tmp = output.with_suffix(output.suffix + ".part")
        tmp.write_bytes(data)
        tmp.replace(output)  # atomic: a reader never sees half a file
        self.stdout.write(self.style.SUCCESS(f"Wrote {output} ({len(data):,} bytes)."))
