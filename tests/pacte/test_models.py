import datetime

import pytest
from django.core.exceptions import ValidationError

from pacte.models import Attendance, Cohort, Module, RelayTrainer
from tests.factories import PersonFactory
from tests.pacte.factories import (
    CohortFactory,
    LearnerFactory,
    ModuleFactory,
    RelayTrainerFactory,
    SessionFactory,
    TrainingProgrammeFactory,
)

pytestmark = pytest.mark.django_db


def test_migration_creates_the_ehesp_programme():
    programme = TrainingProgrammeFactory()
    assert programme.provider.acronym == "EHESP"


def test_cohort_cannot_end_before_it_starts():
    cohort = Cohort(
        programme=TrainingProgrammeFactory(),
        name="PDL",
        start_date=datetime.date(2021, 6, 2),
        end_date=datetime.date(2021, 1, 1),
        planned_learners=12,
    )
    with pytest.raises(ValidationError) as error:
        cohort.full_clean()
    assert error.value.message_dict["end_date"] == ["La fin de la formation précède son début."]


def test_two_modules_of_a_cohort_cannot_share_a_position():
    module = ModuleFactory(order=1)
    duplicate = Module(cohort=module.cohort, order=1, title="prise de fonction")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "Cette promotion a déjà un module à cette position." in error.value.messages


def test_a_two_day_session_has_both_days():
    session = SessionFactory(start_date=datetime.date(2021, 8, 31), end_date=datetime.date(2021, 9, 1))
    assert session.days == [datetime.date(2021, 8, 31), datetime.date(2021, 9, 1)]


def test_a_session_without_end_date_lasts_one_day():
    session = SessionFactory(start_date=datetime.date(2021, 11, 8), end_date=None)
    assert session.days == [datetime.date(2021, 11, 8)]


def test_a_person_is_enrolled_once_per_cohort():
    learner = LearnerFactory()
    duplicate = type(learner)(cohort=learner.cohort, person=learner.person)
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "Cette personne est déjà inscrite dans cette promotion." in error.value.messages


def test_attendance_of_a_learner_of_another_cohort_is_refused():
    session = SessionFactory()
    stranger = LearnerFactory(person=PersonFactory(first_name="Léa", last_name="Martin"))
    attendance = Attendance(session=session, learner=stranger, status=Attendance.Status.PRESENT)
    with pytest.raises(ValidationError) as error:
        attendance.full_clean()
    assert error.value.message_dict["learner"] == ["Léa MARTIN n'est pas inscrit·e dans la promotion de cette session."]


def test_relay_trainer_is_a_team_member_or_a_person_not_both():
    trainer = RelayTrainerFactory.build(
        programme=TrainingProgrammeFactory(), user=None, person=None, training_started_on=datetime.date(2021, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        trainer.full_clean()
    assert "Choisissez soit un membre de l'équipe, soit une personne extérieure." in error.value.messages


def test_relay_trainer_status_depends_on_the_date():
    trainer = RelayTrainerFactory(
        training_started_on=datetime.date(2021, 1, 15), certified_on=datetime.date(2021, 9, 17)
    )
    assert trainer.status_on(datetime.date(2020, 12, 31)) is None
    assert trainer.status_on(datetime.date(2021, 6, 1)) == RelayTrainer.Status.IN_TRAINING
    assert trainer.status_on(datetime.date(2021, 12, 31)) == RelayTrainer.Status.CERTIFIED


def test_relay_trainer_status_annotation_matches_the_property():
    RelayTrainerFactory(training_started_on=datetime.date(2021, 12, 1))
    RelayTrainerFactory(training_started_on=datetime.date(2021, 1, 15), certified_on=datetime.date(2021, 9, 17))
    statuses = sorted(
        RelayTrainer.objects.with_status_on(datetime.date(2021, 12, 31)).values_list("status_on", flat=True)
    )
    assert statuses == ["certified", "in_training"]


def test_certification_cannot_precede_the_training():
    trainer = RelayTrainerFactory.build(
        programme=TrainingProgrammeFactory(),
        person=PersonFactory(),
        user=None,
        training_started_on=datetime.date(2021, 12, 1),
        certified_on=datetime.date(2021, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        trainer.full_clean()
    assert error.value.message_dict["certified_on"] == ["La certification précède le début de la formation."]


def test_cohorts_running_in_a_year_include_those_started_before():
    running = CohortFactory(start_date=datetime.date(2021, 6, 2), end_date=datetime.date(2022, 6, 30))
    CohortFactory(start_date=datetime.date(2019, 6, 1), end_date=datetime.date(2020, 6, 30))
    assert list(Cohort.objects.running_in(2022)) == [running]
