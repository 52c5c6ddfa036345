import django_filters
from django.db.models.functions import ExtractYear

from interurps.filtersets import SearchFilter, SortFilter
from interurps.models import Department
from reper.models import ExperimentationTerritory, ReperProject, TerritoryFigures


class TerritoryFilter(django_filters.FilterSet):
    q = SearchFilter(fields=["cpts__name", "cpts__acronym", "notes"])
    status = django_filters.ChoiceFilter(
        label="Statut", choices=ExperimentationTerritory.Status.choices, empty_label="Tous"
    )
    department = django_filters.ModelChoiceFilter(
        label="Département", field_name="cpts__department", queryset=Department.objects.all(), empty_label="Tous"
    )
    project = django_filters.ModelChoiceFilter(label="Projet", queryset=ReperProject.objects.all(), empty_label="Tous")
    tri = SortFilter(
        fields={
            "cpts__name": "cpts",
            "cpts__department__code": "departement",
            "recruitment_date": "recrutement",
            "status": "statut",
            "total_screenings": "reperages",
        },
        default="cpts",
        descending_first={"reperages"},
    )

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
    q = SearchFilter(fields=["territory__cpts__name", "territory__cpts__acronym", "notes"])
    territory = django_filters.ModelChoiceFilter(
        label="Territoire", queryset=ExperimentationTerritory.objects.select_related("cpts"), empty_label="Tous"
    )
    year = django_filters.TypedChoiceFilter(label="Année", field_name="period_start__year", choices=[], coerce=int)
    department = django_filters.ModelChoiceFilter(
        label="Département",
        field_name="territory__cpts__department",
        queryset=Department.objects.all(),
        empty_label="Tous",
    )
    tri = SortFilter(
        fields={"period_start": "periode", "territory__cpts__name": "territoire"},
        default="-periode",
        descending_first={"periode"},
    )

    class Meta:
        model = TerritoryFigures
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = [
            ("", "Toutes"),
            *figure_years(),
        ]  # read once, not at each use of the form
