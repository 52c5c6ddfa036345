from django.core.management import call_command
from django.core.management.base import BaseCommand

from interurps.models import Commune

FIXTURE = "fixtures/communes.json"


class Command(BaseCommand):
    help = (
        "Charge le référentiel des communes (fixtures/communes.json) dans une base qui n'en a pas. "
        "Une base qui a déjà ses communes est laissée telle quelle, pour ne pas écraser des populations importées."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Recharge le fichier même si des communes existent.")

    def handle(self, *args, force=False, **options):
        count = Commune.objects.count()
        if count and not force:
            self.stdout.write(f"Référentiel des communes déjà chargé ({count} communes) : rien à faire.")
            return
        call_command("loaddata", FIXTURE, verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"{Commune.objects.count()} communes chargées."))
