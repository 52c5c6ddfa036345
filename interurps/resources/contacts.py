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

    class Meta:
        model = Organisation
        fields = ["name", "acronym", "kind", "department", "website", "notes"]
        import_id_fields = []
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        store_row_values = True

    def get_queryset(self):
        return Organisation.objects.select_related("department")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("department")

    def get_instance(self, instance_loader, row):
        name = self.cleaned(row, "name")
        if not name:
            return None
        return Organisation.objects.filter(name__iexact=name).first()


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

    required_columns = ("prénom", "nom")

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
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        store_row_values = True

    def get_queryset(self):
        return Person.objects.select_related("organisation", "union")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("organisation", "union")

    def get_instance(self, instance_loader, row):
        people = Person.objects.order_by("pk")
        email = self.cleaned(row, "email")
        if email:
            person = people.filter(email__iexact=email).first()
            if person is not None:
                return person
            people = people.filter(email="")
        first_name, last_name = self.cleaned(row, "first_name"), self.cleaned(row, "last_name")
        if not first_name or not last_name:
            return None
        people = people.filter(first_name__iexact=first_name, last_name__iexact=last_name)
        if "organisation" in row:
            if cell_text(row["organisation"]):
                organisation = self.cleaned(row, "organisation")
                if organisation is None:
                    return None  # unknown organisation: the row is rejected by import_instance
                people = people.filter(organisation=organisation)
            else:
                people = people.filter(organisation__isnull=True)
        return people.first()
