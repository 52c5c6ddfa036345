"""The filters of the CPTS list. They filter on the annotations of `CPTSQuerySet.for_list()`."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from cpts.enums import AccompanyingBody, SizeClass, Stage
from cpts.models import CPTS
from interurps.filters import TeamMemberFilter
from interurps.forms import team_users
from interurps.models import Department

NO_STAGE = "aucune"


class CPTSFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Recherche", method="search", help_text="Nom, sigle ou commune du territoire")
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

    class Meta:
        model = CPTS
        fields = []

    def filter_stage(self, queryset, name, value):
        if value == NO_STAGE:
            return queryset.filter(current_stage__isnull=True)
        return queryset.filter(current_stage=value)

    def filter_overlap(self, queryset, name, value):
        return queryset.filter(overlap_count__gt=0) if value else queryset

    def search(self, queryset, name, value):
        """Each word must be in the name, the acronym or the name or INSEE code of a commune of the territory."""
        links = CPTS.communes.through.objects.filter(cpts=OuterRef("pk"))
        for word in value.split():
            in_territory = links.filter(Q(commune__name__icontains=word) | Q(commune__insee_code=word))
            queryset = queryset.filter(Q(name__icontains=word) | Q(acronym__icontains=word) | Exists(in_territory))
        return queryset
