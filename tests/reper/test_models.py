import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from reper.models import ExperimentationTerritory, Milestone, TerritoryFigures
from reper.services import record_figures
from tests.reper.factories import FiguresFactory, MilestoneFactory, TerritoryFactory

pytestmark = pytest.mark.django_db

VALUES = {"professionals_trained": 3, "screenings": 30, "assessments": 8, "care_plans": 5, "rescreenings": 0}
Q3_2022 = (datetime.date(2022, 7, 1), datetime.date(2022, 9, 30))


def messages_of(error):
    return " ".join(error.value.messages)


def test_recording_a_new_quarter_creates_it():
    territory = TerritoryFactory()
    figures, created = record_figures(territory, *Q3_2022, VALUES)
    assert created
    assert figures.period == "T3 2022"
    assert figures.screenings == 30


def test_recording_a_quarter_again_updates_it_instead_of_duplicating_it():
    territory = TerritoryFactory()
    record_figures(territory, *Q3_2022, VALUES)
    figures, created = record_figures(territory, *Q3_2022, {**VALUES, "screenings": 45})
    assert not created
    assert territory.figures.count() == 1
    assert TerritoryFigures.objects.get().screenings == 45 == figures.screenings


def test_a_period_overlapping_a_recorded_one_is_refused_in_french():
    figures = FiguresFactory()
    with pytest.raises(ValidationError) as error:
        record_figures(figures.territory, datetime.date(2022, 9, 1), datetime.date(2022, 10, 31), VALUES)
    assert "chevauche la période T3 2022" in messages_of(error)
    assert TerritoryFigures.objects.count() == 1


def test_another_territory_may_record_the_same_quarter():
    FiguresFactory()
    _, created = record_figures(TerritoryFactory(), *Q3_2022, VALUES)
    assert created


def test_a_period_spanning_two_years_is_refused():
    with pytest.raises(ValidationError) as error:
        record_figures(TerritoryFactory(), datetime.date(2021, 12, 1), datetime.date(2022, 1, 31), VALUES)
    assert "deux années" in messages_of(error)


def test_a_period_that_has_not_started_is_refused():
    next_year = timezone.localdate().year + 1
    with pytest.raises(ValidationError) as error:
        record_figures(TerritoryFactory(), datetime.date(next_year, 1, 1), datetime.date(next_year, 3, 31), VALUES)
    assert "n'a pas encore commencé" in messages_of(error)


def test_more_assessments_than_screenings_in_a_quarter_is_allowed():
    # A step-2 evaluation may follow a screening of the previous quarter.
    figures, _ = record_figures(TerritoryFactory(), *Q3_2022, {**VALUES, "screenings": 2, "assessments": 9})
    assert figures.assessments == 9


def test_the_database_refuses_a_second_row_for_the_same_period():
    figures = FiguresFactory()
    with pytest.raises(IntegrityError):
        FiguresFactory(territory=figures.territory)


def test_the_database_refuses_a_negative_count():
    with pytest.raises(IntegrityError):
        FiguresFactory(screenings=-1)


def test_a_cpts_is_a_territory_of_a_project_only_once():
    territory = TerritoryFactory()
    duplicate = ExperimentationTerritory(project=territory.project, cpts=territory.cpts, status="candidate")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "déjà un territoire d'expérimentation de ce projet" in messages_of(error)


def test_a_recruited_territory_needs_its_recruitment_date():
    territory = TerritoryFactory.build(recruitment_date=None)
    with pytest.raises(ValidationError) as error:
        territory.full_clean(exclude=["project", "cpts"])
    assert "date de recrutement" in messages_of(error)


def test_a_candidate_territory_has_no_recruitment_date_yet():
    territory = TerritoryFactory(status=ExperimentationTerritory.Status.CANDIDATE, recruitment_date=None)
    territory.full_clean()


def test_a_withdrawn_territory_needs_its_withdrawal_date():
    territory = TerritoryFactory(status=ExperimentationTerritory.Status.WITHDRAWN)
    with pytest.raises(ValidationError) as error:
        territory.full_clean()
    assert "date de retrait" in messages_of(error)


def test_a_territory_cannot_withdraw_before_being_recruited():
    territory = TerritoryFactory.build(
        status=ExperimentationTerritory.Status.WITHDRAWN, withdrawal_date=datetime.date(2021, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        territory.full_clean(exclude=["project", "cpts"])
    assert "précède la date de recrutement" in messages_of(error)


def test_a_territory_withdrawn_in_2022_took_part_in_2021_and_2022_but_not_2023():
    territory = TerritoryFactory.build(
        status=ExperimentationTerritory.Status.WITHDRAWN, withdrawal_date=datetime.date(2022, 5, 1)
    )
    assert [territory.took_part_in(year) for year in (2020, 2021, 2022, 2023)] == [False, True, True, False]


def test_a_milestone_known_to_the_month_is_shown_as_month_and_year():
    milestone = MilestoneFactory.build(precision=Milestone.Precision.MONTH)
    assert milestone.date_format == "F Y"


def test_a_milestone_without_label_is_titled_by_its_kind():
    milestone = MilestoneFactory.build(kind=Milestone.Kind.SPECIFICATIONS_PUBLISHED)
    assert milestone.title == "cahier des charges publié"
    assert MilestoneFactory.build(label="Table ronde de lancement").title == "Table ronde de lancement"
