"""The filters of the CPTS list. They filter on the annotations of `cpts.views.cpts.list_queryset()`."""

import django_filters
from django import forms

from cpts.enums import AccompanyingBody, SizeClass, Stage
from cpts.models import CPTS
from cpts.ordering import cpts_sort_key
from interurps.filters import TeamMemberFilter
from interurps.filtersets import SearchFilter, SortFilter
from interurps.forms import team_users
from interurps.models import Department

NO_STAGE = "aucune"


class CPTSFilter(django_filters.FilterSet):
    q = SearchFilter(
        fields=["name", "acronym", "communes__name", "communes__insee_code__exact"],
        help_text="Nom, sigle ou commune du territoire",
    )
    department = django_filters.ModelChoiceFilter(
        label="Département", queryset=Department.objects.all(), empty_label="Tous"
    )
    stage = django_filters.ChoiceFilter(
        label="Étape actuelle",
        choices=[*Stage.choices, (NO_STAGE, "aucune étape enregistrée")],
        method="filter_stage",
        empty_label="Toutes",
    )
    size = django_filters.ChoiceFilter(
        label="Taille", field_name="size_class", choices=SizeClass.choices, empty_label="Toutes"
    )
    referent = TeamMemberFilter(
        label="Référent·e", field_name="referents", queryset=lambda request: team_users(), empty_label="Tous"
    )
    accompanied_by = django_filters.ChoiceFilter(
        label="Accompagnement", choices=AccompanyingBody.choices, empty_label="Tous"
    )
    overlap = django_filters.BooleanFilter(
        label="Seulement les territoires qui se chevauchent", method="filter_overlap", widget=forms.CheckboxInput
    )

    tri = SortFilter(
        fields={
            "name": "nom",
            "department__code": "departement",
            "population": "population",
            "stage_rank": "etape",
            "current_stage_date": "depuis",
            "aci_signed_on": "aci",
        },
        expressions={"nom": cpts_sort_key()},  # "CPTS de Guérande" among the G's
        default="nom",
        descending_first={"population", "depuis"},
    )

    class Meta:
        model = CPTS
        fields = []

    def filter_stage(self, queryset, name, value):
        if value == NO_STAGE:
            return queryset.filter(current_stage__isnull=True)
        return queryset.filter(current_stage=value)

    def filter_overlap(self, queryset, name, value):
        return queryset.with_overlap_count().filter(overlap_count__gt=0) if value else queryset
