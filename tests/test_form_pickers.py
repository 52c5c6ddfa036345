"""Every staff form that picks people, organisations, CPTS, communes or team members does it with a search
picker (django-autocomplete-light), never with a long list or a wall of checkboxes; archived people and CPTS
are not among the choices."""

import importlib
import inspect

import pytest
from dal.widgets import WidgetMixin
from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from tests.cpts.factories import CPTSFactory
from tests.factories import PersonFactory
from tests.pacte.factories import CohortFactory

FORM_MODULES = ["interurps.forms", "cpts.forms", "pacte.forms", "sas.forms", "reper.forms"]
PICKED = ["interurps.Person", "interurps.Organisation", "cpts.CPTS", "interurps.Commune"]


def picked_models():
    return {apps.get_model(label) for label in PICKED} | {get_user_model()}


def record_fields():
    for module_name in FORM_MODULES:
        module = importlib.import_module(module_name)
        for name, form_class in inspect.getmembers(module, inspect.isclass):
            if not issubclass(form_class, forms.BaseForm) or form_class.__module__ != module_name:
                continue
            for field_name, field in form_class.base_fields.items():
                queryset = getattr(field, "queryset", None)
                if queryset is not None and queryset.model in picked_models():
                    yield f"{name}.{field_name}", field


# The territory's kept communes are ticked off (a short list of what is already there), not picked.
TICKED = {"TerritoryForm.communes"}


def test_every_form_field_that_picks_a_record_is_a_search_picker():
    fields = dict(record_fields())
    assert len(fields) >= 15
    by_list = sorted(name for name, field in fields.items() if not isinstance(field.widget, WidgetMixin))
    assert by_list == sorted(TICKED)


@pytest.mark.django_db
def test_the_enrolment_form_offers_no_archived_person_nor_cpts(staff_client):
    from pacte.forms import LearnerEnrolForm

    gone = PersonFactory(archived_at=timezone.now())
    closed = CPTSFactory(archived_at=timezone.now())
    form = LearnerEnrolForm(cohort=CohortFactory(), data={"person": gone.pk, "cpts": closed.pk, "status": "enrolled"})
    assert not form.is_valid()
    assert form.errors["person"] == ["Cette personne est déjà inscrite dans cette promotion, ou archivée."]
    assert "cpts" in form.errors


@pytest.mark.django_db
def test_the_contact_form_of_a_cpts_searches_people_and_its_edit_form_searches_the_team(staff_client):
    cpts = CPTSFactory()
    contact_page = staff_client.get(reverse("cpts:cpts_contact_add", args=[cpts.pk])).content.decode()
    assert f'data-autocomplete-light-url="{reverse("interurps:person_autocomplete")}"' in contact_page
    edit_page = staff_client.get(reverse("cpts:cpts_edit", args=[cpts.pk])).content.decode()
    assert f'data-autocomplete-light-url="{reverse("interurps:staff_autocomplete")}"' in edit_page
    assert '<script src="/static/js/pickers.js"></script>' in edit_page
