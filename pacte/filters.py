import django_filters
from django.db.models import Q
from django.utils import timezone

from pacte.models import Attendance, Cohort, Learner, RelayTrainer, Session, TrainingProgramme


class CohortFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Recherche", method="search")
    programme = django_filters.ModelChoiceFilter(label="Programme", queryset=TrainingProgramme.objects.all())
    year = django_filters.NumberFilter(label="Année", method="in_year")

    class Meta:
        model = Cohort
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(region__icontains=value)
            | Q(notes__icontains=value)
            | Q(programme__name__icontains=value)
        )

    def in_year(self, queryset, name, value):
        return queryset.running_in(int(value))


class LearnerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Recherche", method="search")
    cohort = django_filters.ModelChoiceFilter(label="Promotion", queryset=Cohort.objects.select_related("programme"))
    status = django_filters.ChoiceFilter(label="Statut", choices=Learner.Status.choices)
    completed = django_filters.BooleanFilter(
        label="Formation terminée", field_name="completed_on", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = Learner
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(person__last_name__icontains=value)
            | Q(person__first_name__icontains=value)
            | Q(person__email__icontains=value)
            | Q(cpts__name__icontains=value)
        )


class AttendanceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Apprenant·e", method="search")
    cohort = django_filters.ModelChoiceFilter(
        label="Promotion", field_name="session__module__cohort", queryset=Cohort.objects.select_related("programme")
    )
    session = django_filters.ModelChoiceFilter(
        label="Session", queryset=Session.objects.select_related("module").order_by("start_date")
    )
    status = django_filters.ChoiceFilter(label="Présence", choices=Attendance.Status.choices)

    class Meta:
        model = Attendance
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(learner__person__last_name__icontains=value) | Q(learner__person__first_name__icontains=value)
        )


class RelayTrainerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Recherche", method="search")
    status = django_filters.ChoiceFilter(label="Statut", choices=RelayTrainer.Status.choices, method="with_status")

    class Meta:
        model = RelayTrainer
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(user__last_name__icontains=value)
            | Q(user__first_name__icontains=value)
            | Q(person__last_name__icontains=value)
            | Q(person__first_name__icontains=value)
        )

    def with_status(self, queryset, name, value):
        return queryset.with_status_on(timezone.localdate()).filter(status_on=value)
