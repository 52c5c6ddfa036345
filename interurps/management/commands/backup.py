from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from interurps.backup import backup


class Command(BaseCommand):
    help = "Sauvegarde la base (toutes les données) et les fichiers (rapports publiés, images) dans une archive."

    def add_arguments(self, parser):
        parser.add_argument(
            "-o",
            "--output",
            help="fichier de l'archive (défaut : interurps-sauvegarde-AAAAMMJJ-HHMMSS.tar.gz dans le dossier courant)",
        )

    def handle(self, *args, output=None, **options):
        path = Path(output or f"interurps-sauvegarde-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz")
        manifest = backup(path)
        rows = sum(manifest["counts"].values())
        self.stdout.write(f"Sauvegarde écrite : {path} ({rows} enregistrements, {path.stat().st_size} octets).")
