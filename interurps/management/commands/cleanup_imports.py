from django.core.management.base import BaseCommand

from interurps.import_storage import delete_abandoned, max_age, pending_dir


class Command(BaseCommand):
    help = "Supprime les fichiers d'import déposés et jamais confirmés (aperçus abandonnés)."

    def handle(self, *args, **options):
        deleted = delete_abandoned()
        hours = max_age() / 3600
        self.stdout.write(
            f"{deleted} fichier(s) d'import abandonné(s) supprimé(s) de {pending_dir()} "
            f"(déposés il y a plus de {hours:g} h)."
        )
