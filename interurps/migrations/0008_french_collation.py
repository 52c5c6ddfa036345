"""The ICU collation `interurps_fr` that lists, pickers and exports sort names with (see interurps/collation.py).

SQLite gets a collation of the same name from Python on each connection; this migration does nothing there.
"""

from django.contrib.postgres.operations import CreateCollation
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("interurps", "0007_history_archive_protect")]

    operations = [CreateCollation("interurps_fr", provider="icu", locale="fr")]
