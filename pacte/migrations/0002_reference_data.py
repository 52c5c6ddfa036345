"""PACTE reference data: the EHESP programme and the meeting category the report needs beyond interurps' own."""

from django.db import migrations

PROGRAMME = "PACTE EHESP CPTS"
EHESP = ("École des hautes études en santé publique", "EHESP")
# Interurps seeds the other PACTE categories (réunion de travail, comité régional, formation formateur relais…).
CATEGORIES = ["Groupe de travail formateurs relais"]


def create(apps, schema_editor):
    Organisation = apps.get_model("interurps", "Organisation")
    TrainingProgramme = apps.get_model("pacte", "TrainingProgramme")
    name, acronym = EHESP
    provider = (
        Organisation.objects.filter(name__iexact=name).first()
        or Organisation.objects.filter(acronym__iexact=acronym).first()
        or Organisation.objects.create(name=name, acronym=acronym, kind="training")
    )
    TrainingProgramme.objects.get_or_create(name=PROGRAMME, defaults={"provider": provider})
    # CATEGORIES were created here until they became `pacte/reference_data/meeting_categories.json`, loaded by
    # `manage.py load_reference_data` on first start; databases migrated before keep their rows.


def remove(apps, schema_editor):
    apps.get_model("pacte", "TrainingProgramme").objects.filter(name=PROGRAMME, cohorts__isnull=True).delete()
    apps.get_model("interurps", "MeetingCategory").objects.filter(
        programme__code="pacte", name__in=CATEGORIES, meetings__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pacte", "0001_initial"),
        ("interurps", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(create, remove)]
