"""How every form of the project is drawn: `{{ form }}` and `{{ field.as_field_group }}` use our partials."""

from pathlib import Path

import django.forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.utils.functional import cached_property


class FormRenderer(DjangoTemplates):
    """Django's form renderer (its own template engine, as by default), that also finds the project's
    `templates/` where the form and field partials live."""

    form_template_name = "partials/form_fields.html"
    field_template_name = "partials/field.html"

    @cached_property
    def engine(self):
        directories = [Path(django.forms.__file__).parent / "templates", *settings.TEMPLATES[0]["DIRS"]]
        return self.backend({"APP_DIRS": True, "DIRS": directories, "NAME": "djangoforms", "OPTIONS": {}})
