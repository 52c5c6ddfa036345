"""Factories of the cpts app."""

import datetime
from decimal import Decimal

import factory

from cpts import models
from cpts.enums import ContactRole, PaymentKind, Stage
from cpts.services import sign_aci
from tests.factories import CommuneFactory, DepartmentFactory, PersonFactory


class CPTSFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CPTS
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"CPTS n° {n}")
    department = factory.SubFactory(DepartmentFactory)

    @factory.post_generation
    def communes(self, create, extracted, **kwargs):
        if create and extracted:
            self.communes.set(extracted)


class StageChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.StageChange

    cpts = factory.SubFactory(CPTSFactory)
    stage = Stage.PRE_PROJECT
    date = datetime.date(2020, 1, 15)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Contact

    cpts = factory.SubFactory(CPTSFactory)
    person = factory.SubFactory(PersonFactory)
    role = ContactRole.PRESIDENT


class AdhesionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Adhesion

    cpts = factory.SubFactory(CPTSFactory)
    date = datetime.date(2021, 1, 1)
    professional_count = 500
    member_count = 100


def step(order):
    """One of the 10 default steps of the method (loaded by `load_reference_data`, see tests/conftest.py)."""
    return models.AccompanimentStep.objects.get(order=order)


def cpts_with_population(population, **kwargs):
    """A CPTS whose territory is one commune of `population` inhabitants."""
    return CPTSFactory(communes=[CommuneFactory(population=population)], **kwargs)


def signed_cpts(signed_on=datetime.date(2020, 6, 1), population=90_000, optional_missions=(), **kwargs):
    """A CPTS whose ACI was signed on `signed_on`, through the service (contract, missions and stage)."""
    cpts = cpts_with_population(population, **kwargs)
    sign_aci(cpts, signed_on, optional_missions)
    return cpts


class PaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Payment

    contract = factory.LazyFunction(lambda: signed_cpts().aci)
    year = 2020
    kind = PaymentKind.FUNCTIONING
    planned_amount = Decimal("50000")
    paid_amount = Decimal("0")


# Communes with a boundary, for the map: squares of a grid, so that neighbours share their borders exactly.
GRID_ORIGIN = (-1.5, 47.0)  # longitude, latitude of the south-west corner of the cell (0, 0)
GRID_CELL = 0.05  # degrees


def square_boundary(column, row):
    """The GeoJSON MultiPolygon of the cell (column, row) of the grid."""
    west = round(GRID_ORIGIN[0] + column * GRID_CELL, 4)
    south = round(GRID_ORIGIN[1] + row * GRID_CELL, 4)
    east, north = round(west + GRID_CELL, 4), round(south + GRID_CELL, 4)
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "MultiPolygon", "coordinates": [[ring]]}


def grid_commune(column, row, **kwargs):
    """A commune whose boundary is the cell (column, row) of the grid."""
    return CommuneFactory(boundary=square_boundary(column, row), **kwargs)
