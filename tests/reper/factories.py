"""Factories of the reper app."""

import datetime

import factory

from reper import models
from tests.cpts.factories import CPTSFactory


class ReperProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ReperProject
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"REPER – Repérage des personnes âgées à domicile ({n})")
    start_date = datetime.date(2020, 7, 1)

    @factory.post_generation
    def unions(self, create, extracted, **kwargs):
        if create and extracted:
            self.unions.set(extracted)

    @factory.post_generation
    def consortium_members(self, create, extracted, **kwargs):
        if create and extracted:
            self.consortium_members.set(extracted)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Milestone

    project = factory.SubFactory(ReperProjectFactory)
    kind = models.Milestone.Kind.LAUNCH
    date = datetime.date(2021, 4, 15)


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ExperimentationTerritory

    project = factory.SubFactory(ReperProjectFactory)
    cpts = factory.SubFactory(CPTSFactory)
    status = models.ExperimentationTerritory.Status.RECRUITED
    recruitment_date = datetime.date(2021, 9, 15)


class FiguresFactory(factory.django.DjangoModelFactory):
    """Figures of the third quarter of 2022 unless told otherwise."""

    class Meta:
        model = models.TerritoryFigures

    territory = factory.SubFactory(TerritoryFactory)
    period_start = datetime.date(2022, 7, 1)
    period_end = datetime.date(2022, 9, 30)
    professionals_trained = 5
    screenings = 40
    assessments = 10
    care_plans = 4
    rescreenings = 2
