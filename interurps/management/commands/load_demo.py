"""`python manage.py load_demo`: the demo data of every app (the association's 2018–2021, from `seeds/`).

Each app registers its part (`interurps.registry.register_demo`): a `load(stdout)` that reads the app's
files under `demo_data/` through `interurps.demo_loader`, called in INSTALLED_APPS order (interurps first:
the others refer to its organisations, people and staff), all in one transaction. Every `load` finds its
records again by natural keys, so running the command twice changes nothing.
"""

import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from interurps import demo_loader
from interurps.models import Commune
from interurps.region import TRACKED_DEPARTMENTS, normalised_departments


class Command(BaseCommand):
    help = (
        "Charge les données de démonstration (2018–2021, d'après les documents sources) : unions, personnes, "
        "équipe, CPTS, SAS, REPER, PACTE et réunions. Peut être relancé sans rien dupliquer. "
        "Réservé aux bases de développement : refusé quand DEBUG est désactivé, sauf avec --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Charge les données même quand DEBUG est désactivé.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Les données de démonstration sont réservées aux bases de développement (DEBUG=True). "
                "Ajoutez --force pour les charger quand même."
            )
        if normalised_departments() != sorted(TRACKED_DEPARTMENTS):
            # The demo tells the story of the association of departments 44, 49, 53, 72 and 85: its CPTS,
            # meetings and people live in those communes. Another region starts with an empty base.
            self.stdout.write(
                f"Données de démonstration non chargées : elles décrivent les départements "
                f"{', '.join(TRACKED_DEPARTMENTS)}, et cette instance sert {settings.REGION_NAME} "
                f"({', '.join(normalised_departments())}). La base reste vide : créez l'administrateur "
                "(« python manage.py create_admin ») puis importez vos CPTS (CPTS › Importer)."
            )
            return
        if not Commune.objects.exists():
            raise CommandError(
                "Le référentiel des communes est vide : lancez d'abord « python manage.py load_communes »."
            )
        started = time.monotonic()
        self.stdout.write("Données de démonstration :")
        try:
            with transaction.atomic():
                demo_loader.load_all(self.stdout)
        except (ValueError, ValidationError) as error:
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            raise CommandError(
                "Données de démonstration non chargées (rien n'a été écrit) : " + " ".join(messages)
            ) from error
        elapsed = f"{time.monotonic() - started:.1f}".replace(".", ",")
        self.stdout.write(self.style.SUCCESS(f"Données de démonstration chargées en {elapsed} s."))
