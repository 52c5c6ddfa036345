"""Learners (CPTS coordinators enrolled in a cohort) and their attendance."""

from django.urls import reverse
from django.views.generic import FormView, UpdateView

from interurps.mixins import RolePermissionMixin
from interurps.views.generic import Column, ListPageView
from pacte import selectors, services
from pacte.filters import AttendanceFilter, LearnerFilter
from pacte.forms import LearnerEnrolForm, LearnerForm
from pacte.models import Cohort, Learner
from pacte.resources import AttendanceResource, LearnerResource
from pacte.views.base import PacteFormMixin, ParentMixin


class LearnerListView(ListPageView):
    model = Learner
    permission_required = "pacte.view_learner"
    filterset_class = LearnerFilter
    resource_class = LearnerResource
    export_basename = "pacte-apprenants"
    title = "PACTE – apprenant·es"
    count_label = ("apprenant·e", "apprenant·es")
    empty_text = "Aucun·e apprenant·e ne correspond à ces critères."
    columns = (
        Column("Apprenant·e", "nom"),
        Column("Promotion", "promotion"),
        Column("CPTS", "cpts"),
        Column("Statut", "statut"),
        Column("Formation terminée"),
        Column("Présence", css="number"),
    )
    import_kind, import_label = "pacte-apprenants", "Importer des apprenant·es"
    import_permissions = ("pacte.add_learner", "pacte.change_learner", "interurps.add_person")

    def get_queryset(self):
        return super().get_queryset().for_list().with_attendance()


class LearnerEnrolView(RolePermissionMixin, ParentMixin, PacteFormMixin, FormView):
    """Enrol a learner in a cohort: pick an existing person or create one on the spot."""

    permission_required = "pacte.add_learner"
    parent_queryset = Cohort.objects.select_related("programme")
    form_class = LearnerEnrolForm
    template_name = "pacte/learner_enrol.html"
    title = "Inscrire un·e apprenant·e"
    success_message = "{object} est inscrit·e dans la promotion « {object.cohort} »."

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "cohort": self.get_parent()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(cohort=self.get_parent(), **kwargs)

    def get_cancel_url(self):
        return reverse("pacte:cohort", args=[self.get_parent().pk])

    def save(self, form):
        return services.enrol_learner(
            self.get_parent(), person=form.cleaned_data["person"], new_person=form.new_person(), **form.learner_fields()
        )

    def get_success_url(self):
        if "encore" in self.request.POST:
            return reverse("pacte:learner_create", args=[self.get_parent().pk])
        return self.get_cancel_url()


class LearnerUpdateView(RolePermissionMixin, PacteFormMixin, UpdateView):
    model = Learner
    form_class = LearnerForm
    permission_required = "pacte.change_learner"
    success_message = "Inscription de {object} modifiée."

    def get_queryset(self):
        return Learner.objects.for_list()

    def get_title(self):
        return f"Inscription de {self.object} – {self.object.cohort}"

    def get_cancel_url(self):
        return self.get_success_url()

    def get_success_url(self):
        return reverse("pacte:cohort", args=[self.object.cohort_id])


class AttendanceListView(ListPageView):
    """Every attendance marked, filtered by cohort, session, status or learner; exported as CSV or XLSX."""

    permission_required = "pacte.view_attendance"
    filterset_class = AttendanceFilter
    resource_class = AttendanceResource
    export_basename = "pacte-presences"
    template_name = "pacte/attendance_list.html"
    queryset = selectors.attendance_list()
    title = "PACTE – présences"
    count_label = ("présence saisie", "présences saisies")
    empty_text = "Aucune présence ne correspond à ces critères."
    columns = (
        Column("Session", "date"),
        Column("Promotion"),
        Column("Apprenant·e", "nom"),
        Column("CPTS"),
        Column("Présence", "presence"),
    )
    import_kind, import_label = "pacte-presences", "Importer des présences"
    import_permissions = ("pacte.add_attendance", "pacte.change_attendance")
