"""Factories of the pacte app."""

import datetime

import factory

from pacte import models
from tests.factories import PersonFactory, StaffUserFactory


class TrainingProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.TrainingProgramme
        django_get_or_create = ["name"]

    name = "PACTE EHESP CPTS"


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Cohort

    programme = factory.SubFactory(TrainingProgrammeFactory)
    name = factory.Sequence(lambda n: f"Pays de la Loire {2021 + n}")
    launch_date = datetime.date(2021, 4, 23)
    start_date = datetime.date(2021, 6, 2)
    end_date = datetime.date(2022, 6, 30)
    planned_learners = 12


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Module

    cohort = factory.SubFactory(CohortFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"module {n}")


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Session
        skip_postgeneration_save = True

    module = factory.SubFactory(ModuleFactory)
    start_date = datetime.date(2021, 6, 2)
    end_date = datetime.date(2021, 6, 3)
    place = "Angers"

    @factory.post_generation
    def staff_trainers(self, create, extracted, **kwargs):
        if create and extracted:
            self.staff_trainers.set(extracted)

    @factory.post_generation
    def trainers(self, create, extracted, **kwargs):
        if create and extracted:
            self.trainers.set(extracted)


class LearnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Learner

    cohort = factory.SubFactory(CohortFactory)
    person = factory.SubFactory(PersonFactory)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Attendance

    session = factory.SubFactory(SessionFactory)
    learner = factory.SubFactory(LearnerFactory, cohort=factory.SelfAttribute("..session.module.cohort"))
    status = models.Attendance.Status.PRESENT


class RelayTrainerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.RelayTrainer

    programme = factory.SubFactory(TrainingProgrammeFactory)
    user = factory.SubFactory(StaffUserFactory)
    training_started_on = datetime.date(2021, 1, 15)
