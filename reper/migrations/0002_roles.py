"""Give the three roles the permissions of the REPER models."""

from django.db import migrations

from interurps.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("reper", "0001_initial"),
        ("interurps", "0003_roles"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
