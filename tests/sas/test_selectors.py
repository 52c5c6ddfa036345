import datetime

import pytest

from sas import selectors
from sas.models import SASDeploymentStatus
from tests.factories import DepartmentFactory, OrganisationFactory, StaffMemberFactory, programme, rename_category
from tests.sas.factories import (
    CPTSFactory,
    SASDeploymentFactory,
    SASDeploymentStatusFactory,
    SASIndicatorFactory,
    sas_meeting,
)

pytestmark = pytest.mark.django_db


def counts_by_category(counts):
    return {row.label: row.count for row in counts.all_rows if row.count}


def test_meetings_are_counted_per_category_for_the_year():
    for _ in range(3):
        sas_meeting("Interne")
    sas_meeting("ARS (point de synchronisation)")
    sas_meeting("ARS (point de synchronisation)")
    counts = selectors.meeting_counts(2021)
    assert counts_by_category(counts) == {"Interne": 3, "ARS (point de synchronisation)": 2}
    assert counts.total == 5


def test_meetings_of_other_years_are_not_counted():
    sas_meeting("Interne", date=datetime.date(2020, 12, 31))
    sas_meeting("Interne", date=datetime.date(2022, 1, 1))
    sas_meeting("Interne", date=datetime.date(2021, 12, 31))
    assert selectors.meeting_counts(2021).count("internal") == 1


def test_meetings_of_other_programmes_are_not_counted():
    sas_meeting("Quintet", programmes=("cpts",))
    sas_meeting("GRADeS")
    assert selectors.meeting_counts(2021).total == 1


def test_a_meeting_of_sas_and_another_programme_counts_once():
    sas_meeting("GRADeS", programmes=("sas", "cpts"))
    counts = selectors.meeting_counts(2021)
    assert counts.total == 1
    assert counts.count("grades") == 1


def test_a_sas_meeting_in_another_programmes_category_counts_as_other():
    sas_meeting("Séminaire", programmes=("association", "sas"))
    counts = selectors.meeting_counts(2021)
    assert counts.other.count == 1
    assert counts_by_category(counts) == {"Autre ou sans catégorie SAS": 1}


def test_categories_without_meetings_are_listed_with_zero():
    counts = selectors.meeting_counts(2021)
    assert counts.row("sas_paediatrics").count == 0
    assert "Associations d'effecteurs (ADOPS…)" in [row.label for row in counts.rows]


def test_meetings_are_counted_per_department_of_the_region():
    for code in ["44", "49", "53", "72", "85"]:
        DepartmentFactory(code=code)
    sas_meeting("Instance SAS départementale", "44")
    sas_meeting("Instance SAS départementale", "44")
    sas_meeting("Interne", "72")
    sas_meeting("Interne")
    by_department = {
        (department.code if department else None): count
        for department, count in selectors.meeting_counts(2021).by_department
    }
    assert by_department == {"44": 2, "49": 0, "53": 0, "72": 1, "85": 0, None: 1}


def test_a_department_outside_the_region_gets_its_own_column():
    sas_meeting("Interne", "75")
    codes = [department.code for department in selectors.meeting_counts(2021).departments]
    assert "75" in codes


def test_departmental_instances_are_listed_where_they_took_place_largest_first():
    for code, number in [("72", 6), ("44", 9), ("53", 1)]:
        for _ in range(number):
            sas_meeting("Instance SAS départementale", code)
    sas_meeting("Interne", "85")
    instances = selectors.meeting_counts(2021).departments_of(selectors.CategoryCode.DEPARTMENTAL_INSTANCE)
    assert [(department.code, count) for department, count in instances] == [("44", 9), ("72", 6), ("53", 1)]


def test_renaming_the_departmental_instance_category_keeps_its_count_under_the_new_name():
    sas_meeting("Instance SAS départementale", "44")
    sas_meeting("Instance SAS départementale", "44")
    rename_category("sas", "departmental_instance", "Comité départemental du SAS")
    counts = selectors.meeting_counts(2021)
    assert counts.count(selectors.CategoryCode.DEPARTMENTAL_INSTANCE) == 2
    assert counts_by_category(counts) == {"Comité départemental du SAS": 2}


def test_organisations_are_counted_over_the_years_sas_meetings():
    adops = OrganisationFactory(name="ADOPS 49")
    ars = OrganisationFactory(name="ARS Pays de la Loire")
    for _ in range(3):
        sas_meeting("Associations d'effecteurs (ADOPS…)").organisations.add(adops)
    sas_meeting("ARS (point de synchronisation)").organisations.add(ars, adops)
    sas_meeting("Quintet", programmes=("cpts",)).organisations.add(ars)
    counted = [(organisation.name, organisation.meeting_count) for organisation in selectors.organisation_counts(2021)]
    assert counted == [("ADOPS 49", 4), ("ARS Pays de la Loire", 1)]


def test_highlights_are_the_years_flagged_sas_meetings_in_date_order():
    sas_meeting("CPTS", date=datetime.date(2021, 10, 15), is_highlight=True, highlight_summary="Immersion au Centre 15")
    sas_meeting("CPTS", date=datetime.date(2021, 10, 7), is_highlight=True, highlight_summary="Journée des coordos")
    sas_meeting("CPTS", date=datetime.date(2021, 10, 8))
    sas_meeting("Quintet", programmes=("cpts",), is_highlight=True, highlight_summary="Autre programme")
    sas_meeting("CPTS", date=datetime.date(2020, 10, 8), is_highlight=True, highlight_summary="Autre année")
    summaries = [meeting.highlight_summary for meeting in selectors.highlights(2021)]
    assert summaries == ["Journée des coordos", "Immersion au Centre 15"]


def test_programme_staff_are_those_on_the_sas_during_the_year():
    here = StaffMemberFactory(job_title="chargé de mission SAS", start_date=datetime.date(2021, 6, 14))
    gone = StaffMemberFactory(start_date=datetime.date(2019, 1, 1), end_date=datetime.date(2020, 12, 31))
    later = StaffMemberFactory(start_date=datetime.date(2022, 1, 3))
    elsewhere = StaffMemberFactory(start_date=datetime.date(2021, 1, 1))
    for member in (here, gone, later):
        member.programmes.add(programme("sas"))
    elsewhere.programmes.add(programme("cpts"))
    assert selectors.programme_staff(2021) == [here]


def test_deployments_list_every_department_of_the_region():
    SASDeploymentStatusFactory(deployment=SASDeploymentFactory(department=DepartmentFactory(code="44")))
    DepartmentFactory(code="85")
    entries = {entry.department.code: entry for entry in selectors.deployments_on(datetime.date(2021, 12, 31))}
    assert entries["44"].status.status == SASDeploymentStatus.Status.PREPARATION
    assert entries["85"].deployment is None


def test_deployments_give_the_status_in_force_on_the_day():
    deployment = SASDeploymentFactory(department=DepartmentFactory(code="72"))
    SASDeploymentStatusFactory(
        deployment=deployment, status=SASDeploymentStatus.Status.PILOT_SUPPORTED, date=datetime.date(2021, 2, 1)
    )
    SASDeploymentStatusFactory(
        deployment=deployment, status=SASDeploymentStatus.Status.OPERATIONAL, date=datetime.date(2022, 6, 1)
    )
    entry = next(e for e in selectors.deployments_on(datetime.date(2021, 12, 31)) if e.department.code == "72")
    assert entry.status.status == SASDeploymentStatus.Status.PILOT_SUPPORTED
    assert len(entry.history) == 1


def test_indicator_summary_adds_slots_and_keeps_the_latest_headcounts():
    department = DepartmentFactory(code="85")
    SASIndicatorFactory(
        department=department,
        period_start=datetime.date(2021, 7, 1),
        period_end=datetime.date(2021, 7, 31),
        registered_providers=30,
        slots_offered=620,
        slots_taken=310,
    )
    SASIndicatorFactory(
        department=department,
        period_start=datetime.date(2021, 8, 1),
        period_end=datetime.date(2021, 8, 31),
        registered_providers=35,
        slots_offered=620,
        slots_taken=422,
    )
    SASIndicatorFactory(
        department=department, period_start=datetime.date(2020, 7, 1), period_end=datetime.date(2020, 7, 31)
    )
    (summary,) = selectors.indicator_summaries(2021)
    assert (summary.slots_offered, summary.slots_taken, summary.registered_providers) == (1240, 732, 35)
    assert summary.slots_offered_per_day == 20
    assert summary.fill_rate == pytest.approx(0.59, abs=0.001)


def test_region_totals_count_departments_not_their_cpts_twice():
    loire_atlantique = DepartmentFactory(code="44")
    SASIndicatorFactory(department=loire_atlantique, slots_offered=100, slots_taken=50)
    SASIndicatorFactory(department=DepartmentFactory(code="72"), slots_offered=100, slots_taken=70)
    SASIndicatorFactory(
        department=None, cpts=CPTSFactory(department=loire_atlantique), slots_offered=40, slots_taken=40
    )
    summaries = selectors.indicator_summaries(2021)
    totals = selectors.region_indicator_totals(summaries)
    assert [summary.is_cpts for summary in summaries] == [False, False, True]
    assert (totals.slots_offered, totals.slots_taken) == (200, 120)
    assert totals.fill_rate == pytest.approx(0.6)
