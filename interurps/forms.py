"""Forms of the staff pages, and the date/time widgets they share."""

import datetime

from dal import autocomplete
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from interurps import registry
from interurps.concurrency import ConcurrentEditFormMixin
from interurps.formats import ImportFileError, check_size
from interurps.models import Department, Meeting, MeetingCategory, Organisation, Person, Programme
from interurps.roles import ADMINISTRATOR, STAFF


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


def team_users(include=()):
    """The association's team, by name: users with a StaffMember row or in the staff or administrator groups.

    `include` adds users (primary keys) who must stay selectable, e.g. those already on a meeting.
    """
    User = get_user_model()
    in_team_group = User.groups.through.objects.filter(user=OuterRef("pk"), group__name__in=[STAFF, ADMINISTRATOR])
    in_team = Q(is_active=True) & (Q(staff_member__isnull=False) | Exists(in_team_group))
    return User.objects.filter(in_team | Q(pk__in=list(include))).order_by("last_name", "first_name", "username")


def user_label(user):
    return user.get_full_name() or user.get_username()


class PickerMixin:
    """A django-autocomplete-light select2 picker, with jQuery (the admin's copy) and our own touches.

    `pickers.js` labels the search box for screen readers, asks before the logged-in member is
    removed from a team, and adds records created in a dialog.
    """

    def __init__(self, url, placeholder="Tapez quelques lettres du nom…", attrs=None, **kwargs):
        attrs = {"data-placeholder": placeholder, "data-minimum-input-length": 0, **(attrs or {})}
        super().__init__(url=url, attrs=attrs, **kwargs)

    @property
    def media(self):
        return forms.Media(js=["admin/js/vendor/jquery/jquery.js"]) + super().media + forms.Media(js=["js/pickers.js"])


class Picker(PickerMixin, autocomplete.ModelSelect2):
    """Pick one record by typing part of its name."""


class MultiplePicker(PickerMixin, autocomplete.ModelSelect2Multiple):
    """Pick several records by typing part of their names; each pick is a removable chip."""


class UserMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return user_label(obj)


def grouped_category_choices(categories, empty_label="---------"):
    """Meeting categories as <optgroup>s, one per programme (the queryset must select the programme)."""
    groups = {}
    for category in categories:
        groups.setdefault(category.programme.name, []).append((category.pk, category.name))
    return [("", empty_label), *groups.items()]


class Fieldset:
    """A titled group of a form's fields, rendered by partials/form_fields.html like a small form.

    The first fieldset of a form also carries its hidden fields and its errors not tied to a field.
    """

    def __init__(self, form, legend, names, first=False):
        self.form = form
        self.legend = legend
        self.names = names
        self.first = first

    def visible_fields(self):
        return [self.form[name] for name in self.names]

    def hidden_fields(self):
        return self.form.hidden_fields() if self.first else []

    def non_field_errors(self):
        return self.form.non_field_errors() if self.first else []


class MeetingForm(ConcurrentEditFormMixin, forms.ModelForm):
    """Log a meeting in under a minute: the essentials first, defaults for the rest."""

    FIELDSETS = [
        ("L'essentiel", ["date", "title", "programmes", "category", "mode", "department"]),
        ("Horaires, lieu et type", ["start_time", "end_time", "end_date", "place", "kind"]),
        ("Participants", ["staff", "organisations", "people"]),
        ("Compte rendu", ["notes", "is_highlight", "highlight_summary"]),
    ]

    class Meta:
        model = Meeting
        fields = [
            "date",
            "title",
            "programmes",
            "category",
            "mode",
            "department",
            "start_time",
            "end_time",
            "end_date",
            "place",
            "kind",
            "staff",
            "organisations",
            "people",
            "notes",
            "is_highlight",
            "highlight_summary",
        ]
        field_classes = {"staff": UserMultipleChoiceField}
        widgets = {
            "date": DateInput(),
            "end_date": DateInput(),
            "start_time": TimeInput(),
            "end_time": TimeInput(),
            "programmes": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 5}),
            "staff": MultiplePicker(url="interurps:staff_autocomplete"),
            "organisations": MultiplePicker(url="interurps:organisation_autocomplete"),
            "people": MultiplePicker(url="interurps:person_autocomplete"),
        }
        help_texts = {
            "end_date": "Seulement pour un événement sur plusieurs jours.",
            "staff": "Tapez une partie du nom ; chaque personne choisie s'ajoute aux autres.",
            "organisations": "Tapez une partie du nom ou du sigle ; absente de la liste ? Créez-la.",
            "people": "Tapez une partie du prénom, du nom ou de l'organisation ; absente ? Créez-la.",
            "highlight_summary": "Obligatoire pour un temps fort : une ligne reprise dans le rapport annuel.",
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        categories = MeetingCategory.objects.filter(Q(is_active=True) | Q(pk=instance.category_id))
        self.fields["category"].queryset = categories.select_related("programme")
        self.fields["category"].choices = grouped_category_choices(self.fields["category"].queryset)
        self.fields["programmes"].queryset = Programme.objects.all()
        self.fields["programmes"].error_messages["required"] = "Cochez au moins un programme."
        already_present = list(instance.staff.values_list("pk", flat=True)) if instance.pk else []
        if user is not None:
            already_present.append(user.pk)
        self.fields["staff"].queryset = team_users(include=already_present)
        if user is not None:
            # pickers.js asks before the logged-in member removes herself: a stray click must not do it.
            self.fields["staff"].widget.attrs["data-locked"] = str(user.pk)
        for name, url_name, label in [
            ("organisations", "organisation_quick", "Nouvelle organisation…"),
            ("people", "person_quick", "Nouvelle personne…"),
        ]:
            self.fields[name].widget.attrs["data-create-url"] = reverse(f"interurps:{url_name}")
            self.fields[name].widget.attrs["data-create-label"] = label
        self.fields["organisations"].queryset = Organisation.objects.all()
        present = list(instance.people.values_list("pk", flat=True)) if instance.pk else []
        self.fields["people"].queryset = Person.objects.not_archived(keep=present)
        if not instance.pk:
            self.initial.setdefault("date", timezone.localdate())
            if user is not None:
                self.initial.setdefault("staff", [user.pk])
        self.extensions = {}  # the fields the apps add to the meeting (interurps.registry)
        for extension in registry.meeting_extensions():
            form_field = extension.form_field(instance)
            if form_field is not None:
                self.fields[extension.key] = form_field
                self.extensions[extension.key] = extension
                if instance.pk:
                    self.initial.setdefault(extension.key, extension.initial(instance))

    @property
    def fieldsets(self):
        added = {}
        for key, extension in self.extensions.items():
            added.setdefault(extension.fieldset, []).append(key)
        return [
            Fieldset(self, legend, [name for name in names if name in self.fields] + added.get(legend, []), index == 0)
            for index, (legend, names) in enumerate(self.FIELDSETS)
        ]

    def _save_m2m(self):
        super()._save_m2m()
        for key, extension in self.extensions.items():
            extension.save(self.instance, self.cleaned_data[key])

    @staticmethod
    def initial_from_query(query):
        """Initial values read from a link such as `?programme=sas&date=2021-03-12&departement=44`.

        The apps' extensions read their own keys too. Lets other pages offer "log a meeting for …"; values
        that do not match anything are ignored.
        """
        initial = {}
        if query.get("date"):
            try:
                initial["date"] = datetime.date.fromisoformat(query["date"])
            except ValueError:
                pass
        if query.get("titre"):
            initial["title"] = query["titre"][:200]
        codes = query.getlist("programme")
        if codes:
            initial["programmes"] = list(Programme.objects.filter(code__in=codes).values_list("pk", flat=True))
        for key, field, model, lookup in [
            ("categorie", "category", MeetingCategory, "pk"),
            ("departement", "department", Department, "code"),
        ]:
            value = query.get(key, "")
            if value and (lookup != "pk" or value.isdigit()):
                found = model.objects.filter(**{lookup: value}).values_list("pk", flat=True).first()
                if found:
                    initial[field] = found
        for key, field, model in [("organisation", "organisations", Organisation), ("personne", "people", Person)]:
            pks = [value for value in query.getlist(key) if value.isdigit()]
            if pks:
                initial[field] = list(model.objects.filter(pk__in=pks).values_list("pk", flat=True))
        for extension in registry.meeting_extensions():
            value = extension.initial_from_query(query)
            if value is not None:
                initial[extension.key] = value
        return initial

    def clean(self):
        cleaned = super().clean()
        category = cleaned.get("category")
        programmes = cleaned.get("programmes")
        if category and programmes is not None and category.programme not in programmes:
            self.add_error(
                "category",
                f"La catégorie « {category.name} » appartient au programme {category.programme.name}, "
                "qui n'est pas coché.",
            )
        return cleaned


# --- Contacts and imports -------------------------------------------------------------------


class PersonForm(ConcurrentEditFormMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "civility",
            "first_name",
            "last_name",
            "profession",
            "organisation",
            "union",
            "email",
            "phone",
            "notes",
            "portrait",
            "portrait_credit",
        ]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 4}),
            "organisation": Picker(url="interurps:organisation_autocomplete", placeholder="Tapez le nom ou le sigle…"),
        }

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if email:
            other = Person.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).first()
            if other is not None:
                raise forms.ValidationError(f"Ce courriel est déjà celui de {other.full_name}.")
        return email


class OrganisationForm(ConcurrentEditFormMixin, forms.ModelForm):
    website = forms.URLField(label="Site internet", required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["name", "acronym", "kind", "department", "website", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        other = Organisation.objects.filter(name__iexact=name).exclude(pk=self.instance.pk).first()
        if other is not None:
            raise forms.ValidationError(f"Une organisation porte déjà ce nom : {other}.")
        return name


class ImportFileForm(forms.Form):
    """The file of an import (CSV or XLSX, told by its extension) and, for populations, their year."""

    EXTENSIONS = ("csv", "xlsx")

    file = forms.FileField(
        label="Fichier",
        help_text="CSV (séparateur point-virgule, UTF-8 ou Windows-1252, comme l'enregistre Excel) "
        "ou classeur Excel .xlsx ; la première ligne porte les noms des colonnes.",
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, with_population_year=False, **kwargs):
        super().__init__(*args, **kwargs)
        if with_population_year:
            self.fields["population_year"] = forms.IntegerField(
                label="Année des populations",
                required=False,
                min_value=1990,
                max_value=2100,
                help_text="Millésime des populations légales du fichier (par exemple 2021).",
            )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if extension not in self.EXTENSIONS:
            raise forms.ValidationError("Format non reconnu : choisissez un fichier .csv ou .xlsx.")
        try:
            check_size(upload.size)  # IMPORT_MAX_BYTES
        except ImportFileError as error:
            raise forms.ValidationError(str(error)) from error
        return upload

    @property
    def file_extension(self):
        return self.cleaned_data["file"].name.rsplit(".", 1)[-1].lower()
