"""Reference data every instance needs: the programmes and the 10 URPS.

The default meeting categories (CATEGORIES) were seeded here too; they are now data files that
`manage.py load_reference_data` loads on first start (`<app>/reference_data/meeting_categories.json`), so a
new instance's categories are its association's, edited in the administration. Databases migrated before
keep the rows this migration created; CATEGORIES stays as the record of what they got.
"""

from django.db import migrations

PROGRAMMES = [
    ("cpts", "CPTS", 1),
    ("sas", "SAS", 2),
    ("reper", "REPER / ICOPE", 3),
    ("pacte", "PACTE", 4),
    ("association", "Vie de l'association", 5),
]

# code, name, short name, profession (the 10 URPS exist in every region: Code de la santé publique, L4031-1).
UNIONS = [
    ("urml", "Union régionale des médecins libéraux", "URML", "médecins"),
    ("infirmiers", "URPS infirmiers libéraux", "URPS Infirmiers", "infirmiers"),
    ("pharmaciens", "URPS pharmaciens", "URPS Pharmaciens", "pharmaciens"),
    ("kines", "URPS masseurs-kinésithérapeutes", "URPS Masseurs-kinésithérapeutes", "masseurs-kinésithérapeutes"),
    ("dentistes", "URPS chirurgiens-dentistes", "URPS Chirurgiens-dentistes", "chirurgiens-dentistes"),
    ("orthophonistes", "URPS orthophonistes", "URPS Orthophonistes", "orthophonistes"),
    ("orthoptistes", "URPS orthoptistes", "URPS Orthoptistes", "orthoptistes"),
    ("podologues", "URPS pédicures-podologues", "URPS Pédicures-podologues", "pédicures-podologues"),
    ("sages-femmes", "URPS sages-femmes", "URPS Sages-femmes", "sages-femmes"),
    ("biologistes", "URPS biologistes", "URPS Biologistes", "biologistes"),
]

CATEGORIES = {
    "cpts": [
        "Quintet",
        "Accompagnement d'une CPTS",
        "Conseil d'administration de CPTS",
        "Réseau des coordinateurs",
        "Pause visio entre coordinateurs",
        "Journée régionale",
        "Rencontre avec l'ARS ou l'Assurance maladie",
    ],
    "sas": [
        "Interne",
        "ARS (point de synchronisation)",
        "Équipe de suivi SAS",
        "Lien avec les URPS",
        "SAS pédiatrie",
        "Instance SAS départementale",
        "CPTS",
        "Formation / webinaire",
        "GRADeS",
    ],
    "reper": ["Réunion des élus", "Consortium", "Territoire d'expérimentation"],
    "pacte": [
        "Réunion de travail",
        "Comité régional PACTE",
        "Module de formation",
        "Formation formateur relais",
        "Pause visio formateurs relais",
        "Webinaire",
    ],
    "association": ["Conseil d'administration", "Assemblée générale", "Séminaire", "Réunion interne"],
}


def create(apps, schema_editor):
    Programme = apps.get_model("interurps", "Programme")
    Union = apps.get_model("interurps", "Union")
    for code, name, order in PROGRAMMES:
        Programme.objects.update_or_create(code=code, defaults={"name": name, "order": order})
    for order, (code, name, short_name, profession) in enumerate(UNIONS, start=1):
        Union.objects.update_or_create(
            code=code, defaults={"name": name, "short_name": short_name, "profession": profession, "order": order}
        )


def remove(apps, schema_editor):
    apps.get_model("interurps", "MeetingCategory").objects.all().delete()
    apps.get_model("interurps", "Union").objects.all().delete()
    apps.get_model("interurps", "Programme").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("interurps", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
