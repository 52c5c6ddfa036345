"""A stable code for meeting categories, so report figures survive an administrator renaming a category.

The data step gives a code to the categories seeded by 0002_reference_data (sas and pacte give one to
the categories their own migrations seed).
"""

from django.db import migrations, models

from interurps.migrations import _category_codes

# programme code -> {seeded name: code}
CODES = {
    "cpts": {
        "Quintet": "quintet",
        "Accompagnement d'une CPTS": "cpts_support",
        "Conseil d'administration de CPTS": "cpts_board_meeting",
        "Réseau des coordinateurs": "coordinators_network",
        "Pause visio entre coordinateurs": "coordinators_visio",
        "Journée régionale": "regional_day",
        "Rencontre avec l'ARS ou l'Assurance maladie": "ars_meeting",
    },
    "sas": {
        "Interne": "internal",
        "ARS (point de synchronisation)": "ars_sync",
        "Équipe de suivi SAS": "sas_followup_team",
        "Lien avec les URPS": "urps_link",
        "SAS pédiatrie": "sas_paediatrics",
        "Instance SAS départementale": "departmental_instance",
        "CPTS": "cpts",
        "Formation / webinaire": "training_webinar",
        "GRADeS": "grades",
    },
    "reper": {
        "Réunion des élus": "elected_members",
        "Consortium": "consortium",
        "Territoire d'expérimentation": "experimentation_territory",
    },
    "pacte": {
        "Réunion de travail": "working_meeting",
        "Comité régional PACTE": "regional_committee",
        "Module de formation": "training_module",
        "Formation formateur relais": "relay_trainer_training",
        "Pause visio formateurs relais": "relay_trainer_visio",
        "Webinaire": "webinar",
    },
    "association": {
        "Conseil d'administration": "board_meeting",
        "Assemblée générale": "general_assembly",
        "Séminaire": "seminar",
        "Réunion interne": "internal_meeting",
    },
}


def forwards(apps, schema_editor):
    _category_codes.set_codes(apps, CODES)


def backwards(apps, schema_editor):
    _category_codes.clear_codes(apps, CODES)


class Migration(migrations.Migration):
    dependencies = [("interurps", "0005_report_roles")]

    operations = [
        migrations.AddField(
            model_name="meetingcategory",
            name="code",
            field=models.SlugField(
                blank=True,
                help_text="identifiant stable utilisé par les chiffres du rapport ; ne pas modifier",
                verbose_name="code",
            ),
        ),
        migrations.AddConstraint(
            model_name="meetingcategory",
            constraint=models.UniqueConstraint(
                condition=models.Q(("code", ""), _negated=True),
                fields=("programme", "code"),
                name="meetingcategory_unique_code",
                violation_error_message="Une autre catégorie de ce programme a déjà ce code.",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
