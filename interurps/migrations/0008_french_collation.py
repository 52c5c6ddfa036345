"""The ICU collation `interurps_fr` that lists, pickers and exports sort names with (see interurps/collation.py).

SQLite gets a collation of the same name from Python on each connection; this migration does nothing there,
neither forwards nor backwards (Django's CreateCollation checks the database only forwards).
"""

from django.contrib.postgres.operations import CreateCollation
from django.db import migrations


class CreateCollationOnPostgreSQL(CreateCollation):
    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("interurps", "0007_history_archive_protect")]

    operations = [CreateCollationOnPostgreSQL("interurps_fr", provider="icu", locale="fr")]
