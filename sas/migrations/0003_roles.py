"""Once this migration gave the three role groups the permissions of the SAS models by calling
`interurps.roles.sync_roles`. It does nothing now: a migration must not run today's code. The groups
follow the apps' declarations after every `migrate` (a `post_migrate` handler, see `interurps.roles`).
The migration stays so that the migration graph of existing databases is unchanged.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("sas", "0002_meeting_categories"),
        ("interurps", "0003_roles"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
