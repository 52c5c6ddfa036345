"""`manage.py create_admin`: the first administrator gets the Administrateur role."""

import io

from django.contrib.auth import get_user_model
from django.core.management import call_command

from interurps.roles import ADMINISTRATOR


def test_create_admin_makes_a_superuser_with_the_administrator_role(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Un-mot-de-passe-solide-2026")
    out = io.StringIO()
    call_command("create_admin", "--noinput", "--username", "marie", "--email", "marie@example.org", stdout=out)
    user = get_user_model().objects.get(username="marie")
    assert user.is_superuser and user.is_staff
    assert list(user.groups.values_list("name", flat=True)) == [ADMINISTRATOR]
    assert "marie a le rôle « Administrateur »." in out.getvalue()
    assert user.check_password("Un-mot-de-passe-solide-2026")
