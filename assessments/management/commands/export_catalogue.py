import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessments.models import CatalogueVersion
from assessments.selectors import catalogue_export


class Command(BaseCommand):
    help = "Print the loaded catalogue (latest version unless --version) as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--version-number", type=int, help="Catalogue version number (default: latest)")

    def handle(self, *args: object, **options: object) -> None:
        number = options.get("version_number")
        versions = CatalogueVersion.objects.all()
        version = versions.filter(number=number).first() if number else versions.first()
        if version is None:
            raise CommandError("No catalogue is loaded: run `python manage.py load_catalogue` first.")
        self.stdout.write(json.dumps(catalogue_export(version), indent=2, ensure_ascii=False))
