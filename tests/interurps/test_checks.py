"""The region's system check: the loaded communes must be those of REGION_DEPARTMENTS."""

from interurps.checks import EMPTY, MISMATCH, check_region_communes
from tests.factories import CommuneFactory, DepartmentFactory


def ids(messages):
    return [message.id for message in messages]


def test_communes_of_the_configured_departments_pass(db, settings):
    settings.REGION_DEPARTMENTS = ["44"]
    CommuneFactory()
    assert check_region_communes() == []


def test_no_commune_at_all_is_a_warning_that_names_load_communes(db):
    messages = check_region_communes()
    assert ids(messages) == [EMPTY]
    assert "load_communes" in messages[0].hint


def test_a_department_without_communes_is_an_error(db, settings):
    settings.REGION_DEPARTMENTS = ["44", "49"]
    CommuneFactory()
    [message] = check_region_communes()
    assert message.id == MISMATCH
    assert "département(s) de REGION_DEPARTMENTS sans aucune commune : 49" in message.msg


def test_communes_of_another_region_are_an_error(db, settings):
    settings.REGION_DEPARTMENTS = ["22", "29", "35", "56"]
    settings.REGION_NAME = "Bretagne"
    CommuneFactory()
    CommuneFactory()
    [message] = check_region_communes()
    assert message.id == MISMATCH
    assert "région configurée (Bretagne, départements 22, 29, 35, 56)" in message.msg
    assert "2 commune(s) hors de REGION_DEPARTMENTS (départements 44)" in message.msg


def test_a_commune_outside_the_departments_is_an_error_even_when_all_have_communes(db, settings):
    settings.REGION_DEPARTMENTS = ["44"]
    CommuneFactory()
    CommuneFactory(insee_code="35238", department=DepartmentFactory(code="35"))
    assert ids(check_region_communes()) == [MISMATCH]
