import datetime

import factory

from sas.models import SASDeployment, SASDeploymentStatus, SASIndicator
from tests.cpts.factories import CPTSFactory
from tests.factories import DepartmentFactory, MeetingFactory, category

__all__ = ["CPTSFactory", "SASDeploymentFactory", "SASDeploymentStatusFactory", "SASIndicatorFactory", "sas_meeting"]


class SASDeploymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SASDeployment
        django_get_or_create = ["department"]
        skip_postgeneration_save = True

    department = factory.SubFactory(DepartmentFactory)

    @factory.post_generation
    def participating_cpts(self, create, extracted, **kwargs):
        if create and extracted:
            self.participating_cpts.set(extracted)


class SASDeploymentStatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SASDeploymentStatus

    deployment = factory.SubFactory(SASDeploymentFactory)
    status = SASDeploymentStatus.Status.PREPARATION
    date = datetime.date(2021, 3, 1)


class SASIndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SASIndicator

    period_start = datetime.date(2021, 7, 1)
    period_end = datetime.date(2021, 7, 31)
    department = factory.SubFactory(DepartmentFactory)
    cpts = None
    registered_providers = 40
    regulators = 6
    slots_offered = 620
    slots_taken = 366


def sas_meeting(
    category_name=None, department_code=None, date=datetime.date(2021, 9, 14), programmes=("sas",), **kwargs
):
    """A meeting of programme SAS (or of `programmes`), in a SAS category and a department if given."""
    if category_name is not None:
        kwargs["category"] = category(programmes[0], category_name)
    if department_code is not None:
        kwargs["department"] = DepartmentFactory(code=department_code)
    return MeetingFactory(date=date, programmes=list(programmes), **kwargs)
