"""`python manage.py create_admin`: the first administrator of an instance, with the *Administrateur* role.

Django's `createsuperuser` (same questions, same options: `--username`, `--email`, `--noinput` with the
DJANGO_SUPERUSER_* variables), then the new account is put in the *Administrateur* group, so that it holds
the role the application checks (menus, pages) and not only the superuser flag.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.management.commands import createsuperuser
from django.contrib.auth.models import Group
from django.core.management.base import CommandError

from interurps.roles import ADMINISTRATOR


class Command(createsuperuser.Command):
    help = "Crée un administrateur (compte superutilisateur) avec le rôle « Administrateur »."

    def handle(self, *args, **options):
        User = get_user_model()
        database = options.get("database")
        group = Group.objects.db_manager(database).filter(name=ADMINISTRATOR).first()
        if group is None:
            raise CommandError(
                f"Le rôle « {ADMINISTRATOR} » n'existe pas dans cette base : lancez « python manage.py migrate » "
                "(ou « python manage.py sync_roles »)."
            )
        existing = set(User._default_manager.db_manager(database).values_list("pk", flat=True))
        super().handle(*args, **options)
        for user in User._default_manager.db_manager(database).exclude(pk__in=existing).filter(is_superuser=True):
            user.groups.add(group)
            self.stdout.write(f"{user.get_username()} a le rôle « {ADMINISTRATOR} ».")
