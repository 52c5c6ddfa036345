"""Meeting categories have a stable code: report figures find them by it, so a renamed category keeps its figures."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from interurps.models import MeetingCategory, Programme
from tests.factories import category, coded_category

pytestmark = pytest.mark.django_db


def change_url(meeting_category):
    return reverse("admin:interurps_meetingcategory_change", args=[meeting_category.pk])


def form_data(meeting_category, **overrides):
    data = {
        "programme": meeting_category.programme_id,
        "name": meeting_category.name,
        "code": meeting_category.code,
        "order": meeting_category.order,
        "is_active": "on",
    }
    return {**data, **overrides}


@pytest.mark.parametrize(
    ("programme_code", "name", "code"),
    [
        ("cpts", "Quintet", "quintet"),
        ("association", "Conseil d'administration", "board_meeting"),
        ("reper", "Réunion des élus", "elected_members"),
        ("pacte", "Réunion de travail", "working_meeting"),
        ("pacte", "Groupe de travail formateurs relais", "relay_trainer_working_group"),
        ("sas", "Instance SAS départementale", "departmental_instance"),
        ("sas", "Régulation (Centre 15, SAMU)", "regulation"),
    ],
)
def test_migrations_give_the_seeded_categories_their_code(programme_code, name, code):
    assert category(programme_code, name).code == code


def test_every_seeded_category_has_a_code():
    assert not MeetingCategory.objects.filter(code="").exists()


def test_two_categories_of_a_programme_cannot_share_a_code():
    quintet = coded_category("cpts", "quintet")
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingCategory.objects.create(programme=quintet.programme, name="Autre quintet", code="quintet")


def test_categories_of_two_programmes_may_share_a_code():
    MeetingCategory.objects.create(programme=Programme.objects.get(code="sas"), name="Quintet SAS", code="quintet")
    assert MeetingCategory.objects.filter(code="quintet").count() == 2


def test_several_categories_of_a_programme_may_have_no_code():
    programme = Programme.objects.get(code="cpts")
    MeetingCategory.objects.create(programme=programme, name="Sans code 1")
    MeetingCategory.objects.create(programme=programme, name="Sans code 2")
    assert MeetingCategory.objects.filter(programme=programme, code="").count() == 2


def test_admin_lists_the_code_of_categories(admin_client_):
    response = admin_client_.get(reverse("admin:interurps_meetingcategory_changelist"))
    assert "relay_trainer_working_group" in response.content.decode()


def test_admin_shows_the_code_of_an_existing_category_read_only(admin_client_):
    quintet = coded_category("cpts", "quintet")
    form = admin_client_.get(change_url(quintet)).context["adminform"].form
    assert "code" not in form.fields
    assert "name" in form.fields


def test_admin_renames_a_category_but_ignores_a_new_code(admin_client_):
    quintet = coded_category("cpts", "quintet")
    response = admin_client_.post(change_url(quintet), form_data(quintet, name="Comité quintet", code="typo"))
    assert response.status_code == 302
    quintet.refresh_from_db()
    assert (quintet.name, quintet.code) == ("Comité quintet", "quintet")


def test_admin_gives_a_code_to_a_new_category(admin_client_):
    programme = Programme.objects.get(code="sas")
    data = {"programme": programme.pk, "name": "Appui juridique", "code": "legal_support", "order": 20}
    response = admin_client_.post(reverse("admin:interurps_meetingcategory_add"), {**data, "is_active": "on"})
    assert response.status_code == 302
    assert MeetingCategory.objects.get(name="Appui juridique").code == "legal_support"


def test_admin_lets_a_category_without_code_get_one(admin_client_):
    uncoded = MeetingCategory.objects.create(programme=Programme.objects.get(code="sas"), name="Appui juridique")
    assert "code" in admin_client_.get(change_url(uncoded)).context["adminform"].form.fields


def test_admin_refuses_a_code_already_used_in_the_programme(admin_client_):
    programme = Programme.objects.get(code="cpts")
    data = {"programme": programme.pk, "name": "Autre quintet", "code": "quintet", "order": 20, "is_active": "on"}
    response = admin_client_.post(reverse("admin:interurps_meetingcategory_add"), data)
    assert response.status_code == 200
    assert not MeetingCategory.objects.filter(name="Autre quintet").exists()
    assert response.context["adminform"].form.errors
    assert "Une autre catégorie de ce programme a déjà ce code." in response.content.decode()
