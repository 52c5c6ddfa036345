"""Give the three role groups the permissions of the CPTS models."""

from django.db import migrations

from interurps.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("cpts", "0002_accompaniment_steps"),
        ("interurps", "0003_roles"),
    ]

    # Going back, the groups keep permissions that no longer exist: they disappear with their content types.
    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
