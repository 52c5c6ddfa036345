import django_filters
from django.db.models import Q

from cpts.models import CPTS
from interurps.forms import DateInput
from interurps.models import Department
from sas.forms import CPTSChoiceField, DepartmentChoiceField
from sas.models import SASIndicator


class DepartmentFilter(django_filters.ModelChoiceFilter):
    field_class = DepartmentChoiceField


class CPTSFilter(django_filters.ModelChoiceFilter):
    field_class = CPTSChoiceField


class SASIndicatorFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Recherche", method="search", help_text="CPTS, département ou notes")
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

    class Meta:
        model = SASIndicator
        fields = []

    def filter_department(self, queryset, name, value):
        return queryset.in_department(value)

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(cpts__name__icontains=value) | Q(department__name__icontains=value) | Q(notes__icontains=value)
        )
