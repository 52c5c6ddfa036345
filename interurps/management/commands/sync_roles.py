from django.apps import apps
from django.core.management.base import BaseCommand

from interurps.roles import sync_roles


class Command(BaseCommand):
    help = "Met à jour les groupes Administrateur, Chargé·e de mission et Bureau avec les permissions de chaque modèle."

    def handle(self, *args, **options):
        sync_roles(apps)
        self.stdout.write(self.style.SUCCESS("Rôles mis à jour."))
