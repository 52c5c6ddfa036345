import django_filters
from django import forms
from django.apps import apps
from django.db.models import Exists, OuterRef, Q
from django.http import QueryDict
from django_filters.fields import ModelChoiceField

from interurps.forms import DateInput, cpts_model, grouped_category_choices, team_users, user_label
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
    q = django_filters.CharFilter(
        label="Recherche", method="search", help_text="Intitulé, lieu, notes, personnes ou organisations présentes"
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
    if apps.is_installed("cpts"):
        cpts = django_filters.ModelChoiceFilter(
            label="CPTS", field_name="cpts", queryset=lambda request: cpts_model().objects.all(), empty_label="Toutes"
        )

    class Meta:
        model = Meeting
        fields = []

    def __init__(self, data=None, *args, request=None, **kwargs):
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if data.get("qui") not in (self.MINE, self.ALL):
            data["qui"] = self.default_scope(request)
        super().__init__(data, *args, request=request, **kwargs)
        category = self.form.fields["category"]
        # Rendered as <optgroup>s per programme; the field still validates against its queryset.
        category.widget.choices = grouped_category_choices(category.queryset, empty_label="Toutes")

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

    def search(self, queryset, name, value):
        """Each word in the title, place or notes, or in the name of a person or an organisation present."""
        people = Meeting.people.through.objects.filter(meeting=OuterRef("pk"))
        organisations = Meeting.organisations.through.objects.filter(meeting=OuterRef("pk"))
        for word in value.split():
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(notes__icontains=word)
                | Q(place__icontains=word)
                | Exists(people.filter(Q(person__last_name__icontains=word) | Q(person__first_name__icontains=word)))
                | Exists(
                    organisations.filter(
                        Q(organisation__name__icontains=word) | Q(organisation__acronym__icontains=word)
                    )
                )
            )
        return queryset


# --- Contacts -------------------------------------------------------------------------------


def search_words(queryset, value, fields):
    """Each word of the search must be found in one of the fields."""
    for word in value.split():
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(condition)
    return queryset


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Recherche", method="search")
    organisation_kind = django_filters.ChoiceFilter(
        label="Type d'organisation", field_name="organisation__kind", choices=Organisation.Kind.choices
    )
    union = django_filters.ModelChoiceFilter(label="Union", queryset=Union.objects.all())
    department = django_filters.ModelChoiceFilter(
        label="Département", field_name="organisation__department", queryset=Department.objects.all()
    )

    class Meta:
        model = Person
        fields = []

    def search(self, queryset, name, value):
        return search_words(
            queryset,
            value,
            ["first_name", "last_name", "email", "profession", "organisation__name", "organisation__acronym"],
        )


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Recherche", method="search")
    kind = django_filters.ChoiceFilter(label="Type", choices=Organisation.Kind.choices)
    department = django_filters.ModelChoiceFilter(label="Département", queryset=Department.objects.all())

    class Meta:
        model = Organisation
        fields = []

    def search(self, queryset, name, value):
        return search_words(queryset, value, ["name", "acronym", "notes"])
