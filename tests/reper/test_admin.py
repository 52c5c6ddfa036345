import pytest
from django.urls import reverse

from tests.reper.factories import FiguresFactory, MilestoneFactory

pytestmark = pytest.mark.django_db

MODELS = ["reperproject", "milestone", "experimentationterritory", "territoryfigures"]


@pytest.fixture
def records():
    figures = FiguresFactory()
    milestone = MilestoneFactory(project=figures.territory.project)
    return {
        "reperproject": figures.territory.project,
        "milestone": milestone,
        "experimentationterritory": figures.territory,
        "territoryfigures": figures,
    }


@pytest.mark.parametrize("model", MODELS)
def test_every_admin_page_of_reper_opens(admin_client_, records, model):
    for url in [
        reverse(f"admin:reper_{model}_changelist"),
        reverse(f"admin:reper_{model}_add"),
        reverse(f"admin:reper_{model}_change", args=[records[model].pk]),
    ]:
        assert admin_client_.get(url).status_code == 200, url


def test_the_admin_list_of_figures_shows_the_period(admin_client_, records):
    page = admin_client_.get(reverse("admin:reper_territoryfigures_changelist")).content.decode()
    assert "T3 2022" in page


def test_the_admin_offers_the_import_of_figures(admin_client_):
    assert admin_client_.get(reverse("admin:reper_territoryfigures_import")).status_code == 200
