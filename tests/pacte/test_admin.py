"""The PACTE admin's imports open (every admin page opening is tested once, in tests/test_admin.py)."""

import pytest
from django.urls import reverse

from tests.factories import AdminUserFactory
from tests.pacte.factories import AttendanceFactory, LearnerFactory


@pytest.fixture
def administrator_client(client, db):
    client.force_login(AdminUserFactory())
    return client


def admin_url(model, page, *args):
    return reverse(f"admin:pacte_{model._meta.model_name}_{page}", args=args)


@pytest.mark.parametrize("factory", [LearnerFactory, AttendanceFactory], ids=["learner", "attendance"])
def test_import_page_opens_for_the_administrator(administrator_client, factory):
    response = administrator_client.get(admin_url(factory._meta.model, "import"))
    assert response.status_code == 200
