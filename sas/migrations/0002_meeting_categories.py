"""SAS meeting categories beyond the defaults of interurps (reference data, editable by administrators)."""

from django.db import migrations

CATEGORIES = [
    "Associations d'effecteurs (ADOPS…)",
    "Régulation (Centre 15, SAMU)",
]


def create(apps, schema_editor):
    Programme = apps.get_model("interurps", "Programme")
    MeetingCategory = apps.get_model("interurps", "MeetingCategory")
    programme = Programme.objects.filter(code="sas").first()
    if programme is None:
        return
    last = MeetingCategory.objects.filter(programme=programme).order_by("-order").values_list("order", flat=True).first()
    for offset, name in enumerate(CATEGORIES, start=1):
        MeetingCategory.objects.get_or_create(
            programme=programme, name=name, defaults={"order": (last or 0) + offset}
        )


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
