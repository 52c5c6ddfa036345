"""The Django admin pages of PACTE open for the administrator (change pages need objects: made here)."""

import pytest
from django.urls import reverse

from tests.factories import AdminUserFactory
from tests.pacte.factories import (
    AttendanceFactory,
    CohortFactory,
    LearnerFactory,
    ModuleFactory,
    RelayTrainerFactory,
    SessionFactory,
)

FACTORIES = [AttendanceFactory, CohortFactory, LearnerFactory, ModuleFactory, RelayTrainerFactory, SessionFactory]


@pytest.fixture
def administrator_client(client, db):
    client.force_login(AdminUserFactory())
    return client


def admin_url(model, page, *args):
    return reverse(f"admin:pacte_{model._meta.model_name}_{page}", args=args)


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda factory: factory._meta.model.__name__)
def test_change_page_opens_for_the_administrator(administrator_client, factory):
    obj = factory()
    response = administrator_client.get(admin_url(type(obj), "change", obj.pk))
    assert response.status_code == 200
    assert str(obj) in response.content.decode()


@pytest.mark.parametrize("factory", [LearnerFactory, AttendanceFactory], ids=["learner", "attendance"])
def test_import_page_opens_for_the_administrator(administrator_client, factory):
    response = administrator_client.get(admin_url(factory._meta.model, "import"))
    assert response.status_code == 200
