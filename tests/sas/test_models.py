import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sas import services
from sas.models import SASDeploymentStatus, SASIndicator
from tests.factories import DepartmentFactory
from tests.sas.factories import CPTSFactory, SASDeploymentFactory, SASDeploymentStatusFactory, SASIndicatorFactory

Status = SASDeploymentStatus.Status
pytestmark = pytest.mark.django_db


def test_fill_rate_is_slots_taken_over_slots_offered():
    indicator = SASIndicatorFactory.build(slots_offered=100, slots_taken=59)
    assert indicator.fill_rate == pytest.approx(0.59)


def test_fill_rate_is_none_when_no_slot_was_offered():
    assert SASIndicatorFactory.build(slots_offered=0, slots_taken=0).fill_rate is None


def test_slots_per_day_divides_by_the_days_of_the_period():
    indicator = SASIndicatorFactory.build(
        period_start=datetime.date(2021, 7, 1), period_end=datetime.date(2021, 7, 31), slots_offered=620
    )
    assert indicator.slots_offered_per_day == 20


def test_fill_rate_annotation_matches_the_property():
    SASIndicatorFactory(slots_offered=200, slots_taken=118)
    SASIndicatorFactory(department=DepartmentFactory(code="72"), slots_offered=0, slots_taken=0)
    rates = sorted(SASIndicator.objects.with_fill_rate().values_list("fill_rate_value", flat=True), key=str)
    assert rates[0] == pytest.approx(0.59)
    assert rates[1] is None


def test_more_slots_taken_than_offered_is_refused_in_french():
    indicator = SASIndicatorFactory.build(department=DepartmentFactory(), slots_offered=10, slots_taken=11)
    with pytest.raises(ValidationError) as error:
        indicator.full_clean()
    assert "plus de créneaux pris (11) que de créneaux proposés (10)" in error.value.message_dict["slots_taken"][0]


def test_the_database_refuses_more_slots_taken_than_offered():
    with pytest.raises(IntegrityError), transaction.atomic():
        SASIndicatorFactory(slots_offered=10, slots_taken=11)


def test_an_indicator_needs_a_department_or_a_cpts():
    indicator = SASIndicatorFactory.build(department=None, cpts=None)
    with pytest.raises(ValidationError) as error:
        indicator.full_clean()
    assert error.value.message_dict["department"] == ["Choisissez le département ou la CPTS concerné(e)."]


def test_an_indicator_cannot_be_for_a_department_and_a_cpts():
    cpts = CPTSFactory()
    indicator = SASIndicatorFactory.build(department=cpts.department, cpts=cpts)
    with pytest.raises(ValidationError) as error:
        indicator.full_clean()
    assert "pas les deux" in error.value.message_dict["cpts"][0]


def test_a_period_cannot_end_before_it_starts():
    indicator = SASIndicatorFactory.build(
        department=DepartmentFactory(), period_start=datetime.date(2021, 7, 31), period_end=datetime.date(2021, 7, 1)
    )
    with pytest.raises(ValidationError) as error:
        indicator.full_clean()
    assert error.value.message_dict["period_end"] == ["La fin de période précède son début."]


def test_a_department_has_one_row_per_period():
    first = SASIndicatorFactory()
    duplicate = SASIndicatorFactory.build(department=first.department)
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "Des indicateurs existent déjà pour ce département et cette période." in error.value.messages


def test_indicators_of_a_department_include_those_of_its_cpts():
    loire_atlantique = DepartmentFactory(code="44")
    own = SASIndicatorFactory(department=loire_atlantique)
    of_cpts = SASIndicatorFactory(department=None, cpts=CPTSFactory(department=loire_atlantique))
    SASIndicatorFactory(department=DepartmentFactory(code="72"))
    assert set(SASIndicator.objects.in_department(loire_atlantique)) == {own, of_cpts}


def test_current_status_is_the_latest_dated_one():
    deployment = SASDeploymentFactory()
    services.record_status(deployment, status=Status.PROPOSED, date=datetime.date(2020, 11, 2))
    services.record_status(deployment, status=Status.PILOT_SELECTED, date=datetime.date(2021, 1, 15))
    assert deployment.current_status.status == Status.PILOT_SELECTED


def test_history_lists_statuses_in_date_order():
    deployment = SASDeploymentFactory()
    SASDeploymentStatusFactory(deployment=deployment, status=Status.OPERATIONAL, date=datetime.date(2022, 6, 1))
    SASDeploymentStatusFactory(deployment=deployment, status=Status.PREPARATION, date=datetime.date(2021, 3, 1))
    assert [status.status for status in deployment.history] == [Status.PREPARATION, Status.OPERATIONAL]


def test_status_on_a_day_is_the_last_one_dated_up_to_that_day():
    deployment = SASDeploymentFactory()
    SASDeploymentStatusFactory(deployment=deployment, status=Status.PREPARATION, date=datetime.date(2021, 3, 1))
    SASDeploymentStatusFactory(deployment=deployment, status=Status.OPERATIONAL, date=datetime.date(2022, 6, 1))
    assert deployment.status_on(datetime.date(2021, 12, 31)).status == Status.PREPARATION
    assert deployment.status_on(datetime.date(2021, 2, 28)) is None


def test_statuses_of_the_same_day_keep_the_order_they_were_recorded_in():
    deployment = SASDeploymentFactory()
    day = datetime.date(2021, 3, 1)
    services.record_status(deployment, status=Status.PILOT_SELECTED, date=day)
    services.record_status(deployment, status=Status.PILOT_SUPPORTED, date=day)
    assert deployment.current_status.status == Status.PILOT_SUPPORTED


def test_a_status_cannot_be_dated_before_the_current_one():
    deployment = SASDeploymentFactory()
    services.record_status(deployment, status=Status.PILOT_SELECTED, date=datetime.date(2021, 3, 1))
    with pytest.raises(ValidationError) as error:
        services.record_status(deployment, status=Status.OPERATIONAL, date=datetime.date(2021, 2, 1))
    assert "ne peut pas être daté d'avant" in error.value.message_dict["date"][0]
    assert deployment.statuses.count() == 1


def test_an_edited_status_cannot_move_after_the_next_one():
    deployment = SASDeploymentFactory()
    first = services.record_status(deployment, status=Status.PREPARATION, date=datetime.date(2021, 3, 1))
    services.record_status(deployment, status=Status.OPERATIONAL, date=datetime.date(2021, 9, 1))
    first.date = datetime.date(2021, 10, 1)
    with pytest.raises(ValidationError) as error:
        first.full_clean()
    assert "ne peut pas être daté d'après" in error.value.message_dict["date"][0]


def test_the_same_status_cannot_be_recorded_twice_on_the_same_day():
    deployment = SASDeploymentFactory()
    services.record_status(deployment, status=Status.PREPARATION, date=datetime.date(2021, 3, 1))
    with pytest.raises(ValidationError) as error:
        services.record_status(deployment, status=Status.PREPARATION, date=datetime.date(2021, 3, 1))
    assert "Ce statut est déjà enregistré à cette date." in error.value.messages


def test_a_deployment_reads_as_its_department():
    assert str(SASDeploymentFactory(department=DepartmentFactory(code="44"))) == "SAS Loire-Atlantique (44)"
