from django.core.management.base import BaseCommand

from interurps.roles import sync_roles


class Command(BaseCommand):
    help = (
        "Met à jour les groupes Administrateur, Chargé·e de mission et Bureau avec les permissions de chaque "
        "modèle des applications installées (fait aussi après chaque « migrate »)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default", help="Base de données à mettre à jour.")

    def handle(self, *args, database, **options):
        sync_roles(using=database)
        self.stdout.write(self.style.SUCCESS("Rôles mis à jour."))
