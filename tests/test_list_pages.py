"""What every list page shares (templates/generic/list.html): folded filters, a scrollable table that the
keyboard reaches, « Tous/Toutes » as empty choices, « Importer » where the list has an import."""

import datetime

import pytest
from django.urls import reverse

from interurps.models import MeetingCategory, Programme
from interurps.views import generic
from tests.factories import MeetingFactory, OrganisationFactory, PersonFactory

LISTS = [
    "interurps:meeting_list",
    "interurps:person_list",
    "interurps:organisation_list",
    "cpts:cpts_list",
    "sas:indicator_list",
    "reper:territory_list",
    "reper:figures_list",
    "pacte:home",
    "pacte:learner_list",
    "pacte:attendance_list",
    "pacte:relaytrainer_list",
]

IMPORTS = {
    "interurps:meeting_list": "reunions",
    "interurps:person_list": "personnes",
    "interurps:organisation_list": "organisations",
    "cpts:cpts_list": "cpts",
    "sas:indicator_list": "indicateurs-sas",
    "reper:figures_list": "reper-chiffres",
    "pacte:learner_list": "pacte-apprenants",
    "pacte:attendance_list": "pacte-presences",
}


@pytest.mark.parametrize("url_name", LISTS)
def test_every_list_is_a_generic_list_page(admin_client_, url_name):
    response = admin_client_.get(reverse(url_name))
    assert isinstance(response.context["view"], generic.ListPageView)


@pytest.mark.parametrize("url_name", LISTS)
def test_the_filters_fold_behind_one_filtres_button(admin_client_, url_name):
    content = admin_client_.get(reverse(url_name)).content.decode()
    assert '<details class="filters-panel"' in content
    assert '<summary class="button">Filtres</summary>' in content


@pytest.mark.parametrize("url_name", LISTS)
def test_the_table_scrolls_in_a_region_the_keyboard_reaches(admin_client_, url_name):
    content = admin_client_.get(reverse(url_name)).content.decode()
    assert 'class="table-wrap scroll-cue"' in content
    assert 'tabindex="0"' in content and 'role="region"' in content


@pytest.mark.parametrize("url_name", LISTS)
def test_no_filter_offers_dashes_as_its_empty_choice(admin_client_, url_name):
    content = admin_client_.get(reverse(url_name)).content.decode()
    assert "---------" not in content


@pytest.mark.parametrize(("url_name", "kind"), IMPORTS.items())
def test_a_list_with_an_import_links_to_it(admin_client_, url_name, kind):
    content = admin_client_.get(reverse(url_name)).content.decode()
    assert f'href="{reverse("interurps:import", args=[kind])}"' in content


def test_the_board_sees_no_import_button(board_client):
    content = board_client.get(reverse("interurps:meeting_list")).content.decode()
    assert reverse("interurps:import", args=["reunions"]) not in content


def test_filters_are_unfolded_when_a_filter_is_in_force(staff_client):
    content = staff_client.get(reverse("interurps:person_list"), {"q": "Bérard"}).content.decode()
    assert '<details class="filters-panel" open>' in content


def test_the_sort_is_kept_when_the_filters_are_submitted(staff_client):
    content = staff_client.get(reverse("interurps:person_list"), {"tri": "-prenom"}).content.decode()
    assert '<input type="hidden" name="tri" value="-prenom"' in content


# --- the one search -------------------------------------------------------------------------------


def test_the_meeting_search_finds_a_person_present(staff_client):
    person = PersonFactory(first_name="Hélène", last_name="Bérard")
    meeting = MeetingFactory(title="Comité de pilotage")
    meeting.people.add(person)
    MeetingFactory(title="Autre réunion")
    response = staff_client.get(reverse("interurps:meeting_list"), {"qui": "toutes", "q": "Bérard pilotage"})
    assert [m.title for m in response.context["object_list"]] == ["Comité de pilotage"]


def test_the_meeting_search_finds_an_organisation_once_with_two_people_present(staff_client):
    ars = OrganisationFactory(name="Agence régionale de santé", acronym="ARS")
    meeting = MeetingFactory(title="Point mensuel")
    meeting.organisations.add(ars)
    meeting.people.add(PersonFactory(last_name="Aubert"), PersonFactory(last_name="Aubin"))
    response = staff_client.get(reverse("interurps:meeting_list"), {"qui": "toutes", "q": "ARS"})
    assert [m.title for m in response.context["object_list"]] == ["Point mensuel"]


def test_every_word_of_the_search_must_match_somewhere(staff_client):
    MeetingFactory(title="Réunion de l'ARS", place="Nantes")
    MeetingFactory(title="Réunion de l'ARS", place="Angers")
    response = staff_client.get(reverse("interurps:meeting_list"), {"qui": "toutes", "q": "ARS Nantes"})
    assert [m.place for m in response.context["object_list"]] == ["Nantes"]


# --- the sort -------------------------------------------------------------------------------------


@pytest.mark.parametrize("sort", ["categorie", "-categorie"])
def test_meetings_without_a_category_come_last_in_both_orders(staff_client, sort):
    category = MeetingCategory.objects.create(programme=Programme.objects.get(code="sas"), name="Point SAS")
    MeetingFactory(title="Sans catégorie", date=datetime.date(2021, 1, 1))
    MeetingFactory(title="Avec", date=datetime.date(2021, 1, 2), category=category)
    response = staff_client.get(reverse("interurps:meeting_list"), {"qui": "toutes", "tri": sort})
    assert [m.title for m in response.context["object_list"]] == ["Avec", "Sans catégorie"]
