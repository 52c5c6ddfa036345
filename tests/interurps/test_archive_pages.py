"""« Archiver » / « Désarchiver » from the page of a person or a CPTS, and the lists that leave archived rows out."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from cpts.models import CPTS
from interurps.models import Person
from tests.cpts.factories import CPTSFactory
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def archived(obj):
    obj.archived_at = timezone.now()
    obj.save()
    return obj


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def list_names(response):
    return [str(obj) for obj in response.context["object_list"]]


def test_staff_archive_a_cpts_from_its_page_and_the_history_keeps_who_did_it(staff_client, staff_user):
    cpts = CPTSFactory(name="CPTS de Guérande")
    response = staff_client.post(reverse("cpts:cpts_archive", args=[cpts.pk]), {"action": "archive"})
    assert response.status_code == 302
    assert response["Location"] == reverse("cpts:cpts", args=[cpts.pk])
    cpts.refresh_from_db()
    assert cpts.archived_at is not None
    assert messages_of(response) == [
        "La CPTS « CPTS de Guérande » est archivée : elle reste dans l'historique et les rapports, "
        "mais n'est plus proposée dans la liste des CPTS ni dans les choix."
    ]
    last = cpts.history.order_by("-history_date").first()
    assert (last.archived_at, last.history_user) == (cpts.archived_at, staff_user)
    assert cpts.history.filter(archived_at__isnull=True).exists()  # the version before is kept


def test_staff_unarchive_a_person_from_their_page(staff_client):
    person = archived(PersonFactory(first_name="Anne", last_name="Lefèvre"))
    response = staff_client.post(reverse("interurps:person_archive", args=[person.pk]), {"action": "unarchive"})
    person.refresh_from_db()
    assert person.archived_at is None
    assert messages_of(response) == [f"La fiche « {person} » est désarchivée : elle est de nouveau proposée."]


def test_an_unknown_action_changes_nothing_and_says_so(staff_client):
    person = PersonFactory()
    response = staff_client.post(reverse("interurps:person_archive", args=[person.pk]), {"action": "supprimer"})
    person.refresh_from_db()
    assert person.archived_at is None
    assert messages_of(response) == ["Rien n'a changé : choisissez « Archiver » ou « Désarchiver »."]


def test_the_board_may_not_archive(board_client):
    cpts = CPTSFactory()
    response = board_client.post(reverse("cpts:cpts_archive", args=[cpts.pk]), {"action": "archive"})
    assert response.status_code == 403
    assert CPTS.objects.get(pk=cpts.pk).archived_at is None


def test_archiving_is_refused_by_a_get(staff_client):
    person = PersonFactory()
    assert staff_client.get(reverse("interurps:person_archive", args=[person.pk])).status_code == 405
    assert Person.objects.get(pk=person.pk).archived_at is None


def test_the_page_shows_archiver_to_staff_and_desarchiver_once_archived(staff_client):
    cpts = CPTSFactory()
    content = staff_client.get(reverse("cpts:cpts", args=[cpts.pk])).content.decode()
    assert 'value="archive"' in content and ">Archiver</button>" in content
    archived(cpts)
    content = staff_client.get(reverse("cpts:cpts", args=[cpts.pk])).content.decode()
    assert 'value="unarchive">Désarchiver</button>' in content
    assert "Fiche archivée le 16/11/2026" in content


def test_the_board_sees_no_archive_button(board_client):
    person = PersonFactory()
    content = board_client.get(reverse("interurps:person", args=[person.pk])).content.decode()
    assert "Archiver" not in content


def test_the_cpts_list_leaves_archived_cpts_out_unless_asked(staff_client):
    CPTSFactory(name="CPTS Active")
    archived(CPTSFactory(name="CPTS Ancienne"))
    assert list_names(staff_client.get(reverse("cpts:cpts_list"))) == ["CPTS Active"]
    response = staff_client.get(reverse("cpts:cpts_list"), {"archives": "on"})
    assert sorted(list_names(response)) == ["CPTS Active", "CPTS Ancienne"]
    assert "Afficher les CPTS archivées" in response.content.decode()
    assert '<span class="tag">archivée</span>' in response.content.decode()


def test_the_person_list_and_its_export_leave_archived_people_out_unless_asked(staff_client):
    PersonFactory(first_name="Anne", last_name="Active")
    archived(PersonFactory(first_name="Paul", last_name="Parti"))
    response = staff_client.get(reverse("interurps:person_list"))
    assert [person.last_name for person in response.context["object_list"]] == ["Active"]
    export = staff_client.get(reverse("interurps:person_list"), {"export": "csv"}).content.decode("utf-8-sig")
    assert "Active" in export and "Parti" not in export
    shown = staff_client.get(reverse("interurps:person_list"), {"archives": "on"})
    assert sorted(person.last_name for person in shown.context["object_list"]) == ["Active", "Parti"]
