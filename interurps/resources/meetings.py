"""Import and export of meetings (the activity log), with French column headers.

The same layout is written by the export and read by the import, so an exported file can be
corrected and imported back: a meeting is recognised by its date, title and start time, and two
rows of one file naming the same meeting are both refused.

The apps add their columns (interurps.registry's meeting extensions) when a resource is created.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from import_export import widgets
from import_export.fields import Field

from interurps import registry
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


def user_by_full_name(user):
    """A user's first and last names, as a lookup of `LookupWidget`."""
    return f"{user.first_name} {user.last_name}"


def user_display_name(user):
    return user.get_full_name() or user.get_username()


def user_keys(user):
    return [user_display_name(user), user.get_username(), f"{user.last_name} {user.first_name}"]


def person_by_full_name(person):
    """A person's first and last names, as a lookup of `LookupWidget`."""
    return f"{person.first_name} {person.last_name}"


def person_with_organisation(person):
    """`Prénom NOM (Organisation)`: how the export names a person whose name another person has too."""
    return f"{person.full_name} ({person.organisation.name})" if person.organisation_id else person.full_name


def person_with_number(person):
    """`Prénom NOM (n° 12)`: a person whose name and organisation another person has too, by their number."""
    return f"{person.full_name} (n° {person.pk})"


def person_keys(person):
    keys = [person.full_name, f"{person.last_name} {person.first_name}", person.email, person_with_number(person)]
    if person.organisation_id:
        keys.append(person_with_organisation(person))
    return keys


class PeopleWidget(MultiLookupWidget):
    """The people present, by name (or e-mail).

    A name that several people of the directory have is written so that an export reads back to the
    same people: with the person's organisation, else their e-mail, else their number in the directory
    (`Prénom NOM (n° 12)`, the number of their page's address).
    """

    def __init__(self):
        super().__init__(
            Person,
            ("email", person_by_full_name),
            "Personne inconnue : « {value} » (prénom et nom, ou courriel, d'une personne de l'annuaire)",
            render_value=self.label,
            queryset=Person.objects.select_related("organisation"),
            keys=person_keys,
        )
        self._shared = None

    def shared(self):
        """The names, and (name, organisation) pairs, that several people have: read once per export."""
        if self._shared is None:
            names, pairs = {}, {}
            for first_name, last_name, organisation in Person.objects.values_list(
                "first_name", "last_name", "organisation"
            ):
                name = simplify(f"{first_name} {last_name}")
                names[name] = names.get(name, 0) + 1
                pairs[(name, organisation)] = pairs.get((name, organisation), 0) + 1
            self._shared = (
                {name for name, count in names.items() if count > 1},
                {pair for pair, count in pairs.items() if count > 1},
            )
        return self._shared

    def label(self, person):
        names, pairs = self.shared()
        name = simplify(person.full_name)
        if name not in names:
            return person.full_name
        if person.organisation_id and (name, person.organisation_id) not in pairs:
            return person_with_organisation(person)
        return person.email or person_with_number(person)


def people_widget():
    return PeopleWidget()


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
    checks_then_writes_in_bulk = True
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
            "organisations",
            "staff",
            "people",
            "is_highlight",
            "highlight_summary",
            "notes",
        ]
        import_id_fields = []
        use_bulk = True
        skip_diff = True  # the preview shows the file's cells; skip_row compares what it needs
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        store_row_values = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # The columns the apps add to the meeting (interurps.registry), each after the column it names.
        self.extension_columns = {}
        for extension in registry.meeting_extensions():
            extension_field = extension.resource_field()
            if extension_field is not None:
                self.fields[extension.key] = extension_field
                self.extension_columns[extension.key] = extension.resource_after

    def with_extension_columns(self, order):
        order = [name for name in order if name not in self.extension_columns]
        for name, after in self.extension_columns.items():
            order.insert(order.index(after) + 1 if after in order else len(order), name)
        return tuple(order)

    def get_import_order(self):
        return self.with_extension_columns(super().get_import_order())

    def get_export_order(self):
        return self.with_extension_columns(super().get_export_order())

    def get_queryset(self):
        return Meeting.objects.for_list().prefetch_related(self.people_prefetch())

    def filter_export(self, queryset, **kwargs):
        return queryset.for_list().prefetch_related(self.people_prefetch())

    @staticmethod
    def people_prefetch():
        return Prefetch("people", queryset=Person.objects.select_related("organisation"))

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

    # --- reading the meetings of a file in a few queries, whatever its length ----------------

    def before_import(self, dataset, **kwargs):
        """The meetings the file's rows name, read once with their links (see get_instance).

        The keys (date, title, start time) of the meetings of the file's dates are read first, in one
        query; then only the meetings that a row names, with their links.
        """
        super().before_import(dataset, **kwargs)
        self._existing = {}
        column = self.fields["date"].column_name
        if column not in (dataset.headers or []):
            return
        dates = set()
        for value in dataset[column]:
            try:
                date = self.fields["date"].widget.clean(value)
            except ValueError:
                continue
            if date:
                dates.add(date)
        if not dates:
            return
        keys = {}  # key -> pk of the first meeting with it
        in_range = Meeting.objects.filter(date__range=(min(dates), max(dates))).order_by("pk")
        for pk, date, title, start_time in in_range.values_list("pk", "date", "title", "start_time"):
            if date in dates:
                keys.setdefault((date, title.lower()), pk)
                keys.setdefault((date, title.lower(), start_time), pk)
        wanted = {pk for key, pk in keys.items() if key in self.file_keys(dataset)}
        meetings = {meeting.pk: meeting for meeting in self.get_queryset().filter(pk__in=wanted)} if wanted else {}
        self._existing = {key: meetings[pk] for key, pk in keys.items() if pk in meetings}

    def file_keys(self, dataset):
        """The keys (see meeting_key) of the file's rows, read once."""
        if getattr(self, "_file_keys", (None, None))[0] is not dataset:
            headers = list(dataset.headers or [])
            found = set()
            for values in dataset:
                key = self.meeting_key(dict(zip(headers, values, strict=False)))
                if key:
                    found.add(key)
            self._file_keys = (dataset, found)
        return self._file_keys[1]

    def meeting_key(self, row):
        """(date, title, start time) of the row, without the start time when the file has no such column."""
        if getattr(self, "_key_of_row", (None, None))[0] is row:
            return self._key_of_row[1]  # asked by get_instance, then by record_key
        date, title = self.cleaned(row, "date"), self.cleaned(row, "title")
        key = None
        if date and title:
            if self.fields["start_time"].column_name in row:
                key = (date, title.lower(), self.cleaned(row, "start_time"))
            else:
                key = (date, title.lower())
        self._key_of_row = (row, key)
        return key

    def get_instance(self, instance_loader, row):
        """The meeting of the same date, title and start time, if there is one."""
        key = self.meeting_key(row)
        return getattr(self, "_existing", {}).get(key) if key else None

    def record_key(self, instance, row):
        """Two rows of one file with the same date, title and start time name the same meeting, new or not."""
        key = self.meeting_key(row)
        return ("meeting", *key) if key else None

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
            instance.created_by_id = user.pk  # the id only: no check of the user object for each row
