"""The 10 steps of the CPTS accompaniment method of the URPS of Pays de la Loire (URML activity report 2018).

No longer seeded: the steps are an association's own reference data. New instances get these defaults from
`cpts/reference_data/accompaniment_steps.json` (`manage.py load_reference_data`, run by `make setup`);
databases migrated before keep their rows. STEPS stays as the record of what they got.
"""

from django.db import migrations

STEPS = [
    (
        "Identification d'une demande spontanée",
        "Identification d'une demande spontanée de professionnels de santé sur un territoire.",
    ),
    ("Réunion exploratoire", "Organisation d'une réunion exploratoire auprès d'un noyau de professionnels motivés."),
    (
        "Faisabilité et choix du territoire",
        "Validation de la faisabilité et choix d'un territoire cohérent (en fonction des données de flux de "
        "patientèle mais aussi de l'appréciation des professionnels du terrain).",
    ),
    (
        "Réunion plénière",
        "Organisation d'une réunion où la totalité des professionnels de santé du territoire est invitée (plénière).",
    ),
    (
        "Comité de pilotage et groupes de travail",
        "Constitution de comités de pilotage et de groupes de travail émanant de la plénière.",
    ),
    ("Définition des priorités", "Définition des priorités."),
    (
        "Collaborations avec les structures et les usagers",
        "Recherche de collaborations avec les structures de soins ou médico-sociales et les usagers de santé.",
    ),
    ("Écriture du projet de santé", "Écriture d'un projet de santé de territoire."),
    ("Association loi 1901", "Constitution d'une association loi 1901."),
    (
        "Validation en plénière",
        "Validation de l'ensemble par la totalité des professionnels lors d'une plénière.",
    ),
]


def create_steps(apps, schema_editor):
    """Nothing any more (see the module docstring)."""


def remove_steps(apps, schema_editor):
    AccompanimentStep = apps.get_model("cpts", "AccompanimentStep")
    StepCompletion = apps.get_model("cpts", "StepCompletion")
    names = [name for name, _ in STEPS]
    StepCompletion.objects.filter(step__name__in=names).delete()
    AccompanimentStep.objects.filter(name__in=names).delete()


class Migration(migrations.Migration):
    dependencies = [("cpts", "0001_initial")]

    operations = [migrations.RunPython(create_steps, remove_steps)]
