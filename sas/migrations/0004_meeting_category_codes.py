"""Codes of the SAS meeting categories seeded by 0002_meeting_categories (see interurps 0006)."""

from django.db import migrations

from interurps.migrations import _category_codes

CODES = {
    "sas": {
        "Associations d'effecteurs (ADOPS…)": "provider_associations",
        "Régulation (Centre 15, SAMU)": "regulation",
    }
}


def forwards(apps, schema_editor):
    _category_codes.set_codes(apps, CODES)


def backwards(apps, schema_editor):
    _category_codes.clear_codes(apps, CODES)


class Migration(migrations.Migration):
    dependencies = [
        ("sas", "0003_roles"),
        ("interurps", "0006_meetingcategory_code"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
