import django_filters

from cpts.models import CPTS
from interurps.filtersets import SearchFilter, SortFilter
from interurps.forms import DateInput
from interurps.models import Department
from sas.forms import CPTSChoiceField, DepartmentChoiceField
from sas.models import SASIndicator


class DepartmentFilter(django_filters.ModelChoiceFilter):
    field_class = DepartmentChoiceField


class CPTSFilter(django_filters.ModelChoiceFilter):
    field_class = CPTSChoiceField


class SASIndicatorFilter(django_filters.FilterSet):
    q = SearchFilter(fields=["cpts__name", "department__name", "notes"], help_text="CPTS, département ou notes")
    department = DepartmentFilter(
        label="Département",
        queryset=Department.objects.all(),
        method="filter_department",
        empty_label="Tous",
        help_text="Ses propres chiffres et ceux de ses CPTS.",
    )
    cpts = CPTSFilter(label="CPTS", queryset=CPTS.objects.select_related("department"), empty_label="Toutes")
    date_after = django_filters.DateFilter(
        label="Périodes depuis le", field_name="period_end", lookup_expr="gte", widget=DateInput()
    )
    date_before = django_filters.DateFilter(
        label="Périodes jusqu'au", field_name="period_start", lookup_expr="lte", widget=DateInput()
    )

    tri = SortFilter(
        fields={
            "period_start": "periode",
            "department__code": "departement",
            "cpts__name": "cpts",
            "slots_offered": "proposes",
            "slots_taken": "pris",
            "fill_rate_value": "remplissage",
        },
        default="-periode",
        descending_first={"periode"},
    )

    class Meta:
        model = SASIndicator
        fields = []

    def filter_department(self, queryset, name, value):
        return queryset.in_department(value)
