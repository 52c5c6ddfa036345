from django.db import migrations

from interurps.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("pacte", "0002_reference_data"),
        ("interurps", "0003_roles"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
