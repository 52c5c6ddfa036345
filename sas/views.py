"""Staff pages of the SAS: the year's dashboard, deployments per department, platform indicators."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views.generic import CreateView, DeleteView, DetailView, ListView, TemplateView, UpdateView

from interurps.mixins import ExportMixin, FilteredListMixin, RolePermissionMixin, requested_year
from interurps.models import Department
from sas import selectors, services
from sas.filters import SASIndicatorFilter
from sas.forms import SASDeploymentForm, SASDeploymentStatusForm, SASIndicatorForm
from sas.models import SASDeployment, SASDeploymentStatus, SASIndicator
from sas.resources import SASIndicatorResource


class HomeView(RolePermissionMixin, TemplateView):
    """The SAS dashboard of a year: meetings per category and department, deployments, indicators, highlights."""

    template_name = "sas/home.html"
    permission_required = "sas.view_sasdeployment"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = requested_year(self.request)
        start, end = selectors.year_bounds(year)
        today = timezone.localdate()
        summaries = selectors.indicator_summaries(year)
        context.update(
            year=year,
            years=sorted(set(selectors.meeting_years()) | {year}, reverse=True),
            year_start=start,
            year_end=end,
            counts=selectors.meeting_counts(year),
            deployments=selectors.deployments_on(min(today, end)),
            indicator_summaries=summaries,
            indicator_totals=selectors.region_indicator_totals(summaries),
            highlights=selectors.highlights(year),
            team=selectors.programme_staff(year),
        )
        return context


class DeploymentDetailView(RolePermissionMixin, DetailView):
    model = SASDeployment
    permission_required = "sas.view_sasdeployment"
    context_object_name = "deployment"

    def get_queryset(self):
        return SASDeployment.objects.with_history()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        deployment = self.object
        context["status_form"] = SASDeploymentStatusForm(initial={"date": timezone.localdate()})
        context["indicators"] = (
            SASIndicator.objects.in_department(deployment.department).for_list().order_by("-period_start", "pk")[:12]
        )
        context["meeting_years"] = selectors.department_meeting_years(deployment.department)
        return context


class DeploymentCreateView(RolePermissionMixin, CreateView):
    model = SASDeployment
    form_class = SASDeploymentForm
    permission_required = "sas.add_sasdeployment"

    def get_initial(self):
        initial = super().get_initial()
        code = self.request.GET.get("departement")
        if code:
            initial["department"] = Department.objects.filter(code=code).values_list("pk", flat=True).first()
        return initial

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, f"Déploiement du SAS enregistré pour {self.object.department}.")
        return response

    def get_success_url(self):
        return reverse("sas:deployment", args=[self.object.pk])


class DeploymentUpdateView(RolePermissionMixin, UpdateView):
    model = SASDeployment
    form_class = SASDeploymentForm
    permission_required = "sas.change_sasdeployment"
    context_object_name = "deployment"

    def get_queryset(self):
        return SASDeployment.objects.select_related("department")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Modifications enregistrées.")
        return response

    def get_success_url(self):
        return reverse("sas:deployment", args=[self.object.pk])


class DeploymentStatusCreateView(RolePermissionMixin, CreateView):
    """Add a dated status to a department's SAS (the form also sits on the deployment's page)."""

    model = SASDeploymentStatus
    form_class = SASDeploymentStatusForm
    permission_required = "sas.add_sasdeploymentstatus"
    template_name = "sas/deploymentstatus_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.deployment = get_object_or_404(SASDeployment.objects.select_related("department"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"date": timezone.localdate()}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = SASDeploymentStatus(deployment=self.deployment)
        return kwargs

    def form_valid(self, form):
        try:
            self.object = services.record_status(self.deployment, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"Statut « {self.object.get_status_display()} » enregistré pour {self.deployment.department}.",
        )
        return redirect("sas:deployment", self.deployment.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(deployment=self.deployment, **kwargs)


class DeploymentStatusDeleteView(RolePermissionMixin, DeleteView):
    model = SASDeploymentStatus
    permission_required = "sas.delete_sasdeploymentstatus"
    template_name = "sas/confirm_delete.html"

    def get_object(self, queryset=None):
        status = get_object_or_404(
            SASDeploymentStatus.objects.select_related("deployment__department"), pk=self.kwargs["status_pk"]
        )
        if status.deployment_id != self.kwargs["pk"]:
            raise Http404
        return status

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title="Supprimer un statut",
            question=f"Supprimer le statut « {self.object} » du SAS {self.object.deployment.department} ?",
            cancel_url=reverse("sas:deployment", args=[self.object.deployment_id]),
            **kwargs,
        )

    def form_valid(self, form):
        messages.success(self.request, f"Statut « {self.object} » supprimé.")
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("sas:deployment", args=[self.object.deployment_id])


class IndicatorListView(RolePermissionMixin, ExportMixin, FilteredListMixin, ListView):
    model = SASIndicator
    queryset = SASIndicator.objects.with_fill_rate()
    permission_required = "sas.view_sasindicator"
    filterset_class = SASIndicatorFilter
    resource_class = SASIndicatorResource
    export_basename = "indicateurs-sas"
    paginate_by = 50
    sort_fields = {
        "periode": "period_start",
        "departement": "department__code",
        "cpts": "cpts__name",
        "proposes": "slots_offered",
        "pris": "slots_taken",
        "remplissage": "fill_rate_value",
    }
    sort_descending_first = {"periode"}
    default_sort = "-periode"

    def get_queryset(self):
        return super().get_queryset().for_list()


class IndicatorFormMixin:
    model = SASIndicator
    form_class = SASIndicatorForm
    success_url = reverse_lazy("sas:indicator_list")


class IndicatorCreateView(RolePermissionMixin, IndicatorFormMixin, CreateView):
    permission_required = "sas.add_sasindicator"

    def get_initial(self):
        initial = super().get_initial()
        code = self.request.GET.get("departement")
        if code:
            initial["department"] = Department.objects.filter(code=code).values_list("pk", flat=True).first()
        return initial

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, f"Indicateurs enregistrés : {self.object}.")
        return response


class IndicatorUpdateView(RolePermissionMixin, IndicatorFormMixin, UpdateView):
    permission_required = "sas.change_sasindicator"

    def get_queryset(self):
        return SASIndicator.objects.for_list()

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Modifications enregistrées.")
        return response


class IndicatorDeleteView(RolePermissionMixin, DeleteView):
    model = SASIndicator
    permission_required = "sas.delete_sasindicator"
    template_name = "sas/confirm_delete.html"
    success_url = reverse_lazy("sas:indicator_list")

    def get_queryset(self):
        return SASIndicator.objects.for_list()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title="Supprimer des indicateurs",
            question=f"Supprimer les indicateurs « {self.object} » ?",
            cancel_url=reverse("sas:indicator_edit", args=[self.object.pk]),
            **kwargs,
        )

    def form_valid(self, form):
        label = str(self.object)
        response = super().form_valid(form)
        messages.success(self.request, f"Indicateurs supprimés : {label}.")
        return response
