"""The SAS section of the annual report, on hand-made data shaped like the 2021 report."""

import datetime

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils.html import strip_tags

from interurps.models import Organisation
from interurps.report import registry
from sas.models import SASDeploymentStatus
from sas.report import build_section
from tests.factories import DepartmentFactory, OrganisationFactory, StaffMemberFactory, UserFactory, programme
from tests.sas.factories import (
    CPTSFactory,
    SASDeploymentFactory,
    SASDeploymentStatusFactory,
    SASIndicatorFactory,
    sas_meeting,
)

Status = SASDeploymentStatus.Status
pytestmark = pytest.mark.django_db

# (category, department, number of meetings in 2021): a slice of the 2021 report.
MEETINGS_2021 = [
    ("Interne", None, 4),
    ("ARS (point de synchronisation)", None, 5),
    ("Équipe de suivi SAS", "44", 3),
    ("Lien avec les URPS", None, 2),
    ("SAS pédiatrie", None, 1),
    ("Instance SAS départementale", "44", 3),
    ("Instance SAS départementale", "72", 2),
    ("Instance SAS départementale", "53", 1),
    ("Formation / webinaire", None, 6),
    ("GRADeS", None, 5),
]


def make_region():
    return {code: DepartmentFactory(code=code) for code in ["44", "49", "53", "72", "85"]}


def make_year(scale=1):
    """SAS records for 2021 (and noise from 2020 and other programmes); `scale` multiplies the rows."""
    departments = make_region()
    for name, code, number in MEETINGS_2021:
        for _ in range(number * scale):
            sas_meeting(name, code)
    sas_meeting("Interne", date=datetime.date(2020, 12, 10))
    sas_meeting("Quintet", "44", programmes=("cpts",))
    sas_meeting(
        "CPTS",
        "72",
        date=datetime.date(2021, 10, 7),
        is_highlight=True,
        highlight_summary="Journée des coordonnateurs des CPTS des Pays de la Loire au Mans",
    )
    sas_meeting(
        "Régulation (Centre 15, SAMU)",
        "44",
        date=datetime.date(2021, 10, 15),
        is_highlight=True,
        highlight_summary="Une demi-journée d'immersion au Centre 15",
    )
    adops, _ = Organisation.objects.get_or_create(name="ADOPS 49")
    for _ in range(2 * scale):
        sas_meeting("Associations d'effecteurs (ADOPS…)", "49").organisations.add(adops)

    member = StaffMemberFactory(
        user=UserFactory(first_name="Jean", last_name="Cassard"),
        job_title="chargé de mission SAS",
        start_date=datetime.date(2021, 6, 14),
    )
    member.programmes.add(programme("sas"))

    loire_atlantique = SASDeploymentFactory(
        department=departments["44"], participating_cpts=CPTSFactory.create_batch(scale, department=departments["44"])
    )
    SASDeploymentStatusFactory(deployment=loire_atlantique, status=Status.PROPOSED, date=datetime.date(2020, 11, 2))
    SASDeploymentStatusFactory(
        deployment=loire_atlantique, status=Status.PILOT_SELECTED, date=datetime.date(2021, 1, 15)
    )
    SASDeploymentStatusFactory(deployment=loire_atlantique, status=Status.OPERATIONAL, date=datetime.date(2022, 3, 1))
    sarthe = SASDeploymentFactory(department=departments["72"])
    SASDeploymentStatusFactory(deployment=sarthe, status=Status.PILOT_SUPPORTED, date=datetime.date(2021, 1, 15))
    for code in ["49", "53", "85"]:
        SASDeploymentStatusFactory(
            deployment=SASDeploymentFactory(department=departments[code]),
            status=Status.PREPARATION,
            date=datetime.date(2021, 2, 1),
        )
    for month in range(1, 1 + scale):
        SASIndicatorFactory(
            department=departments["85"],
            period_start=datetime.date(2021, month, 1),
            period_end=datetime.date(2021, month, 28),
            slots_offered=560,
            slots_taken=330,
        )


def test_the_section_is_registered_after_cpts_and_before_reper():
    (section,) = [section for section in registry.sections() if section.key == "sas"]
    assert (section.order, section.build, section.template) == (
        30,
        "sas.report.build_section",
        "sas/report_section.html",
    )


def test_meetings_are_counted_per_category():
    make_year()
    by_category = {item["name"]: item["count"] for item in build_section(2021)["by_category"]}
    assert by_category["Interne"] == 4
    assert by_category["ARS (point de synchronisation)"] == 5
    assert by_category["Instance SAS départementale"] == 6
    assert by_category["Associations d'effecteurs (ADOPS…)"] == 2
    assert "Quintet" not in by_category


def test_the_total_excludes_other_years_and_programmes():
    make_year()
    assert build_section(2021)["meeting_total"] == sum(number for _, _, number in MEETINGS_2021) + 2 + 2


def test_departmental_instances_are_counted_per_department():
    make_year()
    instances = [(item["department"].code, item["count"]) for item in build_section(2021)["departmental_instances"]]
    assert instances == [("44", 3), ("72", 2), ("53", 1)]


def test_training_webinars_and_grades_exchanges_are_counted():
    make_year()
    section = build_section(2021)
    assert (section["training_webinars"], section["grades_exchanges"]) == (6, 5)


def test_meetings_are_counted_per_department():
    make_year()
    by_department = {
        (item["department"].code if item["department"] else None): item["count"]
        for item in build_section(2021)["by_department"]
    }
    assert by_department == {"44": 7, "49": 2, "53": 1, "72": 3, None: 23}


def test_organisations_met_are_counted():
    make_year()
    assert build_section(2021)["by_organisation"] == [{"name": "ADOPS 49", "count": 2}]


def test_highlights_come_with_their_dates_in_order():
    make_year()
    highlights = [(item["date"], item["summary"]) for item in build_section(2021)["highlights"]]
    assert highlights == [
        (datetime.date(2021, 10, 7), "Journée des coordonnateurs des CPTS des Pays de la Loire au Mans"),
        (datetime.date(2021, 10, 15), "Une demi-journée d'immersion au Centre 15"),
    ]


def test_the_chargé_de_mission_and_his_start_date_are_given():
    make_year()
    assert build_section(2021)["staff"] == [
        {
            "name": "Jean CASSARD",
            "job_title": "chargé de mission SAS",
            "start_date": datetime.date(2021, 6, 14),
            "started_this_year": True,
        }
    ]


def test_deployment_statuses_are_those_at_the_end_of_the_year():
    make_year()
    statuses = {entry["department"].code: entry["status"] for entry in build_section(2021)["deployments"]}
    assert statuses == {
        "44": "projet pilote retenu",
        "49": "préparation du déploiement",
        "53": "préparation du déploiement",
        "72": "projet pilote accompagné par l'ARS",
        "85": "préparation du déploiement",
    }


def test_deployment_history_stops_at_the_end_of_the_year():
    make_year()
    (entry,) = [entry for entry in build_section(2021)["deployments"] if entry["department"].code == "44"]
    assert [step["date"] for step in entry["history"]] == [datetime.date(2020, 11, 2), datetime.date(2021, 1, 15)]
    assert len(entry["cpts"]) == 1


def test_indicators_give_the_fill_rate():
    make_year()
    section = build_section(2021)
    (summary,) = section["indicators"]
    assert summary.fill_rate == pytest.approx(330 / 560)
    assert section["indicator_totals"].slots_taken == 330


def test_an_empty_year_builds_an_empty_section():
    section = build_section(2030)
    assert section["meeting_total"] == 0
    assert section["highlights"] == []
    assert section["indicator_totals"] is None


def add_rows(first, last):
    """More of every kind of record the section reads, one batch per day of November from `first` to `last`."""
    departments = {department.code: department for department in DepartmentFactory._meta.model.objects.all()}
    for index in range(first, last + 1):
        day = datetime.date(2021, 11, index)
        for name, code, _ in MEETINGS_2021:
            sas_meeting(name, code, date=day).organisations.add(OrganisationFactory())
        sas_meeting("CPTS", "85", date=day, is_highlight=True, highlight_summary=f"Temps fort {index}")
        member = StaffMemberFactory(start_date=day)
        member.programmes.add(programme("sas"))
        for department in departments.values():
            deployment = department.sas_deployment
            deployment.participating_cpts.add(CPTSFactory(department=department))
            SASDeploymentStatusFactory(deployment=deployment, status=Status.SUSPENDED, date=day)
            SASIndicatorFactory(department=department, period_start=day, period_end=day)
            SASIndicatorFactory(
                department=None, cpts=CPTSFactory(department=department), period_start=day, period_end=day
            )


def test_the_section_query_count_does_not_grow_with_the_records(django_assert_num_queries):
    make_year()
    add_rows(1, 1)
    with CaptureQueriesContext(connection) as few:
        build_section(2021)
    add_rows(2, 6)
    with django_assert_num_queries(len(few.captured_queries)):
        section = build_section(2021)
    assert len(section["highlights"]) == 2 + 6


def test_the_section_renders_figures_and_french_dates():
    make_year()
    html = render_to_string("sas/report_section.html", {"section": build_section(2021)})
    assert "Jean CASSARD" in html
    assert "prise de poste effective au 14 juin 2021" in html
    assert "rencontres – ARS (point de synchronisation)" in " ".join(strip_tags(html).split())
    assert "dans le 44 (3 rencontres), dans le 72 (2 rencontres) et dans le 53 (1 rencontre)." in " ".join(html.split())
    assert "Participation à 6 webinaires de formation." in html
    assert "5 échanges avec le GRADeS." in html
    assert ", le 7 octobre 2021." in html
    assert "projet pilote retenu le 15 janvier 2021" in html
    assert "59\u00a0%" in html
