from django.db import migrations

from interurps.roles import sync_roles


class Migration(migrations.Migration):
    """Give the roles the permissions of the annual report models (and the board `export_report`)."""

    dependencies = [("interurps", "0004_report_editions")]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
