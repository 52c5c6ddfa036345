"""History (who, when, what), no lost update, the past stays put: archive, merge, protected deletes."""

import datetime

import pytest
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils.html import escape

from interurps.models import ExportLog, Meeting, Organisation, Person
from interurps.services import archive, merge_people
from tests.factories import MeetingFactory, OrganisationFactory, PersonFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


def person_data(person, **changes):
    data = {
        "civility": person.civility,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "profession": person.profession,
        "organisation": person.organisation_id or "",
        "union": person.union_id or "",
        "email": person.email,
        "phone": person.phone,
        "notes": person.notes,
    }
    return {**data, **changes}


def token(response):
    return response.context["form"]["history_token"].value()


def test_a_staff_edit_is_in_the_history_with_who_and_what_in_french(staff_client, staff_user):
    person = PersonFactory(first_name="Hélène", last_name="Bérard", profession="médecin")
    url = reverse("interurps:person_edit", args=[person.pk])
    data = person_data(person, profession="pharmacienne", history_token=token(staff_client.get(url)))
    assert staff_client.post(url, data).status_code == 302

    page = staff_client.get(reverse("interurps:person", args=[person.pk])).content.decode()
    assert "Historique des modifications" in page
    assert escape("Profession : « médecin » → « pharmacienne »") in page
    assert person.history.latest().history_user == staff_user


def test_the_history_partial_takes_as_many_queries_for_many_changes_as_for_one(
    staff_client, django_assert_max_num_queries
):
    person = PersonFactory(organisation=OrganisationFactory(name="ARS Pays de la Loire"))
    meeting = MeetingFactory()
    meeting.people.add(person)
    url = reverse("interurps:meeting", args=[meeting.pk])
    staff_client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        staff_client.get(url)
    for number in range(8):
        meeting.title = f"Réunion modifiée {number}"
        meeting.save()
        meeting.people.add(PersonFactory())
    with CaptureQueriesContext(connection) as many:
        staff_client.get(url)
    assert len(many) == len(few)


def test_an_import_writes_history_in_the_name_of_the_importing_user(staff_client, staff_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = "Prénom;Nom;Courriel\nJeanne;Importée;jeanne.importee@example.org\n".encode()
    preview = staff_client.post(
        reverse("interurps:import", args=["personnes"]), {"file": SimpleUploadedFile("p.csv", content)}
    )
    staff_client.post(reverse("interurps:import_confirm", args=["personnes"]), {"token": preview.context["token"]})
    jeanne = Person.objects.get(email="jeanne.importee@example.org")
    record = jeanne.history.get()
    assert (record.history_type, record.history_user) == ("+", staff_user)


# --- No lost update --------------------------------------------------------------------------


def test_a_staff_edit_over_a_change_saved_since_is_refused_and_shows_it_and_keeps_the_input(staff_client):
    person = PersonFactory(first_name="Hélène", last_name="Bérard", phone="02 40 00 00 00")
    url = reverse("interurps:person_edit", args=[person.pk])
    opened = token(staff_client.get(url))
    colleague = StaffUserFactory(first_name="Lucie", last_name="Martin")
    other = Person.objects.get(pk=person.pk)
    other._history_user = colleague
    other.phone = "06 11 22 33 44"
    other.save()

    response = staff_client.post(url, person_data(person, profession="sage-femme", history_token=opened))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Cette fiche a été modifiée depuis que vous l&#x27;avez ouverte" in page
    assert "Lucie Martin" in page
    assert escape("Téléphone : « 02 40 00 00 00 » → « 06 11 22 33 44 »") in page
    assert 'value="sage-femme"' in page
    person.refresh_from_db()
    assert (person.phone, person.profession) == ("06 11 22 33 44", "")


def test_submitting_again_after_seeing_the_change_saves(staff_client):
    person = PersonFactory()
    url = reverse("interurps:person_edit", args=[person.pk])
    opened = token(staff_client.get(url))
    Person.objects.get(pk=person.pk).save()
    refused = staff_client.post(url, person_data(person, profession="sage-femme", history_token=opened))
    again = staff_client.post(url, person_data(person, profession="sage-femme", history_token=token(refused)))
    assert again.status_code == 302
    person.refresh_from_db()
    assert person.profession == "sage-femme"


def test_an_admin_edit_over_a_change_saved_since_is_refused(admin_client_):
    organisation = OrganisationFactory(name="GRADeS")
    url = reverse("admin:interurps_organisation_change", args=[organisation.pk])
    opened = admin_client_.get(url).context["adminform"].form["history_token"].value()
    other = Organisation.objects.get(pk=organisation.pk)
    other.acronym = "GRD"
    other.save()
    data = {"name": "GRADeS", "acronym": "", "kind": "other", "department": "", "website": "", "notes": "mine"}
    response = admin_client_.post(url, {**data, "history_token": opened})
    assert response.status_code == 200
    assert escape("Sigle : « — » → « GRD »") in response.content.decode()
    organisation.refresh_from_db()
    assert (organisation.acronym, organisation.notes) == ("GRD", "")


# --- The past stays put ----------------------------------------------------------------------


def test_an_organisation_present_at_a_meeting_cannot_be_deleted():
    ars = OrganisationFactory(name="ARS Pays de la Loire")
    MeetingFactory(title="Comité de pilotage SAS").organisations.add(ars)
    with pytest.raises(ProtectedError, match="Comité de pilotage SAS"):
        ars.delete()


def test_the_admin_delete_page_lists_the_meetings_that_protect_an_organisation(admin_client_):
    ars = OrganisationFactory(name="ARS Pays de la Loire")
    MeetingFactory(title="Comité de pilotage SAS").organisations.add(ars)
    response = admin_client_.post(reverse("admin:interurps_organisation_delete", args=[ars.pk]), {"post": "yes"})
    assert "Comité de pilotage SAS" in response.content.decode()
    assert Organisation.objects.filter(pk=ars.pk).exists()


def test_an_archived_person_is_no_longer_offered_for_a_new_meeting(staff_client):
    archive(PersonFactory(first_name="Paul", last_name="Archivé"))
    PersonFactory(first_name="Anne", last_name="Active")
    # The meeting form's people picker searches this endpoint.
    found = staff_client.get(reverse("interurps:person_autocomplete")).json()["results"]
    names = " ".join(result["text"] for result in found)
    assert "Anne ACTIVE" in names
    assert "Paul ARCHIVÉ" not in names


def test_an_archived_person_stays_offered_in_a_meeting_they_attended(staff_client):
    paul = PersonFactory(first_name="Paul", last_name="Archivé")
    meeting = MeetingFactory()
    meeting.people.add(paul)
    archive(paul)
    page = staff_client.get(reverse("interurps:meeting_edit", args=[meeting.pk])).content.decode()
    assert "Paul ARCHIVÉ" in page


def test_merging_people_moves_their_meetings_and_completes_the_kept_one():
    keep = PersonFactory(first_name="Hélène", last_name="Bérard", email="helene@example.org", phone="")
    duplicate = PersonFactory(first_name="Helene", last_name="Berard", email="h.berard@example.org", phone="0601")
    meeting = MeetingFactory(title="Pause visio")
    meeting.people.add(duplicate)

    duplicate_pk = duplicate.pk
    merge_people(keep, duplicate)

    assert list(meeting.people.all()) == [keep]
    keep.refresh_from_db()
    assert (keep.email, keep.phone) == ("helene@example.org", "0601")
    assert not Person.objects.filter(pk=duplicate_pk).exists()
    assert Person.history.filter(id=duplicate_pk, history_type="-").exists()


def test_the_admin_merges_people_after_a_confirmation_page(admin_client_):
    keep, duplicate = PersonFactory(last_name="Gardée"), PersonFactory(last_name="Doublon")
    url = reverse("admin:interurps_person_changelist")
    data = {"action": "merge_people", "_selected_action": [keep.pk, duplicate.pk]}
    confirmation = admin_client_.post(url, data)
    assert "Choisissez la fiche à garder" in confirmation.content.decode()
    admin_client_.post(url, {**data, "confirm": "1", "keep": keep.pk})
    assert list(Person.objects.all()) == [keep]


def test_a_chargee_deletes_a_meeting_she_logged_and_the_history_keeps_it(staff_client, staff_user):
    meeting = MeetingFactory(title="Saisie par erreur", created_by=staff_user)
    response = staff_client.post(reverse("interurps:meeting_delete", args=[meeting.pk]))
    assert response.status_code == 302
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    record = Meeting.history.get(id=meeting.pk, history_type="-")
    assert record.history_user == staff_user


def test_a_chargee_cannot_delete_a_meeting_someone_else_logged(staff_client):
    meeting = MeetingFactory(created_by=StaffUserFactory())
    assert staff_client.post(reverse("interurps:meeting_delete", args=[meeting.pk])).status_code == 403
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_an_administrator_finds_a_deleted_meeting_to_restore(admin_client_):
    meeting = MeetingFactory(title="Réunion à rétablir", date=datetime.date(2021, 5, 4))
    meeting.delete()
    page = admin_client_.get(reverse("admin:interurps_meeting_recover")).content.decode()
    assert "Réunion à rétablir" in page


def test_an_export_of_people_is_recorded(staff_client, staff_user):
    PersonFactory.create_batch(3)
    staff_client.get(reverse("interurps:person_list"), {"export": "csv"})
    log = ExportLog.objects.get()
    assert (log.user, log.name, log.row_count) == (staff_user, "personnes", 3)


def test_a_record_without_any_history_shows_its_page_without_a_history(staff_client):
    meeting = MeetingFactory(title="Réunion copiée sans historique")
    meeting.history.all().delete()  # as a bulk copy or a row older than the history leaves it
    response = staff_client.get(reverse("interurps:meeting", args=[meeting.pk]))
    assert response.status_code == 200
    assert "Réunion copiée sans historique" in response.content.decode()
