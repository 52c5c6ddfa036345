"""Leftovers of the meeting pages: the admin's form and the list's search."""

import pytest
from django.urls import reverse

from tests.factories import MeetingFactory, OrganisationFactory, PersonFactory, StaffUserFactory


def test_the_admin_meeting_form_shows_the_team_by_name_and_has_the_cpts(admin_client_):
    member = StaffUserFactory(username="cmartin", first_name="Claire", last_name="Martin")
    meeting = MeetingFactory(staff=[member])
    content = admin_client_.get(reverse("admin:interurps_meeting_change", args=[meeting.pk])).content.decode()
    assert f'<option value="{member.pk}" selected>Claire Martin</option>' in content
    assert "CPTS concernées" in content


@pytest.mark.django_db
def test_the_meeting_search_finds_a_meeting_by_a_person_present(staff_client):
    meeting = MeetingFactory(title="Comité de pilotage")
    meeting.people.add(PersonFactory(first_name="Anne", last_name="Lefèvre"))
    MeetingFactory(title="Autre réunion")
    content = staff_client.get(reverse("interurps:meeting_list"), {"q": "Lefèvre", "qui": "toutes"}).content
    assert "Comité de pilotage" in content.decode()
    assert "Autre réunion" not in content.decode()


@pytest.mark.django_db
def test_the_meeting_search_finds_a_meeting_by_an_organisation_present(staff_client):
    meeting = MeetingFactory(title="Rencontre ARS")
    meeting.organisations.add(OrganisationFactory(name="Agence régionale de santé", acronym="ARS44"))
    MeetingFactory(title="Autre réunion")
    content = staff_client.get(reverse("interurps:meeting_list"), {"q": "ars44", "qui": "toutes"}).content
    assert "Rencontre ARS" in content.decode()
    assert "Autre réunion" not in content.decode()
