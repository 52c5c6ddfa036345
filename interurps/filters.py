import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q

from interurps.models import Department, Meeting, MeetingCategory, Programme


class MeetingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Recherche", method="search")
    programme = django_filters.ModelChoiceFilter(
        label="Programme", field_name="programmes", queryset=Programme.objects.all(), to_field_name="code"
    )
    category = django_filters.ModelChoiceFilter(
        label="Catégorie", queryset=MeetingCategory.objects.select_related("programme")
    )
    date_after = django_filters.DateFilter(label="Du", field_name="date", lookup_expr="gte")
    date_before = django_filters.DateFilter(label="Au", field_name="date", lookup_expr="lte")
    department = django_filters.ModelChoiceFilter(label="Département", queryset=Department.objects.all())
    staff = django_filters.ModelChoiceFilter(
        label="Membre de l'équipe", field_name="staff", queryset=get_user_model().objects.filter(is_active=True)
    )

    class Meta:
        model = Meeting
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(notes__icontains=value) | Q(place__icontains=value))
