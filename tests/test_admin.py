"""Every page of the Django admin opens for the administrator, in a constant number of queries.

Written once, over `admin.site._registry`: a model registered in any app's admin is tested here; the apps'
own admin tests only check what their admin adds (computed columns, filters, imports).
"""

import datetime

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from cpts.models import StepCompletion
from interurps.models import ExportLog, ReportEdition
from tests.cpts.factories import (
    AdhesionFactory,
    ContactFactory,
    CPTSFactory,
    PaymentFactory,
    StageChangeFactory,
    signed_cpts,
    step,
)
from tests.factories import (
    AdminUserFactory,
    CommuneFactory,
    DepartmentFactory,
    FundingFactory,
    MeetingFactory,
    OrganisationFactory,
    PersonFactory,
    StaffMemberFactory,
    StaffUserFactory,
    category,
)
from tests.pacte.factories import (
    AttendanceFactory,
    CohortFactory,
    LearnerFactory,
    ModuleFactory,
    RelayTrainerFactory,
    SessionFactory,
)
from tests.reper.factories import FiguresFactory, MilestoneFactory, ReperProjectFactory, TerritoryFactory
from tests.sas.factories import SASDeploymentFactory, SASDeploymentStatusFactory, SASIndicatorFactory

MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)
# The export log is read-only: its rows are written by exports, never added by hand.
ADDABLE_MODELS = [model for model in MODELS if model._meta.label != "interurps.ExportLog"]


def step_completion():
    return StepCompletion.objects.create(cpts=CPTSFactory(), step=step(1), completed_on=datetime.date(2021, 3, 1))


# What creates an object for the change page of a model without reference data (the page opens its first row).
FACTORIES = {
    "cpts.ACIContract": signed_cpts,
    "cpts.Adhesion": AdhesionFactory,
    "cpts.CPTS": CPTSFactory,
    "cpts.Contact": ContactFactory,
    "cpts.ContractMission": signed_cpts,
    "cpts.Payment": PaymentFactory,
    "cpts.StageChange": StageChangeFactory,
    "cpts.StepCompletion": step_completion,
    "interurps.Commune": CommuneFactory,
    "interurps.ExportLog": lambda: ExportLog.objects.create(user=StaffUserFactory(), name="Réunions", row_count=3),
    "interurps.Department": DepartmentFactory,
    "interurps.Funding": FundingFactory,
    "interurps.Meeting": MeetingFactory,
    "interurps.Organisation": OrganisationFactory,
    "interurps.Person": PersonFactory,
    "interurps.ReportEdition": lambda: ReportEdition.objects.create(year=2021),
    "interurps.StaffMember": StaffMemberFactory,
    "pacte.Attendance": AttendanceFactory,
    "pacte.Cohort": CohortFactory,
    "pacte.Learner": LearnerFactory,
    "pacte.Module": ModuleFactory,
    "pacte.RelayTrainer": RelayTrainerFactory,
    "pacte.Session": SessionFactory,
    "reper.ExperimentationTerritory": TerritoryFactory,
    "reper.Milestone": MilestoneFactory,
    "reper.ReperProject": ReperProjectFactory,
    "reper.TerritoryFigures": FiguresFactory,
    "sas.SASDeployment": SASDeploymentFactory,
    "sas.SASDeploymentStatus": SASDeploymentStatusFactory,
    "sas.SASIndicator": SASIndicatorFactory,
    "otp_static.StaticDevice": lambda: StaticDevice.objects.create(user=StaffUserFactory(), name="Codes de secours"),
    "otp_totp.TOTPDevice": lambda: TOTPDevice.objects.create(user=StaffUserFactory(), name="Téléphone"),
}


def admin_url(model, page, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


def label(model):
    return model._meta.label


def shown(text):
    """A name as a page shows it (escaped), lower-cased like the content it is looked for in."""
    return escape(text).lower()


@pytest.fixture
def administrator_client(client, db):
    """The demo-like administrator: in the Administrateur group and allowed into the admin, not a superuser."""
    user = AdminUserFactory()
    assert user.is_staff and not user.is_superuser
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", MODELS, ids=label)
def test_changelist_opens_for_the_administrator(administrator_client, model):
    response = administrator_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert shown(model._meta.verbose_name_plural) in response.content.decode().lower()


@pytest.mark.parametrize("model", ADDABLE_MODELS, ids=label)
def test_add_page_opens_for_the_administrator(administrator_client, model):
    response = administrator_client.get(admin_url(model, "add"))
    assert response.status_code == 200
    assert shown(model._meta.verbose_name) in response.content.decode().lower()


@pytest.mark.parametrize("model", MODELS, ids=label)
def test_change_page_opens_for_the_administrator(administrator_client, model):
    if not model._default_manager.exists() and label(model) in FACTORIES:
        FACTORIES[label(model)]()
    obj = model._default_manager.first()
    if obj is None:
        pytest.skip(f"Aucun objet {label(model)} : ajoutez une fabrique dans FACTORIES.")
    response = administrator_client.get(admin_url(model, "change", obj.pk))
    assert response.status_code == 200
    assert shown(str(obj)) in response.content.decode().lower()


def test_meeting_changelist_query_count_does_not_grow_with_meetings(administrator_client, django_assert_num_queries):
    department = DepartmentFactory()

    def add_meetings(count):
        MeetingFactory.create_batch(count, category=category("cpts", "Quintet"), department=department)

    url = admin_url(MeetingFactory._meta.model, "changelist")
    add_meetings(10)
    with CaptureQueriesContext(connection) as few:
        assert administrator_client.get(url).status_code == 200
    add_meetings(190)
    with django_assert_num_queries(len(few.captured_queries)):
        administrator_client.get(url)


def test_chargee_de_mission_is_refused_the_admin(client, db):
    client.force_login(StaffUserFactory())
    response = client.get(admin_url(MeetingFactory._meta.model, "changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
