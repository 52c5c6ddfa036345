"""The demo data: `load_demo` rebuilds the association's 2021 from the sources, so that every figure of the seed
2021 activity report is a count over records, and the report's PDF tells every fact of it.

Loading the communes and the demo takes a few seconds: it is done once for the module, in a transaction
rolled back at the end (each test runs in a savepoint inside it, as usual).
"""

import datetime
import io
import re
import shutil
import subprocess

import pytest
from django.apps import apps
from django.core.management import call_command

from cpts import report as cpts_report
from cpts.selectors import aci_signed_during, counts_by_stage, region_payments
from interurps.models import Meeting
from interurps.report import sections
from interurps.report.rendering import render_year_pdf
from pacte import report as pacte_report
from reper import report as reper_report
from sas import report as sas_report

YEAR = 2021


@pytest.fixture
def demo_db(demo, db):
    return demo


def row_counts():
    """The number of rows of every model of the project's apps and of every many-to-many table."""
    counts = {}
    for app_label in ["auth", "interurps", "cpts", "sas", "reper", "pacte"]:
        for model in apps.get_app_config(app_label).get_models():
            if hasattr(model, "instance_type"):  # a history table: reloading the demo may add history
                continue
            counts[model._meta.label] = model.objects.count()
            for field in model._meta.many_to_many:
                counts[f"{model._meta.label}.{field.name}"] = field.remote_field.through.objects.count()
    return counts


def test_load_demo_twice_changes_no_count(demo_db):
    before = row_counts()

    call_command("load_demo", force=True, stdout=io.StringIO())

    assert row_counts() == before
    assert before["interurps.Meeting"] > 400


def test_association_counts_11_board_meetings_and_the_general_assembly_of_9_march(demo_db):
    section = sections.build_association(YEAR)

    assert section["board_meeting_count"] == 11
    assert [meeting.date for meeting in section["general_assemblies"]] == [datetime.date(2021, 3, 9)]
    assert [(m.user.last_name, m.seconded_by.code, m.job_title) for m in section["seconded_staff"]] == [
        ("SPADACHINI", "infirmiers", "Suivi administratif"),
        ("OGER", "pharmaciens", "Gestion du CPOM (coordination InterURPS)"),
        ("PECHET", "dentistes", "Suivi financier"),
    ]


def test_sas_counts_the_meetings_of_the_report_by_category_and_department(demo_db):
    section = sas_report.build_section(YEAR)

    counts = {row["name"]: row["count"] for row in section["by_category"]}
    assert [counts[name] for name in ["Interne", "ARS (point de synchronisation)", "Équipe de suivi SAS"]] == [
        16,
        25,
        11,
    ]
    assert [counts[name] for name in ["Lien avec les URPS", "SAS pédiatrie", "CPTS"]] == [19, 4, 17]
    assert counts["Associations d'effecteurs (ADOPS…)"] == 8
    assert counts["Appui juridique à la gouvernance"] == 3
    assert [(row["department"].code, row["count"]) for row in section["departmental_instances"]] == [
        ("44", 9),
        ("72", 6),
        ("53", 1),
    ]
    assert (section["training_webinars"], section["grades_exchanges"]) == (6, 5)
    assert [(member["name"], member["start_date"]) for member in section["staff"]] == [
        ("Jean CASSARD", datetime.date(2021, 6, 14))
    ]
    assert {datetime.date(2021, 10, 7), datetime.date(2021, 10, 15), datetime.date(2021, 11, 23)} <= {
        highlight["date"] for highlight in section["highlights"]
    }


def test_cpts_section_lists_the_9_cpts_accompanied_and_the_7_aci_signed_in_2021(demo_db):
    section = cpts_report.build_section(YEAR)

    assert section["quintet_count"] == 18
    assert sorted((cpts.name, cpts.department.code) for cpts in section["in_progress"]) == sorted(
        [
            ("CPTS Sèvre et Loire", "44"),
            ("CPTS Erdre et Cens", "44"),
            ("CPTS Erdre et Canal", "44"),
            ("CPTS de Guérande", "44"),
            ("CPTS du Haut Bocage", "85"),
            ("CPTS Nord Est Mayenne", "53"),
            ("CPTS Chalonnes sur Loire", "49"),
            ("CPTS Nord Est Anjou", "49"),
            ("CPTS du Choletais", "49"),
        ]
    )
    assert [(contract.signed_on, contract.cpts.name) for contract in aci_signed_during(YEAR)] == [
        (datetime.date(2021, 3, 12), "CPTS du Grand Saumurois"),
        (datetime.date(2021, 3, 24), "CPTS Loire Vendée Océan"),
        (datetime.date(2021, 3, 24), "CPTS Plaine et Marais"),
        (datetime.date(2021, 6, 14), "CPTS Ancenis"),
        (datetime.date(2021, 6, 23), "CPTS Pays de Retz"),
        (datetime.date(2021, 7, 5), "CPTS Sud Loire Vignoble"),
        (datetime.date(2021, 9, 3), "CPTS Centre Vendée"),
    ]
    assert [(person["name"], person["arrived_this_year"]) for person in section["team"]] == [
        ("Jeanne BOUTIER", False),
        ("Anne-Laure LE NY", False),
        ("Barbara CLÉMENT", True),
    ]


def test_state_of_play_of_december_2020_and_its_payments_are_those_of_the_regional_commission(demo_db):
    counts = {row.stage: (row.count, row.reached) for row in counts_by_stage(on=datetime.date(2020, 12, 31))}

    assert counts["aci_signed"] == (7, 7)
    assert counts["health_project"] == (5, 12)  # « 12 projets validés et 7 ACI signés »
    assert counts["letter_of_intent"][0] == 11
    assert counts["pre_project"][0] == 5
    payments = region_payments(2020)
    assert (payments["paid"], payments["contract_count"]) == (686_000, 7)


def test_the_cpts_team_logged_283_meetings_in_2021(demo_db):
    assert pacte_report.team_meeting_count(YEAR) == 283


def test_pacte_section_dates_the_training_the_working_meetings_and_the_committees(demo_db):
    section = pacte_report.build_section(YEAR)

    cohort = section["cohorts"][0]
    assert cohort["learner_count"] == 12
    assert [(event["start"], event["end"]) for event in cohort["events"]] == [
        (datetime.date(2021, 4, 23), None),
        (datetime.date(2021, 6, 2), datetime.date(2021, 6, 3)),
        (datetime.date(2021, 8, 31), datetime.date(2021, 9, 1)),
        (datetime.date(2021, 11, 8), datetime.date(2021, 11, 9)),
    ]
    [group] = section["working_meeting_groups"]
    assert group["with"] == "Dr Jean-François MOREUL"
    assert len(group["meetings"]) == 13
    assert [meeting.date.isoformat() for meeting in section["committee_meetings"]] == [
        "2021-01-12",
        "2021-05-25",
        "2021-10-01",
        "2021-10-21",
    ]
    assert len(section["relay_training_events"]) == 9
    assert [(row["name"], row["status"]) for row in section["relay_trainers"]] == [
        ("Anne-Laure LE NY", "certified"),
        ("Dr Jean-François MOREUL", "certified"),
        ("Jeanne BOUTIER", "in_training"),
    ]


def test_reper_section_has_8_unions_4_territories_of_the_second_half_and_30_elected_members_meetings(demo_db):
    section = reper_report.build_section(YEAR)

    assert section["union_count"] == 8
    assert [territory.cpts.name for territory in section["territories"]] == [
        "CPTS Pays de Retz",
        "CPTS Sud Loire Vignoble",
        "CPTS Centre Vendée",
        "CPTS du Grand Saumurois",
    ]
    assert section["recruitment_semester"] == 2
    assert section["elected_members_meeting_count"] == 30
    assert datetime.date(2021, 12, 28) in [milestone.date for milestone in section["milestones"]]


def test_various_meetings_are_the_video_breaks_and_regional_days_of_the_report(demo_db):
    section = sections.build_various_meetings(YEAR)

    assert [m.date.isoformat() for m in section["video_breaks"]] == [
        "2021-01-08",
        "2021-02-12",
        "2021-03-10",
        "2021-12-17",
    ]
    assert [m.date.isoformat() for m in section["regional_days"]] == ["2021-03-31", "2021-06-15", "2021-10-07"]


def test_generated_meetings_say_they_are_demo_data(demo_db):
    assert not Meeting.objects.exclude(notes__icontains="démonstration").exists()


# Facts of the seed 2021 report, as the PDF prints them.
REPORT_FACTS = [
    "2021 marque une année de croissance pour l'InterURPS",
    "Elsa BENARD",
    "Jean-Baptiste CAILLARD",
    "Alain GUILLEMINOT",
    "co-présidente InterURPS et présidente URPS orthophonistes",
    "Créée en décembre 2019",
    "11 conseils d'administration",
    "Assemblée générale le 9 mars 2021",
    "Anne-Claire OGER",
    "Nadège PECHET",
    "Marion SPADACHINI",
    "Gestion du CPOM (coordination InterURPS)",
    "fonds propres (appel de fonds des 10 URPS) et les projets sur fonds ARS (FIR)",
    "Jean CASSARD",
    "prise de poste effective au 14 juin 2021",
    "deux projets ont été proposés pour les Pays de la Loire",
    "accompagner les 3 autres départements",
    "Les 6 premiers mois, M. CASSARD a participé à",
    "16 rencontres en interne afin de faciliter la prise de fonction",
    "25 rencontres avec l'ARS concernant les points de synchronisation",
    "11 rencontres avec l'équipe de suivi SAS regroupant le CHU",
    "19 rencontres pour faire le lien avec les différentes URPS",
    "4 rencontres avec les URPS pour travailler sur les premières réflexions quant à un SAS pédiatrie",
    "dans le 44 (9 rencontres), dans le 72 (6 rencontres) et dans le 53 (1 comité de pilotage élargi)",
    "la participation à 6 webinaires de formation",
    "À cela s'ajoutent 5 échanges avec le GRADeS.",
    "le 7 octobre 2021",
    "le 15 octobre 2021",
    "le 23 novembre 2021",
    "ADOPS 49",
    "Mme Richard Michelet, avocate du cabinet Sia Conseils",
    "le 2 juin 2022",
    "Huit unions de l'InterURPS",
    "URPS masseurs-kinésithérapeutes",
    "Gérontopôle des Pays de la Loire",
    "28 décembre 2021",
    "recrutés durant le deuxième semestre 2021",
    "CPTS Pays de Retz (44)",
    "CPTS Centre Vendée (85)",
    "CPTS du Grand Saumurois (49)",
    "Des élus des huit URPS ont participé à 30 réunions en 2021",
    "par le biais de 2 formateurs relais InterURPS",
    "L'équipe CPTS, composée de deux chargées de mission, s'agrandit",
    "18 réunions de quintet",
    "Jeanne BOUTIER",
    "Anne-Laure LE NY",
    "Barbara CLÉMENT",
    "CPTS Sèvre et Loire (44)",
    "CPTS Erdre et Cens (44)",
    "CPTS Erdre et Canal (44)",
    "CPTS de Guérande (44)",
    "CPTS du Haut Bocage (85)",
    "CPTS Nord Est Mayenne (53)",
    "CPTS Chalonnes sur Loire (49)",
    "CPTS Nord Est Anjou (49)",
    "CPTS du Choletais (49)",
    "12/03/2021 CPTS du Grand Saumurois (49)",
    "24/03/2021 CPTS Loire Vendée Océan (85)",
    "24/03/2021 CPTS Plaine et Marais (85)",
    "14/06/2021 CPTS Ancenis (44)",
    "23/06/2021 CPTS Pays de Retz (44)",
    "05/07/2021 CPTS Sud Loire Vignoble (44)",
    "03/09/2021 CPTS Centre Vendée (85)",
    "environ 283 réunions sur l'année 2021",
    "Dr Jean-François MOREUL",
    "16 et 17 septembre 2021",
    "25 et 26 novembre 2021",
    "16 décembre 2021 Webinaire module pédagogique EHESP",
    "pour 12 coordinateurs CPTS",
    "doit se terminer en juin 2022",
    "23 avril 2021 Lancement auprès des référents CPTS et des apprenants",
    "2 et 3 juin 2021 Module gestion de la structure",
    "31 août et 1er septembre 2021 Module prise de fonction",
    "8 et 9 novembre 2021 Module projet de santé",
    "12 janvier 2021 Comité régional PACTE",
    "8 décembre 2021 Réunion de travail",
    "Pause visio sur l'article 51",
    "présentation de DOCTOBUS du Conseil Régional",
    "31 mars 2021",
    "Continuer la formation de Mme BOUTIER pour devenir formatrice relai",
    "GE InterURPS",
    "« Mieux se connaître pour agir en santé sur nos territoires »",
    "mardi 23 novembre 2021",
    "Jean-Jacques COIPLLET",
    "Cédric FERRASSE",
]


def pdf_text(content, tmp_path):
    """The text of a PDF in content order (pdftotext -raw), hyphenation undone and spaces normalised."""
    path = tmp_path / "rapport.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True, text=True).stdout
    text = re.sub(r"\u2010\s+", "", text)  # words the renderer hyphenated at a line end
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")
def test_the_2021_report_pdf_tells_the_facts_of_the_seed_report(demo_db, tmp_path):
    text = pdf_text(render_year_pdf(YEAR).content, tmp_path)

    assert [fact for fact in REPORT_FACTS if fact not in text] == []
