from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from interurps.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde (manage.py backup) dans une base vide : "
        "migre la base, charge les données et les fichiers."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="l'archive .tar.gz écrite par manage.py backup")
        parser.add_argument("--no-migrate", action="store_true", help="ne pas appliquer les migrations d'abord")

    def handle(self, archive, no_migrate=False, **options):
        if not no_migrate:
            call_command("migrate", interactive=False, verbosity=0)
        try:
            manifest = restore(archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["counts"].values())
        self.stdout.write(f"Sauvegarde du {manifest['created_at']} restaurée : {rows} enregistrements.")
