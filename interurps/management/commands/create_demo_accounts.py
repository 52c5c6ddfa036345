from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from interurps.auth import DEMO_USERNAMES
from interurps.roles import ADMINISTRATOR, BOARD, STAFF

DEMO_ACCOUNTS = [
    # username, first name, last name, role, is_staff (Django admin)
    ("admin", "Alice", "Administratrice", ADMINISTRATOR, True),
    ("chargee", "Claire", "Chargée de mission", STAFF, False),
    ("bureau", "Bernard", "Bureau", BOARD, False),
]
DEMO_PASSWORD = "demo-interurps-2026"
assert {account[0] for account in DEMO_ACCOUNTS} == DEMO_USERNAMES


class Command(BaseCommand):
    help = "Crée les comptes de démonstration (un par rôle). Refusé quand DEBUG est désactivé."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Les comptes de démonstration n'existent qu'en développement (DEBUG=True).")
        User = get_user_model()
        self.stdout.write("Comptes de démonstration (mot de passe identique pour tous) :")
        for username, first_name, last_name, role, is_staff in DEMO_ACCOUNTS:
            user, _ = User.objects.update_or_create(
                username=username,
                defaults={"first_name": first_name, "last_name": last_name, "is_staff": is_staff, "is_active": True},
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.set([Group.objects.get(name=role)])
            self.stdout.write(f"  {role:<22} identifiant : {username:<8} mot de passe : {DEMO_PASSWORD}")
