from django.db import migrations

from interurps.roles import sync_roles


class Migration(migrations.Migration):
    """Give the three roles the permissions of the SAS models."""

    dependencies = [
        ("sas", "0002_meeting_categories"),
        ("interurps", "0003_roles"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
