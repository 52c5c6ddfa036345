from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cpts.enums import ContactRole, Employer
from cpts.models import CPTS, AccompanimentStep, Contact
from cpts.selectors import adhesion_history, next_step
from cpts.services import complete_step
from tests.cpts.factories import AdhesionFactory, ContactFactory, CPTSFactory, step

pytestmark = pytest.mark.django_db


def test_the_migration_creates_the_ten_steps_of_the_method_in_order():
    steps = list(AccompanimentStep.objects.values_list("order", "name"))
    assert [order for order, _ in steps] == list(range(1, 11))
    assert steps[0][1] == "Identification d'une demande spontanée"
    assert steps[-1][1] == "Validation en plénière"


def test_the_next_step_of_a_new_cpts_is_the_first_one():
    assert next_step(CPTSFactory()) == step(1)


def test_the_next_step_is_the_first_step_not_completed():
    cpts = CPTSFactory()
    complete_step(cpts, step(1), date(2018, 5, 1))
    complete_step(cpts, step(2), date(2018, 6, 1))
    complete_step(cpts, step(4), date(2018, 9, 1))
    assert next_step(cpts) == step(3)
    annotated = CPTS.objects.with_accompaniment_progress().get(pk=cpts.pk)
    assert annotated.completed_step_count == 3
    assert (annotated.next_step_order, annotated.next_step_name) == (3, "Faisabilité et choix du territoire")


def test_a_cpts_that_completed_every_step_has_no_next_step():
    cpts = CPTSFactory()
    for order in range(1, 11):
        complete_step(cpts, step(order), date(2019, 1, order))
    assert next_step(cpts) is None
    assert CPTS.objects.with_accompaniment_progress().get(pk=cpts.pk).next_step_name is None


def test_a_step_is_completed_once_per_cpts():
    cpts = CPTSFactory()
    complete_step(cpts, step(1), date(2018, 5, 1))
    with pytest.raises(ValidationError) as error:
        complete_step(cpts, step(1), date(2018, 6, 1))
    assert error.value.messages == ["Cette étape est déjà franchie pour cette CPTS."]


def test_the_adhesion_rate_is_members_over_professionals():
    assert AdhesionFactory.build(professional_count=600, member_count=120).rate == Decimal("20.0")


def test_the_adhesion_trend_compares_the_latest_two_counts():
    cpts = CPTSFactory()
    AdhesionFactory(cpts=cpts, date=date(2020, 1, 1), professional_count=600, member_count=120)
    AdhesionFactory(cpts=cpts, date=date(2021, 1, 1), professional_count=600, member_count=150)
    annotated = CPTS.objects.with_adhesion().get(pk=cpts.pk)
    assert (annotated.member_count, annotated.professional_count) == (150, 600)
    assert annotated.adhesion_rate == pytest.approx(25.0)
    assert annotated.adhesion_trend == pytest.approx(5.0)
    assert [(point.rate, point.change) for point in adhesion_history(cpts)] == [
        (Decimal("20.0"), None),
        (Decimal("25.0"), Decimal("5.0")),
    ]


def test_a_cpts_without_adhesion_count_has_no_rate():
    annotated = CPTS.objects.with_adhesion().get(pk=CPTSFactory().pk)
    assert annotated.adhesion_rate is None
    assert annotated.adhesion_trend is None


def test_members_cannot_outnumber_the_professionals_of_the_territory():
    adhesion = AdhesionFactory.build(cpts=CPTSFactory(), professional_count=100, member_count=101)
    with pytest.raises(ValidationError) as error:
        adhesion.full_clean()
    assert "plus d'adhérents que de professionnels" in str(error.value)


def test_current_contacts_are_those_whose_role_covers_the_date():
    cpts = CPTSFactory()
    former = ContactFactory(cpts=cpts, start_date=date(2019, 1, 1), end_date=date(2020, 12, 31))
    current = ContactFactory(cpts=cpts, start_date=date(2021, 1, 1))
    assert list(Contact.objects.current(on=date(2021, 6, 1))) == [current]
    assert list(Contact.objects.current(on=date(2020, 6, 1))) == [former]


def test_a_coordinator_may_be_employed_by_the_employers_group():
    contact = ContactFactory.build(
        cpts=CPTSFactory(),
        person=ContactFactory().person,
        role=ContactRole.COORDINATOR,
        employer=Employer.EMPLOYERS_GROUP,
    )
    contact.full_clean()


def test_an_elected_role_has_no_employer():
    contact = ContactFactory.build(
        cpts=CPTSFactory(), person=ContactFactory().person, role=ContactRole.PRESIDENT, employer=Employer.CPTS
    )
    with pytest.raises(ValidationError) as error:
        contact.full_clean()
    assert "employer" in error.value.message_dict


def test_a_role_cannot_end_before_it_starts():
    contact = ContactFactory.build(
        cpts=CPTSFactory(), person=ContactFactory().person, start_date=date(2021, 1, 1), end_date=date(2020, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        contact.full_clean()
    assert error.value.message_dict["end_date"] == ["La fin précède le début."]
