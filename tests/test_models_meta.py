"""Every business model speaks French to its users: explicit lower-case verbose names, a __str__, an ordering."""

import pytest
from django.apps import apps
from django.db import models

from interurps.roles import business_app_labels

MODELS = sorted(
    # Without the history tables of django-simple-history (they have `instance_type`).
    (
        model
        for model in apps.get_models()
        if model._meta.app_label in business_app_labels() and not hasattr(model, "instance_type")
    ),
    key=lambda model: model._meta.label,
)


# Attribute names that are already the French word: their verbose_name may repeat them.
SAME_IN_FRENCH = {
    "code",
    "date",
    "description",
    "image",
    "logo",
    "mission",
    "module",
    "note",
    "notes",
    "organisation",
    "portrait",
    "profession",
    "programme",
    "programmes",
    "session",
    "source",
    "union",
    "version",
}


def label(model):
    return model._meta.label


def declared_fields(model):
    """The model's own concrete and many-to-many fields, without the automatic primary key."""
    return [
        field
        for field in model._meta.get_fields()
        if (field.concrete or field.many_to_many) and not field.auto_created and field.model is model
    ]


def explicit_verbose_name(field):
    """The verbose_name given in the field's declaration (None when Django derives it from the attribute name)."""
    return field.deconstruct()[3].get("verbose_name")


def is_french(field):
    """Declared, and not merely the attribute name again (unless that name is French already)."""
    verbose_name = explicit_verbose_name(field)
    if verbose_name is None:
        return False
    return str(verbose_name) != field.name.replace("_", " ") or field.name in SAME_IN_FRENCH


def is_lower_case_french(text):
    """Lower-case first letter, or a first word that is an acronym (« CPTS signataires », « ACI »)."""
    text = str(text)
    first_word = text.split()[0]
    return not text[0].isupper() or (len(first_word) > 1 and first_word.isupper())


def test_business_apps_have_models():
    assert any(model._meta.app_label == "interurps" for model in MODELS)


@pytest.mark.parametrize("model", MODELS, ids=label)
def test_model_declares_lower_case_verbose_names(model):
    declared = model._meta.original_attrs
    assert "verbose_name" in declared, f"{label(model)} : Meta.verbose_name manquant"
    assert "verbose_name_plural" in declared, f"{label(model)} : Meta.verbose_name_plural manquant"
    assert is_lower_case_french(model._meta.verbose_name)
    assert is_lower_case_french(model._meta.verbose_name_plural)


@pytest.mark.parametrize("model", MODELS, ids=label)
def test_every_field_declares_a_lower_case_verbose_name(model):
    missing = [field.name for field in declared_fields(model) if not is_french(field)]
    assert not missing, f"{label(model)} : verbose_name français manquant pour {missing}"
    capitalised = [field.name for field in declared_fields(model) if not is_lower_case_french(field.verbose_name)]
    assert not capitalised, f"{label(model)} : verbose_name à écrire en minuscules pour {capitalised}"


@pytest.mark.parametrize("model", MODELS, ids=label)
def test_model_has_its_own_str(model):
    assert model.__str__ is not models.Model.__str__


@pytest.mark.parametrize("model", MODELS, ids=label)
def test_model_has_a_default_ordering(model):
    assert model._meta.ordering, f"{label(model)} : Meta.ordering manquant"
