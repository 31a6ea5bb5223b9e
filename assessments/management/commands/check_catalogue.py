from pathlib import Path

import yaml
from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessments.catalogue_quality import DUPLICATE_THRESHOLD, quality_report
from assessments.catalogue_schema import CATALOGUE_DIR, INDEX_FILE, CatalogueError, read_catalogue


class Command(BaseCommand):
    help = "Print the catalogue's quality figures; exit non-zero on hard errors."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", type=Path, default=CATALOGUE_DIR, help="Folder holding catalogue.yaml")

    def handle(self, *args: object, **options: object) -> None:
        folder: Path = options["dir"]  # type: ignore[assignment]
        try:
            catalogue = read_catalogue(folder)
        except CatalogueError as exc:
            raise CommandError("The catalogue is invalid:\n" + "\n".join(exc.problems)) from exc
        index = yaml.safe_load((folder / INDEX_FILE).read_text(encoding="utf-8"))
        report = quality_report(catalogue, index)
        share = len(report.multi_barrelled) / report.questions if report.questions else 0.0
        out = self.stdout.write
        out(f"questions: {report.questions} in {report.areas} areas of {len(catalogue.disciplines)} disciplines")
        out(f"questions without guidance: {len(report.without_guidance)}")
        out(f"multi-barrelled candidates: {len(report.multi_barrelled)} ({share:.1%})")
        for key, text in report.multi_barrelled:
            out(f"  {key}: {text}")
        out(f"near-duplicate pairs across disciplines (similarity >= {DUPLICATE_THRESHOLD}): "
            f"{len(report.near_duplicates)}")
        out(f"KPIs: {report.kpis}, without a dated source or heuristic: {len(report.kpis_without_provenance)}")
        for model, count in report.model_coverage.items():
            out(f"target model {model}: sets {count} of {report.areas} areas explicitly")
        out(f"target model relations broken: {len(report.relation_errors)}")
        if report.errors:
            raise CommandError(f"{len(report.errors)} hard errors:\n" + "\n".join(report.errors))
        out(self.style.SUCCESS("The catalogue passes its quality check."))
