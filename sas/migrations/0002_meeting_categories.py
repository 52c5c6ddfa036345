"""SAS meeting categories beyond the defaults of interurps (reference data, editable by administrators).

No longer seeded: new instances get them from `sas/reference_data/meeting_categories.json` through
`manage.py load_reference_data`; databases migrated before keep their rows.
"""

from django.db import migrations

CATEGORIES = [
    "Associations d'effecteurs (ADOPS…)",
    "Régulation (Centre 15, SAMU)",
]


def create(apps, schema_editor):
    """Nothing any more (see the module docstring)."""


def remove(apps, schema_editor):
    """Remove the categories no meeting uses (a used one stays: meetings keep their category)."""
    MeetingCategory = apps.get_model("interurps", "MeetingCategory")
    MeetingCategory.objects.filter(programme__code="sas", name__in=CATEGORIES, meetings__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sas", "0001_initial"),
        ("interurps", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(create, remove)]
