"""Learners (CPTS coordinators enrolled in a cohort) and their attendance."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView, ListView, UpdateView

from interurps.mixins import ExportMixin, FilteredListMixin, RolePermissionMixin
from pacte import selectors, services
from pacte.filters import AttendanceFilter, LearnerFilter
from pacte.forms import LearnerEnrolForm, LearnerForm
from pacte.models import Cohort, Learner
from pacte.resources import AttendanceResource, LearnerResource
from pacte.views.base import FormPageMixin, ParentMixin, SuccessMessageMixin


class LearnerListView(RolePermissionMixin, ExportMixin, FilteredListMixin, ListView):
    model = Learner
    permission_required = "pacte.view_learner"
    filterset_class = LearnerFilter
    resource_class = LearnerResource
    export_basename = "pacte-apprenants"
    paginate_by = 50
    sort_fields = {
        "nom": "person__last_name",
        "promotion": "cohort__start_date",
        "cpts": "cpts__name",
        "statut": "status",
    }
    default_sort = "nom"

    def get_queryset(self):
        return super().get_queryset().for_list().with_attendance()


class LearnerEnrolView(RolePermissionMixin, ParentMixin, FormView):
    """Enrol a learner in a cohort: pick an existing person or create one on the spot."""

    permission_required = "pacte.add_learner"
    parent_queryset = Cohort.objects.select_related("programme")
    form_class = LearnerEnrolForm
    template_name = "pacte/learner_enrol.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "cohort": self.get_parent()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(cohort=self.get_parent(), **kwargs)

    def form_valid(self, form):
        cohort = self.get_parent()
        try:
            learner = services.enrol_learner(
                cohort, person=form.cleaned_data["person"], new_person=form.new_person(), **form.learner_fields()
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(self.request, f"{learner} est inscrit·e dans la promotion « {cohort} ».")
        if "encore" in self.request.POST:
            return redirect("pacte:learner_create", cohort.pk)
        return redirect("pacte:cohort", cohort.pk)


class LearnerUpdateView(RolePermissionMixin, FormPageMixin, SuccessMessageMixin, UpdateView):
    model = Learner
    form_class = LearnerForm
    permission_required = "pacte.change_learner"
    success_message = "Inscription de {object} modifiée."

    def get_queryset(self):
        return Learner.objects.for_list()

    def get_page_title(self):
        return f"Inscription de {self.object} – {self.object.cohort}"

    def get_cancel_url(self):
        return self.get_success_url()

    def get_success_url(self):
        return reverse("pacte:cohort", args=[self.object.cohort_id])


class AttendanceListView(RolePermissionMixin, ExportMixin, FilteredListMixin, ListView):
    """Every attendance marked, filtered by cohort, session, status or learner; exported as CSV or XLSX."""

    permission_required = "pacte.view_attendance"
    filterset_class = AttendanceFilter
    resource_class = AttendanceResource
    export_basename = "pacte-presences"
    template_name = "pacte/attendance_list.html"
    paginate_by = 50
    sort_fields = {"date": "session__start_date", "nom": "learner__person__last_name", "presence": "status"}
    default_sort = "-date"
    queryset = selectors.attendance_list()
