"""What the REPER admin adds (every admin page opening is tested once, in tests/test_admin.py)."""

import pytest
from django.urls import reverse

from tests.reper.factories import FiguresFactory, MilestoneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    figures = FiguresFactory()
    MilestoneFactory(project=figures.territory.project)
    return figures


def test_the_admin_list_of_figures_shows_the_period(admin_client_, records):
    page = admin_client_.get(reverse("admin:reper_territoryfigures_changelist")).content.decode()
    assert "T3 2022" in page


def test_the_admin_offers_the_import_of_figures(admin_client_):
    assert admin_client_.get(reverse("admin:reper_territoryfigures_import")).status_code == 200
