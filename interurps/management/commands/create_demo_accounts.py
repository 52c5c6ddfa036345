import base64

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
# The demo administrator's second factor: a published TOTP secret, like the password (demo accounts
# cannot log in when DEBUG is off). Add it once to an authenticator app, or use a recovery code.
DEMO_TOTP_KEY = "496e74657255525053206465206d6f6e7472652e"  # hex, 20 bytes
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
            if role == ADMINISTRATOR:
                self.give_second_factor(user)

    def give_second_factor(self, user):
        """The administrator needs a second factor: a TOTP device with the published demo key, and recovery codes."""
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from interurps.views.two_factor import APP_DEVICE_NAME, create_recovery_codes

        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, key=DEMO_TOTP_KEY, confirmed=True)
        codes = create_recovery_codes(user)
        secret = base64.b32encode(device.bin_key).decode()
        self.stdout.write(
            f"    double authentification de « {user.username} » : clé TOTP {secret} "
            f"(à saisir une fois dans une application d'authentification)\n"
            f"    ou un code de secours à usage unique : {' '.join(codes)}"
        )
