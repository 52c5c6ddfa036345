from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cpts.enums import Mission, PaymentKind
from cpts.selectors import payments_by_cpts, payments_by_year, region_payments
from cpts.services import record_payment
from tests.cpts.factories import signed_cpts

pytestmark = pytest.mark.django_db


def test_an_aci_has_five_anniversaries_and_ends_after_five_years():
    contract = signed_cpts(signed_on=date(2021, 3, 12)).aci
    assert contract.anniversaries() == [date(year, 3, 12) for year in range(2022, 2027)]
    assert contract.end_date == date(2026, 3, 12)


def test_the_anniversary_of_a_contract_signed_on_29_february_is_28_february():
    contract = signed_cpts(signed_on=date(2020, 2, 29)).aci
    assert contract.anniversaries()[0] == date(2021, 2, 28)
    assert contract.anniversaries()[3] == date(2024, 2, 29)


def test_the_next_anniversary_follows_the_given_day():
    contract = signed_cpts(signed_on=date(2021, 3, 12)).aci
    assert contract.next_anniversary(today=date(2022, 3, 13)) == date(2023, 3, 12)
    assert contract.next_anniversary(today=date(2027, 1, 1)) is None


def test_socle_missions_have_start_and_deployment_deadlines():
    contract = signed_cpts(signed_on=date(2021, 3, 31)).aci
    access = contract.missions.get(mission=Mission.ACCESS)
    assert (access.start_deadline, access.deployment_deadline) == (date(2021, 9, 30), date(2022, 9, 30))
    prevention = contract.missions.get(mission=Mission.PREVENTION)
    assert prevention.start_deadline == date(2022, 3, 31)


def test_record_payment_creates_then_updates_the_line():
    contract = signed_cpts(signed_on=date(2020, 6, 1)).aci
    record_payment(contract, 2020, PaymentKind.FUNCTIONING, planned=Decimal("50000"))
    payment = record_payment(contract, 2020, PaymentKind.FUNCTIONING, paid=Decimal("37500"), paid_on=date(2020, 7, 1))
    assert (payment.planned_amount, payment.paid_amount) == (Decimal("50000"), Decimal("37500"))
    assert contract.payments.count() == 1


def test_a_payment_amount_cannot_be_negative():
    contract = signed_cpts().aci
    with pytest.raises(ValidationError) as error:
        record_payment(contract, 2020, PaymentKind.FUNCTIONING, planned=Decimal("-1"))
    assert "Les montants sont positifs ou nuls." in error.value.messages


def test_a_mission_part_needs_a_mission_of_the_contract():
    contract = signed_cpts().aci
    with pytest.raises(ValidationError) as error:
        record_payment(contract, 2020, PaymentKind.FIXED, planned=Decimal("1000"))
    assert error.value.message_dict["mission"] == ["Indiquez la mission de cette part fixe ou variable."]
    with pytest.raises(ValidationError) as error:
        record_payment(contract, 2020, PaymentKind.FIXED, Mission.QUALITY, planned=Decimal("1000"))
    assert error.value.message_dict["mission"] == [
        "La mission « qualité et pertinence des soins » ne figure pas au contrat."
    ]


def test_a_payment_cannot_precede_the_signature_year():
    contract = signed_cpts(signed_on=date(2021, 3, 12)).aci
    with pytest.raises(ValidationError) as error:
        record_payment(contract, 2020, PaymentKind.FUNCTIONING, planned=Decimal("1000"))
    assert error.value.message_dict["year"] == ["L'ACI n'a été signé qu'en 2021."]


def pay(contract, year, kind, amount, mission="", planned=None):
    return record_payment(contract, year, kind, mission, planned=planned or amount, paid=Decimal(amount))


def test_payment_totals_per_cpts_per_year_and_for_the_region():
    first = signed_cpts(name="CPTS Littoral Vendéen", signed_on=date(2020, 11, 19)).aci
    second = signed_cpts(name="CPTS du Maine", signed_on=date(2020, 3, 1)).aci
    pay(first, 2020, PaymentKind.FUNCTIONING, "50000")
    pay(first, 2020, PaymentKind.FIXED, "10000", Mission.ACCESS)
    pay(second, 2020, PaymentKind.FUNCTIONING, "40000")
    pay(second, 2021, PaymentKind.VARIABLE, "5000", Mission.PREVENTION, planned=Decimal("8000"))

    assert {row["cpts_name"]: (row["planned"], row["paid"]) for row in payments_by_cpts()} == {
        "CPTS du Maine": (Decimal("48000"), Decimal("45000")),
        "CPTS Littoral Vendéen": (Decimal("60000"), Decimal("60000")),
    }
    assert [row["cpts_id"] for row in payments_by_cpts(2021)] == [second.cpts_id]
    assert [(row["year"], row["paid"], row["contract_count"]) for row in payments_by_year()] == [
        (2020, Decimal("100000"), 2),
        (2021, Decimal("5000"), 1),
    ]
    assert region_payments(2020) == {"planned": Decimal("100000"), "paid": Decimal("100000"), "contract_count": 2}
    assert region_payments()["paid"] == Decimal("105000")


def test_region_payments_without_any_payment_are_zero():
    assert region_payments(2020) == {"planned": Decimal(0), "paid": Decimal(0), "contract_count": 0}
