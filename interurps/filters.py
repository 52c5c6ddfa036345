import django_filters
from django import forms
from django.http import QueryDict
from django_filters.fields import ModelChoiceField

from interurps import registry
from interurps.collation import french
from interurps.filtersets import SearchFilter, SortFilter
from interurps.forms import DateInput, grouped_category_choices, team_users, user_label
from interurps.models import Department, Meeting, MeetingCategory, Organisation, Person, Programme, Union


class TeamMemberField(ModelChoiceField):
    def label_from_instance(self, obj):
        return user_label(obj)


class TeamMemberFilter(django_filters.ModelChoiceFilter):
    field_class = TeamMemberField


class MeetingFilter(django_filters.FilterSet):
    """The meeting list's filters. `qui` chooses between the user's meetings (the default) and everyone's."""

    MINE = "miennes"
    ALL = "toutes"

    qui = django_filters.ChoiceFilter(
        label="Réunions affichées",
        choices=[(MINE, "Mes réunions"), (ALL, "Toutes les réunions")],
        method="filter_scope",
        empty_label=None,
        widget=forms.HiddenInput,
    )
    q = SearchFilter(
        fields=[
            "title",
            "notes",
            "place",
            "people__first_name",
            "people__last_name",
            "organisations__name",
            "organisations__acronym",
        ],
        help_text="Intitulé, lieu, notes, personnes ou organisations présentes",
    )
    programme = django_filters.ModelChoiceFilter(
        label="Programme",
        field_name="programmes",
        queryset=Programme.objects.all(),
        to_field_name="code",
        empty_label="Tous",
    )
    category = django_filters.ModelChoiceFilter(
        label="Catégorie", queryset=MeetingCategory.objects.select_related("programme"), empty_label="Toutes"
    )
    date_after = django_filters.DateFilter(label="Du", field_name="date", lookup_expr="gte", widget=DateInput())
    date_before = django_filters.DateFilter(label="Au", field_name="date", lookup_expr="lte", widget=DateInput())
    department = django_filters.ModelChoiceFilter(
        label="Département", queryset=Department.objects.all(), empty_label="Tous"
    )
    staff = TeamMemberFilter(
        label="Membre de l'équipe", field_name="staff", queryset=lambda request: team_users(), empty_label="Tous"
    )

    tri = SortFilter(
        fields={"date": "date", "title": "titre", "category__name": "categorie", "department__code": "departement"},
        default="-date",
        descending_first={"date"},
    )

    class Meta:
        model = Meeting
        fields = []

    def __init__(self, data=None, *args, request=None, **kwargs):
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if data.get("qui") not in (self.MINE, self.ALL):
            data["qui"] = self.default_scope(request)
        super().__init__(data, *args, request=request, **kwargs)
        self.add_extension_filters()
        category = self.form.fields["category"]
        # Rendered as <optgroup>s per programme; the field still validates against its queryset.
        category.widget.choices = grouped_category_choices(category.queryset, empty_label="Toutes")

    def add_extension_filters(self):
        """The filters the apps add to the meeting list (interurps.registry), after the core's."""
        for extension in registry.meeting_extensions():
            extension_filter = extension.filter()
            if extension_filter is not None:
                extension_filter.model = self.queryset.model
                extension_filter.parent = self
                self.filters[extension.key] = extension_filter

    @classmethod
    def default_scope(cls, request):
        """Staff see their own meetings first; readers (the board) are on no meeting, so they see them all."""
        user = getattr(request, "user", None)
        if user is not None and user.has_perm("interurps.add_meeting"):
            return cls.MINE
        return cls.ALL

    @property
    def scope(self):
        return self.data["qui"]

    def filter_scope(self, queryset, name, value):
        if value == self.MINE:
            return queryset.filter(staff=self.request.user)
        return queryset


# --- Contacts -------------------------------------------------------------------------------


class PersonFilter(django_filters.FilterSet):
    q = SearchFilter(
        fields=["first_name", "last_name", "email", "profession", "organisation__name", "organisation__acronym"]
    )
    organisation_kind = django_filters.ChoiceFilter(
        label="Type d'organisation",
        field_name="organisation__kind",
        choices=Organisation.Kind.choices,
        empty_label="Tous",
    )
    union = django_filters.ModelChoiceFilter(label="Union", queryset=Union.objects.all(), empty_label="Toutes")
    department = django_filters.ModelChoiceFilter(
        label="Département",
        field_name="organisation__department",
        queryset=Department.objects.all(),
        empty_label="Tous",
    )
    tri = SortFilter(
        fields={
            "last_name": "nom",
            "first_name": "prenom",
            "organisation__name": "organisation",
            "union__short_name": "union",
        },
        expressions={
            "nom": french("last_name"),
            "prenom": french("first_name"),
            "organisation": french("organisation__name"),
        },
        default="nom",
    )

    class Meta:
        model = Person
        fields = []


class OrganisationFilter(django_filters.FilterSet):
    q = SearchFilter(fields=["name", "acronym", "notes"])
    kind = django_filters.ChoiceFilter(label="Type", choices=Organisation.Kind.choices, empty_label="Tous")
    department = django_filters.ModelChoiceFilter(
        label="Département", queryset=Department.objects.all(), empty_label="Tous"
    )
    tri = SortFilter(
        fields={
            "name": "nom",
            "acronym": "sigle",
            "kind": "type",
            "department__code": "departement",
            "people_count": "personnes",
        },
        expressions={"nom": french("name"), "sigle": french("acronym")},
        default="nom",
    )

    class Meta:
        model = Organisation
        fields = []
