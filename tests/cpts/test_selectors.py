from datetime import date

import pytest

from cpts.enums import Stage
from cpts.selectors import (
    aci_signed_per_year,
    counts_by_stage,
    coverage_by_stage,
    median_days_between,
    population_stats,
    stage_durations,
)
from cpts.services import move_to_stage
from tests.cpts.factories import CPTSFactory, cpts_with_population, signed_cpts
from tests.factories import CommuneFactory, DepartmentFactory

pytestmark = pytest.mark.django_db


def cpts_at(stage, on=date(2020, 6, 1), **kwargs):
    cpts = CPTSFactory(**kwargs)
    move_to_stage(cpts, stage, on)
    return cpts


def test_counts_by_stage_are_exclusive_and_cumulative_as_the_ars_presents_them():
    for _ in range(5):
        cpts_at(Stage.PRE_PROJECT)
    for _ in range(3):
        cpts_at(Stage.LETTER_OF_INTENT)
    cpts_at(Stage.HEALTH_PROJECT)
    signed_cpts()
    signed_cpts()
    cpts_at(Stage.DORMANT)
    CPTSFactory()  # no stage yet: not counted
    counts = {row.stage: (row.count, row.reached) for row in counts_by_stage()}
    assert counts == {
        Stage.PRE_PROJECT: (5, 11),
        Stage.LETTER_OF_INTENT: (3, 6),
        Stage.HEALTH_PROJECT: (1, 3),
        Stage.ACI_SIGNED: (2, 2),
        Stage.DORMANT: (1, None),
        Stage.ABANDONED: (0, None),
    }
    assert [row.label for row in counts_by_stage()][:2] == ["pré-projet (réflexion)", "lettre d'intention validée"]


def test_counts_by_stage_on_a_past_date():
    cpts = cpts_at(Stage.PRE_PROJECT, on=date(2020, 1, 1))
    move_to_stage(cpts, Stage.LETTER_OF_INTENT, date(2022, 1, 1))
    counts = {row.stage: row.count for row in counts_by_stage(on=date(2021, 12, 31))}
    assert counts[Stage.PRE_PROJECT] == 1
    assert counts[Stage.LETTER_OF_INTENT] == 0


def test_population_stats_of_the_active_cpts():
    for population in (30_000, 88_000, 100_000, 220_000):
        cpts_with_population(population)
    abandoned = cpts_with_population(500_000)
    move_to_stage(abandoned, Stage.ABANDONED, date(2021, 1, 1))
    CPTSFactory()  # territory unknown: not counted
    stats = population_stats()
    assert (stats.count, stats.total, stats.smallest, stats.largest) == (4, 438_000, 30_000, 220_000)
    assert (stats.mean, stats.median) == (109_500, 94_000)
    assert stats.by_size_class == {1: 1, 2: 0, 3: 2, 4: 1}


def test_population_stats_without_any_cpts():
    stats = population_stats()
    assert (stats.count, stats.mean, stats.median, stats.smallest) == (0, None, None, None)


def test_coverage_counts_each_commune_once_and_by_stage(settings):
    settings.REGION_DEPARTMENTS = ["44", "85"]
    a, b = CommuneFactory(population=100_000), CommuneFactory(population=100_000)
    CommuneFactory(population=100_000, department=DepartmentFactory(code="85"))  # not covered
    CommuneFactory(population=500_000, department=DepartmentFactory(code="35"))  # outside the region
    first = cpts_at(Stage.PRE_PROJECT, communes=[a, b])
    move_to_stage(first, Stage.LETTER_OF_INTENT, date(2020, 9, 1))
    cpts_at(Stage.LETTER_OF_INTENT, communes=[b])  # overlaps on b
    signed_cpts(population=100_000)
    coverage = coverage_by_stage()
    assert coverage.region_population == 400_000
    rows = {row.stage: row for row in coverage.stages}
    assert (rows[Stage.LETTER_OF_INTENT].population, rows[Stage.LETTER_OF_INTENT].share_percent) == (200_000, 50.0)
    assert rows[Stage.LETTER_OF_INTENT].cumulative_population == 300_000
    assert rows[Stage.PRE_PROJECT].population == 0
    assert (rows[Stage.ACI_SIGNED].population, rows[Stage.ACI_SIGNED].share_percent) == (100_000, 25.0)
    assert (coverage.covered_population, coverage.covered_share_percent) == (300_000, 75.0)


def test_aci_signed_per_year_with_the_running_total():
    for signed_on in (date(2019, 12, 1), date(2020, 3, 1), date(2020, 11, 19), date(2021, 3, 12)):
        signed_cpts(signed_on=signed_on)
    assert [(row.year, row.count, row.cumulative) for row in aci_signed_per_year()] == [
        (2019, 1, 1),
        (2020, 2, 3),
        (2021, 1, 4),
    ]


def test_median_time_between_two_stages():
    for days in (100, 200, 600):
        cpts = cpts_at(Stage.LETTER_OF_INTENT, on=date(2020, 1, 1))
        move_to_stage(cpts, Stage.HEALTH_PROJECT, date.fromordinal(date(2020, 1, 1).toordinal() + days))
    cpts_at(Stage.LETTER_OF_INTENT)  # has not reached the next stage: not counted
    duration = median_days_between(Stage.LETTER_OF_INTENT, Stage.HEALTH_PROJECT)
    assert (duration.count, duration.median_days) == (3, 200)
    assert duration.median_months == 6.6


def test_stage_durations_cover_each_transition_and_the_whole_path():
    cpts = cpts_at(Stage.PRE_PROJECT, on=date(2019, 1, 1), communes=[CommuneFactory(population=50_000)])
    move_to_stage(cpts, Stage.HEALTH_PROJECT, date(2020, 1, 1))
    durations = {(d.from_stage, d.to_stage): d.median_days for d in stage_durations()}
    assert durations == {
        (Stage.PRE_PROJECT, Stage.LETTER_OF_INTENT): None,
        (Stage.LETTER_OF_INTENT, Stage.HEALTH_PROJECT): None,
        (Stage.HEALTH_PROJECT, Stage.ACI_SIGNED): None,
        (Stage.PRE_PROJECT, Stage.ACI_SIGNED): None,
    }


def test_current_contacts_are_split_into_coordinators_and_others(db):
    import datetime

    from cpts.enums import ContactRole
    from cpts.selectors import contacts_by_period
    from tests.cpts.factories import ContactFactory, CPTSFactory

    cpts = CPTSFactory()
    coordinator = ContactFactory(cpts=cpts, role=ContactRole.COORDINATOR, start_date=datetime.date(2021, 1, 1))
    president = ContactFactory(cpts=cpts, role=ContactRole.PRESIDENT, start_date=datetime.date(2021, 1, 1))
    ContactFactory(
        cpts=cpts, role=ContactRole.TREASURER, start_date=datetime.date(2019, 1, 1), end_date=datetime.date(2020, 1, 1)
    )

    contacts = contacts_by_period(cpts, today=datetime.date(2021, 6, 1))

    assert contacts.coordinators == [coordinator]
    assert contacts.others == [president]
    assert len(contacts.past) == 1
