"""Reset a user's second factor: an administrator does it for a colleague who lost their phone and codes."""

import logging

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp import devices_for_user

logger = logging.getLogger("interurps.security")


class Command(BaseCommand):
    help = (
        "Supprime l'application d'authentification et les codes de secours d'un compte : "
        "à sa prochaine connexion, la personne active un nouveau second facteur."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="identifiant du compte")

    def handle(self, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist as error:
            raise CommandError(f"Aucun compte « {username} ».") from error
        devices = list(devices_for_user(user, confirmed=None))
        for device in devices:
            device.delete()
        logger.warning("Second facteur réinitialisé pour %s (%d appareil(s) supprimé(s))", username, len(devices))
        self.stdout.write(
            f"Double authentification de « {username} » réinitialisée ({len(devices)} appareil(s) supprimé(s)) : "
            "elle sera activée de nouveau à la prochaine connexion."
        )
