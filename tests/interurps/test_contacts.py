"""Contacts pages: people and organisations lists, details and forms."""

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interurps.models import Organisation, Person, Union
from tests.factories import DepartmentFactory, MeetingFactory, OrganisationFactory, PersonFactory


@pytest.fixture
def ars(db):
    return OrganisationFactory(
        name="ARS Pays de la Loire", acronym="ARS", kind=Organisation.Kind.ARS, department=DepartmentFactory(code="44")
    )


@pytest.fixture
def cpam(db):
    return OrganisationFactory(
        name="CPAM de la Sarthe",
        acronym="CPAM 72",
        kind=Organisation.Kind.CPAM,
        department=DepartmentFactory(code="72"),
    )


def urml():
    return Union.objects.get(code="urml")


def names(response):
    return [person.last_name for person in response.context["object_list"]]


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


# --- People list ---------------------------------------------------------------------------------


def test_person_list_shows_each_person_with_organisation_and_union(staff_client, ars):
    PersonFactory(first_name="Hélène", last_name="Bérard", organisation=ars, union=urml(), profession="médecin")
    content = staff_client.get(reverse("interurps:person_list")).content.decode()
    assert "Bérard" in content and "Hélène" in content
    assert "ARS – ARS Pays de la Loire" in content
    assert "URML" in content
    assert "<strong>1</strong> personne" in content


def test_person_list_search_matches_every_word_on_names_email_or_organisation(staff_client, ars):
    PersonFactory(first_name="Hélène", last_name="Bérard", organisation=ars)
    PersonFactory(first_name="Hélène", last_name="Durand")
    response = staff_client.get(reverse("interurps:person_list"), {"q": "hélène ars"})
    assert names(response) == ["Bérard"]


def test_person_list_filters_by_organisation_kind(staff_client, ars, cpam):
    PersonFactory(last_name="Agence", organisation=ars)
    PersonFactory(last_name="Caisse", organisation=cpam)
    response = staff_client.get(reverse("interurps:person_list"), {"organisation_kind": "cpam"})
    assert names(response) == ["Caisse"]


def test_person_list_filters_by_union(staff_client):
    PersonFactory(last_name="Médecin", union=urml())
    PersonFactory(last_name="Autre")
    response = staff_client.get(reverse("interurps:person_list"), {"union": urml().pk})
    assert names(response) == ["Médecin"]


def test_person_list_filters_by_department_of_the_organisation(staff_client, ars, cpam):
    PersonFactory(last_name="Nantes", organisation=ars)
    PersonFactory(last_name="Le Mans", organisation=cpam)
    response = staff_client.get(reverse("interurps:person_list"), {"department": cpam.department.pk})
    assert names(response) == ["Le Mans"]


def test_person_list_sorts_by_name_then_descending_on_request(staff_client):
    for last_name in ["Bravo", "Alpha", "Charlie"]:
        PersonFactory(last_name=last_name)
    assert names(staff_client.get(reverse("interurps:person_list"))) == ["Alpha", "Bravo", "Charlie"]
    response = staff_client.get(reverse("interurps:person_list"), {"tri": "-nom"})
    assert names(response) == ["Charlie", "Bravo", "Alpha"]
    assert 'aria-sort="descending"' in response.content.decode()


def test_person_list_pagination_keeps_the_filters(staff_client):
    PersonFactory.create_batch(60, union=urml())
    response = staff_client.get(reverse("interurps:person_list"), {"union": urml().pk})
    assert len(response.context["object_list"]) == 50
    assert f"?union={urml().pk}&amp;page=2" in response.content.decode()


def test_person_list_exports_the_filtered_people_as_french_csv(staff_client, ars):
    PersonFactory(civility="mme", first_name="Hélène", last_name="Bérard", organisation=ars, union=urml())
    PersonFactory(last_name="Autre")
    response = staff_client.get(reverse("interurps:person_list"), {"union": urml().pk, "export": "csv"})
    assert response["Content-Disposition"].startswith('attachment; filename="personnes-')
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == 1
    assert (rows[0]["civilité"], rows[0]["nom"], rows[0]["organisation"], rows[0]["union"]) == (
        "Mme",
        "Bérard",
        "ARS Pays de la Loire",
        "URML",
    )


def test_person_list_exports_xlsx(staff_client):
    PersonFactory(last_name="Bérard")
    response = staff_client.get(reverse("interurps:person_list"), {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in next(sheet.iter_rows(max_row=1))][:3] == ["civilité", "prénom", "nom"]
    assert sheet.cell(row=2, column=3).value == "Bérard"


def test_person_list_links_to_the_import_for_staff(staff_client):
    content = staff_client.get(reverse("interurps:person_list")).content.decode()
    assert reverse("interurps:import", args=["personnes"]) in content


def test_person_list_has_no_import_link_for_the_board(board_client):
    content = board_client.get(reverse("interurps:person_list")).content.decode()
    assert reverse("interurps:import", args=["personnes"]) not in content
    assert "Ajouter une personne" not in content


def test_person_list_queries_do_not_grow_with_people(staff_client, ars, django_assert_num_queries):
    url = reverse("interurps:person_list")
    PersonFactory.create_batch(10, organisation=ars, union=urml())
    staff_client.get(url)
    expected = queries_for(staff_client, url)
    PersonFactory.create_batch(190, organisation=ars, union=urml())
    with django_assert_num_queries(expected):
        staff_client.get(url)


# --- Person detail and forms -------------------------------------------------------------------


def test_person_page_shows_contact_details_and_meetings(board_client, ars):
    person = PersonFactory(
        civility="dr", first_name="Hélène", last_name="Bérard", organisation=ars, phone="02 40 00 00 01"
    )
    meeting = MeetingFactory(title="Quintet de mars")
    meeting.people.add(person)
    content = board_client.get(reverse("interurps:person", args=[person.pk])).content.decode()
    assert "Dr" in content and "Hélène BÉRARD" in content
    assert 'href="tel:0240000001"' in content
    assert "12/03/2021" in content and "Quintet de mars" in content


def test_staff_adds_a_person(staff_client, ars):
    response = staff_client.post(
        reverse("interurps:person_create"),
        {"civility": "mme", "first_name": "Anne", "last_name": "Leroy", "organisation": ars.pk, "email": "a@b.fr"},
    )
    person = Person.objects.get(last_name="Leroy")
    assert response["Location"] == reverse("interurps:person", args=[person.pk])
    assert person.organisation == ars


def test_person_form_refuses_an_email_already_used_whatever_its_case(staff_client):
    PersonFactory(first_name="Anne", last_name="Leroy", email="anne@example.org")
    response = staff_client.post(
        reverse("interurps:person_create"), {"first_name": "Autre", "last_name": "Nom", "email": "ANNE@example.org"}
    )
    assert response.context["form"].errors == {"email": ["Ce courriel est déjà celui de Anne LEROY."]}
    assert Person.objects.count() == 1


def test_person_form_is_prefilled_with_the_organisation_given(staff_client, ars):
    response = staff_client.get(reverse("interurps:person_create"), {"organisation": ars.pk})
    assert response.context["form"].initial["organisation"] == str(ars.pk)


def test_staff_edits_a_person(staff_client):
    person = PersonFactory(first_name="Anne", last_name="Leroy")
    staff_client.post(
        reverse("interurps:person_edit", args=[person.pk]),
        {"first_name": "Anne", "last_name": "Leroy", "profession": "infirmière"},
    )
    person.refresh_from_db()
    assert person.profession == "infirmière"


def test_board_may_not_add_or_edit_people(board_client):
    person = PersonFactory()
    assert board_client.get(reverse("interurps:person_create")).status_code == 403
    assert board_client.post(reverse("interurps:person_edit", args=[person.pk]), {}).status_code == 403


# --- Organisations -----------------------------------------------------------------------------


def test_organisation_list_shows_type_department_and_people_count(staff_client, ars):
    PersonFactory.create_batch(2, organisation=ars)
    response = staff_client.get(reverse("interurps:organisation_list"), {"q": "ars"})
    content = response.content.decode()
    assert [o.name for o in response.context["object_list"]] == ["ARS Pays de la Loire"]
    assert response.context["object_list"][0].people_count == 2
    assert '<abbr title="Loire-Atlantique">44</abbr>' in content


def test_organisation_list_filters_by_kind_and_department(staff_client, ars, cpam):
    response = staff_client.get(reverse("interurps:organisation_list"), {"kind": "cpam"})
    assert [o.name for o in response.context["object_list"]] == ["CPAM de la Sarthe"]
    response = staff_client.get(reverse("interurps:organisation_list"), {"department": ars.department.pk})
    assert [o.name for o in response.context["object_list"]] == ["ARS Pays de la Loire"]


def test_organisation_list_sorts_by_people_count(staff_client, ars, cpam):
    PersonFactory.create_batch(2, organisation=cpam)
    response = staff_client.get(reverse("interurps:organisation_list"), {"tri": "-personnes"})
    assert response.context["object_list"][0] == cpam


def test_organisation_list_exports_csv(staff_client, ars):
    response = staff_client.get(reverse("interurps:organisation_list"), {"q": "ars", "export": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [(row["nom"], row["sigle"], row["type"], row["département"]) for row in rows] == [
        ("ARS Pays de la Loire", "ARS", "ARS", "44")
    ]


def test_organisation_list_links_to_the_import_for_staff(staff_client):
    content = staff_client.get(reverse("interurps:organisation_list")).content.decode()
    assert reverse("interurps:import", args=["organisations"]) in content


def test_organisation_list_queries_do_not_grow_with_organisations(staff_client, django_assert_num_queries):
    url = reverse("interurps:organisation_list")
    department = DepartmentFactory(code="44")
    OrganisationFactory.create_batch(10, department=department)
    staff_client.get(url)
    expected = queries_for(staff_client, url)
    OrganisationFactory.create_batch(190, department=department)
    with django_assert_num_queries(expected):
        staff_client.get(url)


def test_organisation_page_lists_its_people(board_client, ars):
    PersonFactory(first_name="Hélène", last_name="Bérard", organisation=ars, union=urml())
    content = board_client.get(reverse("interurps:organisation", args=[ars.pk])).content.decode()
    assert "Hélène BÉRARD" in content
    assert "URML" in content
    assert "Loire-Atlantique (44)" in content


def test_organisation_page_queries_do_not_grow_with_people(board_client, ars, django_assert_num_queries):
    url = reverse("interurps:organisation", args=[ars.pk])
    PersonFactory.create_batch(3, organisation=ars, union=urml())
    board_client.get(url)
    expected = queries_for(board_client, url)
    PersonFactory.create_batch(30, organisation=ars, union=urml())
    with django_assert_num_queries(expected):
        board_client.get(url)


def test_staff_adds_an_organisation(staff_client):
    response = staff_client.post(
        reverse("interurps:organisation_create"),
        {"name": "Gérontopôle des Pays de la Loire", "kind": "association", "website": "gerontopole-paysdelaloire.fr"},
    )
    organisation = Organisation.objects.get(name="Gérontopôle des Pays de la Loire")
    assert response["Location"] == reverse("interurps:organisation", args=[organisation.pk])
    assert organisation.website == "https://gerontopole-paysdelaloire.fr"


def test_organisation_form_refuses_a_name_already_used_whatever_its_case(staff_client, ars):
    response = staff_client.post(
        reverse("interurps:organisation_create"), {"name": "ars pays de la loire", "kind": "ars"}
    )
    assert response.context["form"].errors == {
        "name": ["Une organisation porte déjà ce nom : ARS – ARS Pays de la Loire."]
    }


def test_board_may_not_add_or_edit_organisations(board_client, ars):
    assert board_client.get(reverse("interurps:organisation_create")).status_code == 403
    assert board_client.get(reverse("interurps:organisation_edit", args=[ars.pk])).status_code == 403
