"""`manage.py load_reference_data`: default meeting categories and method steps, loaded where there are none."""

import io

import pytest
from django.core.management import call_command

from cpts.models import AccompanimentStep
from interurps.models import MeetingCategory, Programme

pytestmark = pytest.mark.django_db


def load():
    out = io.StringIO()
    call_command("load_reference_data", stdout=out)
    return out.getvalue()


def test_a_new_instance_has_the_default_categories_and_the_ten_steps():
    # The test database is set up as `make setup` does it (tests/conftest.py runs the command).
    assert MeetingCategory.objects.get(programme__code="cpts", code="quintet").name == "Quintet"
    assert MeetingCategory.objects.filter(programme__code="sas", code="regulation").exists()
    assert AccompanimentStep.objects.count() == 10
    assert AccompanimentStep.objects.get(order=8).name == "Écriture du projet de santé"


def test_loading_again_changes_nothing():
    before = MeetingCategory.objects.count(), AccompanimentStep.objects.count()
    assert "catégories" not in load()
    assert (MeetingCategory.objects.count(), AccompanimentStep.objects.count()) == before


def test_categories_an_administrator_edited_are_kept():
    reper = Programme.objects.get(code="reper")
    reper.categories.exclude(code="consortium").delete()
    reper.categories.update(name="Comité du consortium")
    load()
    assert list(reper.categories.values_list("name", flat=True)) == ["Comité du consortium"]


def test_a_category_added_by_other_means_does_not_stop_the_defaults():
    reper = Programme.objects.get(code="reper")
    reper.categories.all().delete()
    MeetingCategory.objects.create(programme=reper, name="Comité scientifique", code="scientific_committee")
    load()
    assert reper.categories.count() == 4


def test_a_programme_without_categories_gets_the_defaults():
    reper = Programme.objects.get(code="reper")
    reper.categories.all().delete()
    assert "3 catégories de réunion « REPER / ICOPE »" in load()
    assert list(reper.categories.values_list("code", flat=True)) == [
        "elected_members",
        "consortium",
        "experimentation_territory",
    ]


def test_steps_of_an_association_are_kept():
    AccompanimentStep.objects.exclude(order=1).delete()
    AccompanimentStep.objects.filter(order=1).update(name="Premier contact")
    load()
    assert list(AccompanimentStep.objects.values_list("name", flat=True)) == ["Premier contact"]


def test_a_method_without_steps_gets_the_ten_defaults():
    AccompanimentStep.objects.all().delete()
    assert "10 étapes de la méthode d'accompagnement" in load()
    assert AccompanimentStep.objects.count() == 10
