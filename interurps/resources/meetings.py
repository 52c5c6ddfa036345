"""Import and export of meetings (the activity log), with French column headers.

The same layout is written by the export and read by the import, so an exported file can be
corrected and imported back: a meeting is recognised by its date, title and start time, and two
rows of one file naming the same meeting are both refused.

The `CPTS` column exists only when the `cpts` app is installed; `interurps` does not import it
(the model is looked up by name when a resource is created).
"""

import re

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Value
from django.db.models.functions import Concat
from import_export import widgets
from import_export.fields import Field

from interurps.models import Department, Meeting, MeetingCategory, Organisation, Person, Programme
from interurps.resources.base import (
    ChoiceWidget,
    FrenchDateWidget,
    FrenchModelResource,
    FrenchTimeWidget,
    MultiLookupWidget,
    TextWidget,
    YesNoWidget,
    cell_text,
    did_you_mean,
    quoted,
    simplify,
)
from interurps.resources.contacts import department_widget


def user_by_full_name(queryset, text):
    return queryset.annotate(import_full_name=Concat("first_name", Value(" "), "last_name")).filter(
        import_full_name__iexact=text
    )


def user_display_name(user):
    return user.get_full_name() or user.get_username()


def user_keys(user):
    return [user_display_name(user), user.get_username(), f"{user.last_name} {user.first_name}"]


def person_by_full_name(queryset, text):
    return queryset.annotate(import_full_name=Concat("first_name", Value(" "), "last_name")).filter(
        import_full_name__iexact=text
    )


def person_keys(person):
    return [person.full_name, f"{person.last_name} {person.first_name}", person.email]


def people_widget():
    return MultiLookupWidget(
        Person,
        ("email", person_by_full_name),
        "Personne inconnue : « {value} » (prénom et nom, ou courriel, d'une personne de l'annuaire)",
        render_value=lambda person: person.full_name,
        keys=person_keys,
    )


def programmes_widget():
    return MultiLookupWidget(Programme, ("code", "name"), "Programme inconnu : « {value} »", render_value=str)


class CategoryWidget(widgets.ForeignKeyWidget):
    """A category found by its name among the categories of the row's programmes."""

    def __init__(self, programmes_column="programmes"):
        super().__init__(MeetingCategory, field="name")
        self.programmes_column = programmes_column
        self.programmes = programmes_widget()
        self._categories = None

    def categories(self):
        """Every category by its simplified name, read once per import."""
        if self._categories is None:
            self._categories = {}
            for category in MeetingCategory.objects.select_related("programme"):
                self._categories.setdefault(simplify(category.name), []).append(category)
        return self._categories

    def allowed_values(self):
        return sorted(
            f"{category.name} ({category.programme.name})"
            for categories in self.categories().values()
            for category in categories
        )

    def row_programmes(self, row):
        try:
            return self.programmes.clean((row or {}).get(self.programmes_column))
        except ValueError:
            return []

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return None
        programmes = self.row_programmes(row)
        categories = self.categories().get(simplify(text), [])
        matching = [c for c in categories if c.programme in programmes] if programmes else categories
        if len(matching) == 1:
            return matching[0]
        names = ", ".join(c.programme.name for c in (matching or categories))
        if len(matching) > 1:
            raise ValueError(
                f"La catégorie {quoted(text)} existe dans plusieurs programmes ({names}) : "
                "n'indiquez que le programme concerné."
            )
        if categories:
            raise ValueError(f"La catégorie {quoted(text)} n'appartient à aucun des programmes indiqués ({names}).")
        known = [c.name for cs in self.categories().values() for c in cs if not programmes or c.programme in programmes]
        raise ValueError(f"Catégorie inconnue : {quoted(text)}.{did_you_mean(text, known)}")


def cpts_name_key(text):
    """How CPTS names are compared: without case, accents or extra spaces, whatever the spaces around commas."""
    return re.sub(r"\s*[,;]\s*", ", ", simplify(text))


class CPTSWidget(widgets.ManyToManyWidget):
    """The CPTS a meeting concerned, by their full names separated by commas or semicolons.

    A name must be the CPTS's exact name, ignoring case and accents only ("cpts du grand saumurois"
    finds "CPTS du Grand Saumurois", "Grand Saumurois" does not): a fragment or an acronym could link the
    meeting to the wrong CPTS without anyone noticing. A name that itself holds a comma is recognised (the
    longest run of pieces forming a known name wins), so an export always reads back. An unknown name is
    a row error naming it.
    """

    def __init__(self, model):
        super().__init__(model, separator=", ")
        self._by_key = None

    def by_key(self):
        """The CPTS by name key, read once per import (an import does not create CPTS)."""
        if self._by_key is None:
            self._by_key = {}
            for cpts in self.model._default_manager.all():
                self._by_key.setdefault(cpts_name_key(cpts.name), []).append(cpts)
        return self._by_key

    def find(self, pieces):
        """The CPTS named by the longest run of `pieces` from the first, and how many pieces it took."""
        for end in range(len(pieces), 0, -1):
            text = ", ".join(pieces[:end])
            candidates = self.by_key().get(cpts_name_key(text), [])
            if len(candidates) > 1:
                # Two names that differ only by their accents: the exact spelling decides.
                candidates = [cpts for cpts in candidates if cpts.name.casefold() == text.casefold()]
                if len(candidates) != 1:
                    raise ValueError(f"{quoted(text)} désigne plusieurs CPTS : écrivez le nom avec ses accents.")
            if candidates:
                return candidates[0], end
        raise ValueError(f"CPTS inconnue : {quoted(pieces[0])} (nom complet de la CPTS attendu)")

    def clean(self, value, row=None, **kwargs):
        pieces = [piece.strip() for piece in re.split(r"[,;\n]", cell_text(value)) if piece.strip()]
        found = []
        while pieces:
            cpts, used = self.find(pieces)
            if cpts not in found:
                found.append(cpts)
            pieces = pieces[used:]
        return found

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        # .all() reads the prefetched CPTS of `Meeting.objects.for_list()`.
        return self.separator.join(cpts.name for cpts in value.all())


class MeetingResource(FrenchModelResource):
    date = Field(attribute="date", column_name="date", widget=FrenchDateWidget())
    end_date = Field(attribute="end_date", column_name="date de fin", widget=FrenchDateWidget())
    start_time = Field(attribute="start_time", column_name="heure de début", widget=FrenchTimeWidget())
    end_time = Field(attribute="end_time", column_name="heure de fin", widget=FrenchTimeWidget())
    title = Field(attribute="title", column_name="intitulé", widget=TextWidget())
    kind = Field(
        attribute="kind",
        column_name="type",
        widget=ChoiceWidget(Meeting.Kind.choices, "Type de réunion inconnu"),
        default=Meeting.Kind.MEETING,
    )
    programmes = Field(attribute="programmes", column_name="programmes", widget=programmes_widget())
    category = Field(attribute="category", column_name="catégorie", widget=CategoryWidget())
    mode = Field(
        attribute="mode",
        column_name="modalité",
        widget=ChoiceWidget(Meeting.Mode.choices, "Modalité inconnue", aliases={"visioconference": "remote"}),
        default=Meeting.Mode.IN_PERSON,
    )
    place = Field(attribute="place", column_name="lieu", widget=TextWidget())
    department = Field(attribute="department", column_name="département", widget=department_widget())
    organisations = Field(
        attribute="organisations",
        column_name="organisations",
        widget=MultiLookupWidget(
            Organisation, ("name", "acronym"), "Organisation inconnue : « {value} »", render_value=lambda o: o.name
        ),
    )
    staff = Field(
        attribute="staff",
        column_name="équipe",
        widget=MultiLookupWidget(
            get_user_model(),
            ("username", user_by_full_name),
            "Membre de l'équipe inconnu : « {value} » (nom complet ou identifiant attendu)",
            render_value=user_display_name,
            keys=user_keys,
        ),
    )
    people = Field(attribute="people", column_name="personnes présentes", widget=people_widget())
    is_highlight = Field(attribute="is_highlight", column_name="temps fort", widget=YesNoWidget(), default=False)
    highlight_summary = Field(attribute="highlight_summary", column_name="résumé du temps fort", widget=TextWidget())
    notes = Field(attribute="notes", column_name="notes", widget=TextWidget())

    required_columns = ("date", "intitulé", "programmes")
    duplicate_label = "la même réunion (même date, même intitulé et même heure de début)"
    column_help = {
        "date": "Premier jour de la réunion.",
        "date de fin": "Dernier jour, pour une réunion sur plusieurs jours ; vide sinon.",
        "intitulé": "Avec la date et l'heure de début, il reconnaît une réunion déjà enregistrée (mise à jour).",
        "programmes": "Code ou nom des programmes, séparés par des virgules.",
        "catégorie": "Une catégorie d'un des programmes de la ligne.",
        "département": "Code du département (44, 85…).",
        "organisations": "Nom ou sigle d'organisations de l'annuaire, séparés par des virgules.",
        "équipe": "Prénom et nom (ou identifiant) des membres de l'équipe présents, séparés par des virgules.",
        "personnes présentes": "Prénom et nom (ou courriel) de personnes de l'annuaire, séparés par des virgules.",
        "CPTS": "Nom complet des CPTS concernées, séparés par des virgules.",
    }

    class Meta:
        model = Meeting
        fields = [
            "date",
            "end_date",
            "start_time",
            "end_time",
            "title",
            "kind",
            "programmes",
            "category",
            "mode",
            "place",
            "department",
            "cpts",  # added by __init__ when the cpts app is installed; ignored otherwise
            "organisations",
            "staff",
            "people",
            "is_highlight",
            "highlight_summary",
            "notes",
        ]
        import_id_fields = []
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        store_row_values = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if apps.is_installed("cpts"):
            self.fields["cpts"] = Field(
                attribute="cpts", column_name="CPTS", widget=CPTSWidget(apps.get_model("cpts", "CPTS"))
            )

    def get_queryset(self):
        return Meeting.objects.for_list().prefetch_related("people")

    def filter_export(self, queryset, **kwargs):
        return queryset.for_list().prefetch_related("people")

    def example_values(self):
        """An example row read from the database (the region's first department, a real category…)."""
        category = MeetingCategory.objects.select_related("programme").order_by("programme__order", "name").first()
        programme = category.programme if category else Programme.objects.first()
        region = sorted(code.strip() for code in settings.REGION_DEPARTMENTS)
        department = Department.objects.filter(code__in=region).order_by("code").first()
        organisation = Organisation.objects.order_by("name").first()
        values = {
            "date": "12/03/2021",
            "heure de début": "14:00",
            "heure de fin": "16:00",
            "intitulé": "Réunion de travail",
            "type": Meeting.Kind.MEETING.label,
            "programmes": programme.code if programme else "",
            "catégorie": category.name if category else "",
            "modalité": Meeting.Mode.IN_PERSON.label,
            "département": department.code if department else "",
            "organisations": organisation.name if organisation else "",
            "temps fort": "non",
        }
        return values

    def get_instance(self, instance_loader, row):
        """The meeting of the same date, title and start time, if there is one."""
        date, title = self.cleaned(row, "date"), self.cleaned(row, "title")
        if not date or not title:
            return None
        meetings = Meeting.objects.filter(date=date, title__iexact=title).order_by("pk")
        if self.fields["start_time"].column_name in row:
            start_time = self.cleaned(row, "start_time")
            meetings = meetings.filter(start_time=start_time) if start_time else meetings.filter(start_time=None)
        return meetings.first()

    def check_row(self, instance, row, errors):
        if "programmes" not in errors and not self.cleaned(row, "programmes"):
            return {
                "programmes": ValidationError(
                    "Indiquez au moins un programme (code ou nom, séparés par des virgules).", code="required"
                )
            }
        return {}

    def before_save_instance(self, instance, row, **kwargs):
        user = kwargs.get("user")
        if instance._state.adding and instance.created_by_id is None and user is not None and user.is_authenticated:
            instance.created_by = user
