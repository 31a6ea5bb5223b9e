from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessments.catalogue_schema import CATALOGUE_DIR, CatalogueError, read_catalogue
from assessments.services.catalogue import catalogue_load


class Command(BaseCommand):
    help = "Validate the catalogue YAML and load it as a new version (nothing is loaded if any file is invalid)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", type=Path, default=CATALOGUE_DIR, help="Folder holding catalogue.yaml")

    def handle(self, *args: object, **options: object) -> None:
        try:
            catalogue = read_catalogue(options["dir"])  # type: ignore[arg-type]
        except CatalogueError as exc:
            raise CommandError(
                f"The catalogue is invalid; nothing was loaded ({len(exc.problems)} problems):\n" + str(exc)
            ) from None
        version, created = catalogue_load(catalogue=catalogue)
        questions = sum(len(a["questions"]) for d in catalogue.disciplines for a in d["areas"])
        if options["verbosity"] == 0:  # type: ignore[comparison-overlap]
            return
        if created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Loaded catalogue {version}: {len(catalogue.disciplines)} disciplines, "
                    f"{questions} questions, {len(catalogue.target_models)} target models."
                )
            )
        else:
            self.stdout.write(f"Catalogue {version} is already loaded; nothing changed.")
