"""The Django admin picks people, organisations, CPTS, communes and users by searching, never from a long list;
archived people and CPTS are not offered; deleted records can be found from the list to restore them."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from tests.cpts.factories import CPTSFactory
from tests.factories import MeetingFactory, PersonFactory

PICKED_BY_SEARCH = ["interurps.Person", "interurps.Organisation", "cpts.CPTS", "interurps.Commune"]


def picked_models():
    return {apps.get_model(label) for label in PICKED_BY_SEARCH} | {get_user_model()}


def admins_and_inlines():
    for model, model_admin in admin.site._registry.items():
        yield model, model_admin, model_admin
        for inline in model_admin.inlines:
            yield inline.model, inline, model_admin


def editable_fields(model, options):
    """The FK and M2M fields of `model` its admin (or inline) `options` shows as a form field."""
    shown = options.fields
    if options.fieldsets:
        shown = [name for _, section in options.fieldsets for name in section["fields"]]
    inline_parent = getattr(options, "fk_name", None)
    for field in model._meta.get_fields():
        if not (field.concrete and (field.many_to_one or field.many_to_many) and field.editable):
            continue
        if field.related_model not in picked_models():
            continue
        if shown is not None and field.name not in shown:
            continue
        if field.name in (options.exclude or ()) or field.name in (options.readonly_fields or ()):
            continue
        if isinstance(options, admin.options.InlineModelAdmin) and (
            field.name == inline_parent or field.related_model is options.parent_model
        ):
            continue  # the inline's link to its parent, set by the admin
        yield field


def widgets_of(options):
    meta = getattr(options.form, "_meta", None)
    return getattr(meta, "widgets", None) or {}


def test_every_admin_picks_people_organisations_cpts_communes_and_users_by_search():
    by_list = [
        f"{model._meta.label}.{field.name} ({type(options).__name__})"
        for model, options, _ in admins_and_inlines()
        for field in editable_fields(model, options)
        if field.name not in (options.autocomplete_fields or ())
        and field.name not in (options.raw_id_fields or ())
        and field.name not in widgets_of(options)
    ]
    assert by_list == []


def test_every_model_picked_by_search_has_an_admin_with_search_fields():
    for model in picked_models():
        assert admin.site._registry[model].get_search_fields(None), model


def admin_search(client, app_label, model_name, field_name, term):
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


@pytest.mark.django_db
def test_the_admin_pickers_leave_archived_people_and_cpts_out(admin_client_):
    PersonFactory(first_name="Anne", last_name="Présente")
    PersonFactory(first_name="Paul", last_name="Partie", archived_at=timezone.now())
    CPTSFactory(name="CPTS Ouverte")
    CPTSFactory(name="CPTS Fermée", archived_at=timezone.now())
    people = admin_search(admin_client_, "interurps", "meeting", "people", "")
    assert [text for text in people if "sente" in text.lower() or "partie" in text.lower()] == ["Anne PRÉSENTE"]
    cpts = admin_search(admin_client_, "pacte", "learner", "cpts", "CPTS")
    assert cpts == ["CPTS Ouverte"]


@pytest.mark.django_db
def test_the_admin_lists_of_archivable_records_still_show_the_archived_ones(admin_client_):
    PersonFactory(first_name="Paul", last_name="Partie", archived_at=timezone.now())
    content = admin_client_.get(reverse("admin:interurps_person_changelist")).content.decode()
    assert "Partie" in content


@pytest.mark.django_db
def test_the_admin_list_links_to_the_deleted_records_to_restore(admin_client_):
    meeting = MeetingFactory(title="Réunion supprimée par erreur")
    meeting.delete()
    content = admin_client_.get(reverse("admin:interurps_meeting_changelist")).content.decode()
    recover = reverse("admin:interurps_meeting_recover")
    assert f'<a href="{recover}" class="historylink">Récupérer des éléments supprimés</a>' in content
    assert "Réunion supprimée par erreur" in admin_client_.get(recover).content.decode()


@pytest.mark.django_db
def test_a_list_without_history_has_no_link_to_restore(admin_client_):
    content = admin_client_.get(reverse("admin:interurps_exportlog_changelist")).content.decode()
    assert "Récupérer des éléments supprimés" not in content
