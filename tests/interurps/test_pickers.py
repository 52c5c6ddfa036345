"""The pickers' search endpoints and the dialog that creates a person or an organisation."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interurps.models import Organisation, Person
from tests.cpts.factories import CPTSFactory
from tests.factories import DepartmentFactory, OrganisationFactory, PersonFactory, StaffUserFactory


def results(client, url_name, q):
    response = client.get(reverse(url_name), {"q": q})
    assert response.status_code == 200
    return [result["text"] for result in json.loads(response.content)["results"]]


@pytest.fixture
def people(db):
    ars = OrganisationFactory(name="Agence régionale de santé", acronym="ARS", department=DepartmentFactory(code="44"))
    PersonFactory(first_name="Anne-Sophie", last_name="Lefèvre", profession="médecin", organisation=ars)
    PersonFactory(first_name="Éloïse", last_name="Guérin", profession="", organisation=None)
    PersonFactory(first_name="Jean", last_name="Lefort", profession="", organisation=None)


def test_person_search_ignores_accents_and_case(staff_client, people):
    assert results(staff_client, "interurps:person_autocomplete", "ELOISE") == ["Éloïse GUÉRIN"]


def test_person_search_matches_every_typed_word_in_any_part_of_the_name(staff_client, people):
    assert results(staff_client, "interurps:person_autocomplete", "lef anne") == [
        "Anne-Sophie LEFÈVRE — médecin · ARS – Agence régionale de santé"
    ]


def test_person_search_finds_people_by_their_organisation(staff_client, people):
    assert results(staff_client, "interurps:person_autocomplete", "ars") == [
        "Anne-Sophie LEFÈVRE — médecin · ARS – Agence régionale de santé"
    ]


def test_person_results_come_in_french_order_of_last_names(staff_client, people):
    PersonFactory(first_name="Paul", last_name="Émery")
    texts = results(staff_client, "interurps:person_autocomplete", "")
    assert [text.split(" — ")[0] for text in texts] == [
        "Paul ÉMERY",
        "Éloïse GUÉRIN",
        "Anne-Sophie LEFÈVRE",
        "Jean LEFORT",
    ]


def test_organisation_search_shows_the_department(staff_client, people):
    assert results(staff_client, "interurps:organisation_autocomplete", "régionale santé") == [
        "ARS – Agence régionale de santé — association · Loire-Atlantique"
    ]


def test_cpts_search_ignores_the_prefix_and_sorts_by_the_name_after_the_article(staff_client):
    loire = DepartmentFactory(code="44", name="Loire-Atlantique")
    for name in ["CPTS Grand Saumurois", "CPTS de Guérande", "CPTS du Choletais"]:
        CPTSFactory(name=name, department=loire)
    assert results(staff_client, "cpts:cpts_autocomplete", "g") == [
        "CPTS Grand Saumurois — Loire-Atlantique (44)",
        "CPTS de Guérande — Loire-Atlantique (44)",
    ]


def test_staff_search_shows_names_not_usernames(staff_client):
    StaffUserFactory(username="cmartin", first_name="Claire", last_name="Martin")
    assert results(staff_client, "interurps:staff_autocomplete", "claire") == ["Claire Martin"]


def queries_of_a_search(client, url_name):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(url_name), {"q": "a"}).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url_name, factory",
    [
        ("interurps:person_autocomplete", lambda: PersonFactory(first_name="Ana", organisation=OrganisationFactory())),
        ("interurps:organisation_autocomplete", lambda: OrganisationFactory(department=DepartmentFactory())),
        ("cpts:cpts_autocomplete", lambda: CPTSFactory(name=f"CPTS a{CPTSFactory._meta.model.objects.count()}")),
        ("interurps:staff_autocomplete", lambda: StaffUserFactory(first_name="Ana")),
    ],
)
def test_each_search_costs_the_same_queries_for_few_or_many_matches(staff_client, url_name, factory):
    for _ in range(2):
        factory()
    few = queries_of_a_search(staff_client, url_name)
    for _ in range(25):
        factory()
    assert queries_of_a_search(staff_client, url_name) == few


def test_the_dialog_creates_a_person_and_answers_her_id_and_name(staff_client):
    response = staff_client.post(reverse("interurps:person_quick"), {"first_name": "Lina", "last_name": "Roux"})
    person = Person.objects.get(last_name="Roux")
    assert response.status_code == 201
    assert json.loads(response.content) == {"id": str(person.pk), "text": "Lina ROUX"}


def test_the_dialog_gives_the_form_back_with_its_errors_and_creates_nothing(staff_client):
    OrganisationFactory(name="Maison de santé de Pornic")
    response = staff_client.post(
        reverse("interurps:organisation_quick"), {"name": "maison de santé de pornic", "kind": "other"}
    )
    assert response.status_code == 422
    assert "Une organisation porte déjà ce nom" in response.content.decode()
    assert Organisation.objects.filter(name__iexact="maison de santé de pornic").count() == 1


def test_the_meeting_form_pre_fills_and_locks_the_logged_in_member(staff_client, staff_user):
    content = staff_client.get(reverse("interurps:meeting_create")).content.decode()
    assert f'data-locked="{staff_user.pk}"' in content
    assert f'<option value="{staff_user.pk}" selected>' in content
