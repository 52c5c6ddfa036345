"""`python manage.py load_reference_data`: the default reference data of every app (see interurps.reference)."""

import importlib
import importlib.util
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from interurps.reference import load_meeting_categories


class Command(BaseCommand):
    help = (
        "Charge les données de référence par défaut (catégories de réunion de chaque programme, étapes de la "
        "méthode d'accompagnement) là où il n'y en a pas encore. Ce qu'un administrateur a saisi n'est jamais "
        "modifié ; peut être relancé sans rien dupliquer."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        self.stdout.write("Données de référence :")
        for app_config in apps.get_app_configs():
            if not Path(app_config.path).is_relative_to(settings.BASE_DIR):
                continue  # the project's apps only
            load_meeting_categories(app_config, self.stdout)
            name = f"{app_config.name}.reference"
            if app_config.name != "interurps" and importlib.util.find_spec(name) is not None:
                importlib.import_module(name).load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Données de référence à jour."))
