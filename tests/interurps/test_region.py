"""Examples in forms and messages come from the configured region's own communes."""

import pytest
from django.core.exceptions import ValidationError

from cpts.forms import TerritoryForm
from cpts.services import parse_insee_codes
from interurps.region import example_commune_codes, territory_placeholder
from pacte.forms import CohortForm
from tests.cpts.factories import CPTSFactory
from tests.factories import CommuneFactory, DepartmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def brittany(settings):
    settings.REGION_NAME = "Bretagne"
    settings.REGION_DEPARTMENTS = ["22", "35"]
    rennes = CommuneFactory(
        insee_code="35238", name="Rennes", population=216_815, department=DepartmentFactory(code="35")
    )
    CommuneFactory(insee_code="22278", name="Saint-Brieuc", population=44_372, department=rennes.department)
    CommuneFactory(insee_code="35288", name="Saint-Malo", population=46_097, department=rennes.department)
    CommuneFactory(insee_code="44109", name="Nantes", population=309_346)  # outside the region
    return rennes


def test_example_communes_are_the_largest_of_the_region(brittany):
    assert example_commune_codes() == ["35238", "35288", "22278"]


def test_without_communes_the_examples_are_codes_of_the_first_department(settings):
    settings.REGION_DEPARTMENTS = ["29", "22"]
    assert example_commune_codes(2) == ["22001", "22002"]


def test_the_territory_form_suggests_communes_of_the_region(brittany):
    form = TerritoryForm(cpts=CPTSFactory(department=brittany.department))
    assert form.fields["insee_codes"].widget.attrs["placeholder"] == territory_placeholder() == "35238, 35288, 22278…"


def test_a_malformed_code_is_explained_with_a_commune_of_the_region(brittany):
    with pytest.raises(ValidationError) as error:
        parse_insee_codes("Rennes")
    assert error.value.messages == ["« Rennes » n'est pas un code INSEE (5 caractères, par exemple 35238)."]


def test_the_cohort_name_help_names_the_configured_region(brittany):
    assert CohortForm().fields["name"].help_text == "Par exemple « Bretagne 2021-2022 ». Sert aussi dans les imports."
