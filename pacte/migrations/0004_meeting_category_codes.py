"""Code of the PACTE meeting category seeded by 0002_reference_data (see interurps 0006)."""

from django.db import migrations

from interurps.migrations import _category_codes

CODES = {"pacte": {"Groupe de travail formateurs relais": "relay_trainer_working_group"}}


def forwards(apps, schema_editor):
    _category_codes.set_codes(apps, CODES)


def backwards(apps, schema_editor):
    _category_codes.clear_codes(apps, CODES)


class Migration(migrations.Migration):
    dependencies = [
        ("pacte", "0003_roles"),
        ("interurps", "0006_meetingcategory_code"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
