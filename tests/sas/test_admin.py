"""What the SAS admin adds, and its lists cost a constant number of queries (every admin page opening is tested
once, in tests/test_admin.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sas.models import SASDeployment, SASDeploymentStatus, SASIndicator
from tests.factories import AdminUserFactory, DepartmentFactory
from tests.sas.factories import CPTSFactory, SASDeploymentFactory, SASDeploymentStatusFactory, SASIndicatorFactory

MODELS = [SASDeployment, SASDeploymentStatus, SASIndicator]


def admin_url(model, page, *args):
    return reverse(f"admin:sas_{model._meta.model_name}_{page}", args=args)


@pytest.fixture
def administrator_client(client, db):
    client.force_login(AdminUserFactory())
    return client


def test_indicator_changelist_shows_the_fill_rate(administrator_client):
    SASIndicatorFactory(slots_offered=100, slots_taken=59)
    assert "59\u00a0%" in administrator_client.get(admin_url(SASIndicator, "changelist")).content.decode()


def test_indicator_import_page_opens(administrator_client):
    response = administrator_client.get(admin_url(SASIndicator, "import"))
    assert response.status_code == 200
    assert "créneaux proposés" in response.content.decode()


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_changelist_query_count_does_not_grow(administrator_client, django_assert_num_queries, model):
    def add_rows(number):
        for _ in range(number):
            department = DepartmentFactory(code=str(10 + SASDeployment.objects.count()))
            deployment = SASDeploymentFactory(department=department, participating_cpts=[CPTSFactory()])
            SASDeploymentStatusFactory(deployment=deployment)
            SASIndicatorFactory(department=department)
            SASIndicatorFactory(department=None, cpts=CPTSFactory(department=department))

    url = admin_url(model, "changelist")
    add_rows(2)
    with CaptureQueriesContext(connection) as few:
        administrator_client.get(url)
    add_rows(20)
    with django_assert_num_queries(len(few.captured_queries)):
        administrator_client.get(url)
