"""Import and export of the contacts: organisations and people (French column headers)."""

from import_export.fields import Field

from interurps.models import Department, Organisation, Person, Union
from interurps.resources.base import (
    ChoiceWidget,
    FrenchModelResource,
    LookupWidget,
    PhoneWidget,
    TextWidget,
    cell_text,
    department_code,
)


def department_widget():
    return LookupWidget(
        Department, ("code", "name"), "Département inconnu : {value}", field="code", normalise=department_code
    )


class OrganisationResource(FrenchModelResource):
    """Organisations, identified by their name (whatever its case): importing twice updates."""

    name = Field(attribute="name", column_name="nom", widget=TextWidget())
    acronym = Field(attribute="acronym", column_name="sigle", widget=TextWidget())
    kind = Field(
        attribute="kind",
        column_name="type",
        widget=ChoiceWidget(Organisation.Kind.choices, "Type d'organisation inconnu"),
        default=Organisation.Kind.OTHER,
    )
    department = Field(attribute="department", column_name="département", widget=department_widget())
    website = Field(attribute="website", column_name="site internet", widget=TextWidget())
    notes = Field(attribute="notes", column_name="notes", widget=TextWidget())

    required_columns = ("nom",)
    checks_then_writes_in_bulk = True
    duplicate_label = "la même organisation (même nom)"

    class Meta:
        model = Organisation
        fields = ["name", "acronym", "kind", "department", "website", "notes"]
        import_id_fields = []
        use_bulk = True
        skip_diff = True
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        store_row_values = True

    def get_queryset(self):
        return Organisation.objects.select_related("department")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("department")

    def before_import(self, dataset, **kwargs):
        """Every organisation by its name without case, read once (see get_instance)."""
        super().before_import(dataset, **kwargs)
        self._by_name = {}
        for organisation in self.get_queryset().order_by("pk"):
            self._by_name.setdefault(organisation.name.lower(), organisation)

    def get_instance(self, instance_loader, row):
        name = self.cleaned(row, "name")
        if not name:
            return None
        if not hasattr(self, "_by_name"):
            return Organisation.objects.filter(name__iexact=name).first()
        return self._by_name.get(name.lower())

    def record_key(self, instance, row):
        name = self.cleaned(row, "name")
        return ("organisation", name.lower()) if name else None


def organisation_widget():
    return LookupWidget(Organisation, ("name", "acronym"), "Organisation inconnue : « {value} »", field="name")


def union_widget():
    return LookupWidget(Union, ("short_name", "code", "name"), "Union inconnue : « {value} »", field="short_name")


class PersonResource(FrenchModelResource):
    """People, identified by e-mail, else by first name, last name and organisation (case-insensitive).

    A row with an e-mail unknown to the database also matches a person with the same names and
    organisation who has no e-mail yet, so adding e-mails to a list already imported updates it.
    """

    civility = Field(
        attribute="civility",
        column_name="civilité",
        widget=ChoiceWidget(
            Person.Civility.choices,
            "Civilité inconnue",
            aliases={"madame": "mme", "monsieur": "m", "mr": "m", "docteur": "dr", "professeur": "pr"},
        ),
        default="",
    )
    first_name = Field(attribute="first_name", column_name="prénom", widget=TextWidget())
    last_name = Field(attribute="last_name", column_name="nom", widget=TextWidget())
    profession = Field(attribute="profession", column_name="profession", widget=TextWidget())
    organisation = Field(attribute="organisation", column_name="organisation", widget=organisation_widget())
    union = Field(attribute="union", column_name="union", widget=union_widget())
    email = Field(attribute="email", column_name="courriel", widget=TextWidget())
    phone = Field(attribute="phone", column_name="téléphone", widget=PhoneWidget())
    notes = Field(attribute="notes", column_name="notes", widget=TextWidget())

    # The column of first names is required, not its cells: a person may be known by their last name only.
    required_columns = ("prénom", "nom")
    checks_then_writes_in_bulk = True
    duplicate_label = "la même personne (même courriel, ou mêmes prénom, nom et organisation)"

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
        ]
        import_id_fields = []
        use_bulk = True
        skip_diff = True
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        store_row_values = True

    def get_queryset(self):
        return Person.objects.select_related("organisation", "union")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("organisation", "union")

    def before_import(self, dataset, **kwargs):
        """Every person by e-mail and by names and organisation, read once (see get_instance)."""
        super().before_import(dataset, **kwargs)
        self._by_email, self._by_names = {}, {}
        for person in self.get_queryset().order_by("pk"):
            if person.email:
                self._by_email.setdefault(person.email.lower(), person)
            key = (person.first_name.lower(), person.last_name.lower(), person.organisation_id)
            self._by_names.setdefault(key, []).append(person)

    def names_key(self, row):
        """(first name, last name, organisation pk) of the row, lower case; None if it cannot name anyone."""
        last_name = self.cleaned(row, "last_name")
        if not last_name:
            return None
        first_name = self.cleaned(row, "first_name") or ""
        organisation = None
        if "organisation" in row and cell_text(row["organisation"]):
            organisation = self.cleaned(row, "organisation")
            if organisation is None:
                return None  # unknown organisation: the row is rejected by the organisation's widget
        return (first_name.lower(), last_name.lower(), organisation.pk if organisation else None)

    def get_instance(self, instance_loader, row):
        email = self.cleaned(row, "email")
        if email and email.lower() in self._by_email:
            return self._by_email[email.lower()]
        key = self.names_key(row)
        if key is None:
            return None
        people = self._by_names.get(key, [])
        if email:
            people = [person for person in people if not person.email]
        return people[0] if people else None

    def record_key(self, instance, row):
        email = self.cleaned(row, "email")
        if email:
            return ("person", email.lower())
        if instance.pk is not None:
            return None  # the person found: their primary key
        key = self.names_key(row)
        return ("person", *key) if key else None

    def unchecked_fields(self, instance):
        """A person may have no first name (the directory holds some, and an export of it reads back)."""
        fields = super().unchecked_fields(instance)
        return [*fields, "first_name"] if not instance.first_name else fields
