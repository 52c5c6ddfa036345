"""A NUL character typed or pasted into a search is no error: PostgreSQL refuses it in a query, so the
searches drop it (issue #12: it used to answer 500 on PostgreSQL)."""

import pytest
from django.urls import reverse

from tests.factories import MeetingFactory, PersonFactory

pytestmark = pytest.mark.django_db

NUL = "Réu\x00nion"


@pytest.mark.parametrize(
    "url_name", ["interurps:meeting_list", "interurps:person_list", "interurps:organisation_list", "cpts:cpts_list"]
)
def test_a_search_with_a_nul_character_answers_the_list(staff_client, url_name):
    MeetingFactory(title="Réunion de l'ARS")
    response = staff_client.get(reverse(url_name), {"q": NUL, "qui": "toutes"})
    assert response.status_code == 200


def test_a_picker_search_with_a_nul_character_answers_its_matches(staff_client):
    PersonFactory(first_name="Louise", last_name="Martin")
    response = staff_client.get(reverse("interurps:person_autocomplete"), {"q": "Mar\x00tin"})
    assert response.status_code == 200
    assert "MARTIN" in response.content.decode().upper()
