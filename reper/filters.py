import django_filters
from django.db.models.functions import ExtractYear

from interurps.models import Department
from reper.models import ExperimentationTerritory, ReperProject, TerritoryFigures


class TerritoryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Recherche", field_name="cpts__name", lookup_expr="icontains")
    status = django_filters.ChoiceFilter(label="Statut", choices=ExperimentationTerritory.Status.choices)
    department = django_filters.ModelChoiceFilter(
        label="Département", field_name="cpts__department", queryset=Department.objects.all()
    )
    project = django_filters.ModelChoiceFilter(label="Projet", queryset=ReperProject.objects.all())

    class Meta:
        model = ExperimentationTerritory
        fields = []


def figure_years():
    """The years that have figures, newest first, as choices."""
    years = (
        TerritoryFigures.objects.annotate(year=ExtractYear("period_start"))
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
    return [(year, str(year)) for year in years]


class FiguresFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Recherche", method="search")
    territory = django_filters.ModelChoiceFilter(
        label="Territoire", queryset=ExperimentationTerritory.objects.select_related("cpts")
    )
    year = django_filters.TypedChoiceFilter(label="Année", field_name="period_start__year", choices=[], coerce=int)
    department = django_filters.ModelChoiceFilter(
        label="Département", field_name="territory__cpts__department", queryset=Department.objects.all()
    )

    class Meta:
        model = TerritoryFigures
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = figure_years()  # read once, not at each use of the form

    def search(self, queryset, name, value):
        return queryset.filter(territory__cpts__name__icontains=value)
