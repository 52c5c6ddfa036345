"""Once this migration created the three role groups (Administrateur, Chargé·e de mission, Bureau) by calling
`interurps.roles.sync_roles`. It does nothing now: a migration must not run today's code. The groups are
created and follow the apps' declarations after every `migrate` (a `post_migrate` handler, see
`interurps.roles`). The migration stays so that the migration graph of existing databases is unchanged.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("interurps", "0002_reference_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
