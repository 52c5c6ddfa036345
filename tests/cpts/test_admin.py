"""What the CPTS admin adds (every admin page opening is tested once, in tests/test_admin.py)."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from cpts.enums import PaymentKind, Stage
from cpts.services import complete_step, move_to_stage, record_payment
from tests.cpts.factories import AdhesionFactory, ContactFactory, CPTSFactory, signed_cpts, step

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    cpts = signed_cpts(name="CPTS du Grand Saumurois", signed_on=date(2021, 3, 12))
    complete_step(cpts, step(1), date(2019, 1, 1))
    ContactFactory(cpts=cpts)
    AdhesionFactory(cpts=cpts)
    record_payment(cpts.aci, 2021, PaymentKind.FUNCTIONING, planned=Decimal("50000"))
    return cpts


def test_the_cpts_changelist_shows_the_computed_columns(admin_client_, data):
    response = admin_client_.get(reverse("admin:cpts_cpts_changelist"))
    content = response.content.decode().replace("\u202f", " ").replace("\xa0", " ")
    assert "CPTS du Grand Saumurois" in content
    assert '<td class="field-population">90 000</td>' in content
    assert '<td class="field-current_stage">ACI signé</td>' in content


def test_the_cpts_changelist_filters_by_current_stage(admin_client_, data):
    move_to_stage(CPTSFactory(name="CPTS du Choletais"), Stage.LETTER_OF_INTENT, date(2021, 5, 1))
    response = admin_client_.get(reverse("admin:cpts_cpts_changelist"), {"etape": Stage.LETTER_OF_INTENT})
    assert [cpts.name for cpts in response.context["cl"].result_list] == ["CPTS du Choletais"]


@pytest.mark.parametrize("count", [3, 30])
def test_the_cpts_changelist_takes_a_constant_number_of_queries(admin_client_, count, django_assert_num_queries):
    for _ in range(count):
        move_to_stage(CPTSFactory(), Stage.PRE_PROJECT, date(2020, 1, 1))
    admin_client_.get(reverse("admin:cpts_cpts_changelist"))  # warm the session and content types
    with django_assert_num_queries(7):
        admin_client_.get(reverse("admin:cpts_cpts_changelist"))


def test_the_cpts_import_page_opens(admin_client_):
    response = admin_client_.get(reverse("admin:cpts_cpts_import"))
    assert response.status_code == 200
