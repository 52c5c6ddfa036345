"""The ARS figure: the share of the population covered by operational CPTS, by department and for the region."""

from datetime import date

import pytest

from cpts import selectors
from cpts.enums import Stage
from cpts.map import build_map
from cpts.services import move_to_stage, sign_aci
from tests.cpts.factories import CPTSFactory
from tests.factories import CommuneFactory, DepartmentFactory

pytestmark = pytest.mark.django_db


def cpts_at(stage, communes, on=date(2020, 6, 1)):
    cpts = CPTSFactory(communes=communes)
    if stage == Stage.ACI_SIGNED:
        sign_aci(cpts, on, ())
    else:
        move_to_stage(cpts, stage, on)
    return cpts


@pytest.fixture
def region(settings):
    settings.REGION_DEPARTMENTS = ["44", "49"]
    settings.REGION_NAME = "Région test"
    loire = DepartmentFactory(code="44")
    maine = DepartmentFactory(code="49")
    return {
        "signed": CommuneFactory(population=6000, department=loire),
        "validated": CommuneFactory(population=2000, department=loire),
        "letter": CommuneFactory(population=2000, department=loire),
        "maine": CommuneFactory(population=10_000, department=maine),
    }


def test_the_region_share_adds_aci_signed_and_validated_health_projects(region):
    cpts_at(Stage.ACI_SIGNED, [region["signed"]])
    cpts_at(Stage.HEALTH_PROJECT, [region["validated"]])
    cpts_at(Stage.LETTER_OF_INTENT, [region["letter"]])
    coverage = selectors.operational_coverage(on=date(2021, 12, 31)).region
    assert coverage.population == 20_000
    assert coverage.operational_share_percent == 40.0
    assert [share for _, _, share in coverage.stage_shares] == [30.0, 10.0]
    assert coverage.any_stage_share_percent == 50.0


def test_each_department_has_its_own_share(region):
    cpts_at(Stage.ACI_SIGNED, [region["signed"]])
    departments = selectors.operational_coverage(on=date(2021, 12, 31)).departments
    assert [(area.code, area.operational_share_percent) for area in departments] == [("44", 60.0), ("49", 0.0)]


def test_a_commune_claimed_by_two_cpts_counts_once_at_the_most_advanced_stage(region):
    cpts_at(Stage.HEALTH_PROJECT, [region["signed"]])
    cpts_at(Stage.ACI_SIGNED, [region["signed"]])
    coverage = selectors.operational_coverage(on=date(2021, 12, 31)).region
    assert [share for _, _, share in coverage.stage_shares] == [30.0, 0.0]


def test_the_share_is_computed_at_the_date_asked(region):
    cpts = cpts_at(Stage.HEALTH_PROJECT, [region["signed"]], on=date(2020, 1, 1))
    sign_aci(cpts, date(2022, 3, 1), ())
    before = selectors.operational_coverage(on=date(2021, 12, 31)).region
    after = selectors.operational_coverage(on=date(2022, 12, 31)).region
    assert [share for _, _, share in before.stage_shares] == [0.0, 30.0]
    assert [share for _, _, share in after.stage_shares] == [30.0, 0.0]


def test_dormant_cpts_are_not_operational(region):
    cpts = cpts_at(Stage.ACI_SIGNED, [region["signed"]])
    move_to_stage(cpts, Stage.DORMANT, date(2021, 1, 1))
    assert selectors.operational_coverage(on=date(2021, 12, 31)).region.operational_share_percent == 0.0


def test_a_department_without_communes_is_listed_without_population(settings, region):
    settings.REGION_DEPARTMENTS = ["44", "49", "53"]
    departments = selectors.operational_coverage(on=date(2021, 12, 31)).departments
    assert [(area.code, area.population, area.operational_share_percent) for area in departments][-1] == (
        "53",
        0,
        None,
    )


def test_the_map_legend_gives_the_operational_share(region):
    cpts_at(Stage.ACI_SIGNED, [region["signed"]])
    cpts_at(Stage.HEALTH_PROJECT, [region["validated"]])
    coverage = selectors.operational_coverage(on=date(2021, 12, 31)).region
    svg = str(build_map(on=date(2021, 12, 31), operational=coverage).svg)
    assert "CPTS opérationnelles : 40,0 % des habitants" in svg
    assert "(30,0 % ACI signé + 10,0 % projet validé)" in svg


def test_the_operational_coverage_costs_three_queries(region, django_assert_num_queries):
    for commune in region.values():
        cpts_at(Stage.ACI_SIGNED, [commune])
    with django_assert_num_queries(3):
        selectors.operational_coverage(on=date(2021, 12, 31))
