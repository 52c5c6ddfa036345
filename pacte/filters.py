import django_filters
from django.utils import timezone

from interurps.filtersets import SearchFilter, SortFilter
from pacte.models import Attendance, Cohort, Learner, RelayTrainer, Session, TrainingProgramme


class CohortFilter(django_filters.FilterSet):
    q = SearchFilter(fields=["name", "region", "notes", "programme__name"])
    programme = django_filters.ModelChoiceFilter(
        label="Programme", queryset=TrainingProgramme.objects.all(), empty_label="Tous"
    )
    year = django_filters.NumberFilter(label="Année", method="in_year")
    tri = SortFilter(
        fields={"start_date": "debut", "region": "region", "learner_count": "apprenants"}, default="-debut"
    )

    class Meta:
        model = Cohort
        fields = []

    def in_year(self, queryset, name, value):
        return queryset.running_in(int(value))


class LearnerFilter(django_filters.FilterSet):
    q = SearchFilter(fields=["person__last_name", "person__first_name", "person__email", "cpts__name"])
    cohort = django_filters.ModelChoiceFilter(
        label="Promotion", queryset=Cohort.objects.select_related("programme"), empty_label="Toutes"
    )
    status = django_filters.ChoiceFilter(label="Statut", choices=Learner.Status.choices, empty_label="Tous")
    completed = django_filters.BooleanFilter(
        label="Formation terminée", field_name="completed_on", lookup_expr="isnull", exclude=True
    )
    tri = SortFilter(
        fields={
            "person__last_name": "nom",
            "cohort__start_date": "promotion",
            "cpts__name": "cpts",
            "status": "statut",
        },
        default="nom",
    )

    class Meta:
        model = Learner
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["completed"].widget.choices = [("", "Toutes"), ("true", "Oui"), ("false", "Non")]


class AttendanceFilter(django_filters.FilterSet):
    q = SearchFilter(label="Apprenant·e", fields=["learner__person__last_name", "learner__person__first_name"])
    cohort = django_filters.ModelChoiceFilter(
        label="Promotion",
        field_name="session__module__cohort",
        queryset=Cohort.objects.select_related("programme"),
        empty_label="Toutes",
    )
    session = django_filters.ModelChoiceFilter(
        label="Session", queryset=Session.objects.select_related("module").order_by("start_date"), empty_label="Toutes"
    )
    status = django_filters.ChoiceFilter(label="Présence", choices=Attendance.Status.choices, empty_label="Toutes")
    tri = SortFilter(
        fields={"session__start_date": "date", "learner__person__last_name": "nom", "status": "presence"},
        default="-date",
    )

    class Meta:
        model = Attendance
        fields = []


class RelayTrainerFilter(django_filters.FilterSet):
    q = SearchFilter(fields=["user__last_name", "user__first_name", "person__last_name", "person__first_name"])
    status = django_filters.ChoiceFilter(
        label="Statut", choices=RelayTrainer.Status.choices, method="with_status", empty_label="Tous"
    )
    tri = SortFilter(fields={"training_started_on": "debut", "certified_on": "certification"}, default="debut")

    class Meta:
        model = RelayTrainer
        fields = []

    def with_status(self, queryset, name, value):
        return queryset.with_status_on(timezone.localdate()).filter(status_on=value)
