"""How every form of the project is drawn: `{{ form }}` and `{{ field.as_field_group }}` use our partials."""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """The project's templates (and Django's widget templates through `django.forms` in INSTALLED_APPS)."""

    form_template_name = "partials/form_fields.html"
    field_template_name = "partials/field.html"
