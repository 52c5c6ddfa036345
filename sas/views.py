"""Staff pages of the SAS: the year's dashboard, deployments per department, platform indicators."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views.generic import CreateView, DetailView, TemplateView, UpdateView

from interurps.mixins import RolePermissionMixin, requested_year
from interurps.models import Department
from interurps.views.generic import Column, ConfirmDeleteView, FormPageMixin, ListPageView
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


def department_initial(request):
    """The department named by `?departement=44` in the URL, as a form's initial value."""
    code = request.GET.get("departement")
    if not code:
        return {}
    return {"department": Department.objects.filter(code=code).values_list("pk", flat=True).first()}


class DeploymentFormMixin(FormPageMixin):
    model = SASDeployment
    form_class = SASDeploymentForm
    template_name = "sas/sasdeployment_form.html"

    def get_title(self):
        return f"Modifier le SAS {self.object.department}" if self.object else "Nouveau déploiement du SAS"

    def get_cancel_url(self):
        return reverse("sas:deployment", args=[self.object.pk]) if self.object else reverse("sas:home")

    def get_success_url(self):
        return reverse("sas:deployment", args=[self.object.pk])


class DeploymentCreateView(RolePermissionMixin, DeploymentFormMixin, CreateView):
    permission_required = "sas.add_sasdeployment"
    success_message = "Déploiement du SAS enregistré pour {object.department}."

    def get_initial(self):
        return {**super().get_initial(), **department_initial(self.request)}


class DeploymentUpdateView(RolePermissionMixin, DeploymentFormMixin, UpdateView):
    permission_required = "sas.change_sasdeployment"
    context_object_name = "deployment"

    def get_queryset(self):
        return SASDeployment.objects.select_related("department")


class DeploymentStatusCreateView(RolePermissionMixin, FormPageMixin, CreateView):
    """Add a dated status to a department's SAS (the form also sits on the deployment's page)."""

    model = SASDeploymentStatus
    form_class = SASDeploymentStatusForm
    permission_required = "sas.add_sasdeploymentstatus"
    template_name = "sas/deploymentstatus_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.deployment = get_object_or_404(SASDeployment.objects.select_related("department"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_title(self):
        return f"Nouveau statut du SAS {self.deployment.department}"

    def get_initial(self):
        return {"date": timezone.localdate()}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = SASDeploymentStatus(deployment=self.deployment)
        return kwargs

    def save(self, form):
        return services.record_status(self.deployment, **form.cleaned_data)

    def get_success_message(self):
        return f"Statut « {self.object.get_status_display()} » enregistré pour {self.deployment.department}."

    def get_success_url(self):
        return reverse("sas:deployment", args=[self.deployment.pk])

    def get_context_data(self, **kwargs):
        return super().get_context_data(deployment=self.deployment, **kwargs)


class DeploymentStatusDeleteView(ConfirmDeleteView):
    model = SASDeploymentStatus
    permission_required = "sas.delete_sasdeploymentstatus"
    title = "Supprimer un statut"
    success_message = "Statut « {object} » supprimé."

    def get_object(self, queryset=None):
        status = get_object_or_404(
            SASDeploymentStatus.objects.select_related("deployment__department"), pk=self.kwargs["status_pk"]
        )
        if status.deployment_id != self.kwargs["pk"]:
            raise Http404
        return status

    def describe(self):
        return f"le statut « {self.object} » du SAS {self.object.deployment.department}"

    def get_success_url(self):
        return reverse("sas:deployment", args=[self.object.deployment_id])


class IndicatorListView(ListPageView):
    model = SASIndicator
    queryset = SASIndicator.objects.with_fill_rate()
    permission_required = "sas.view_sasindicator"
    filterset_class = SASIndicatorFilter
    resource_class = SASIndicatorResource
    export_basename = "indicateurs-sas"
    template_name = "sas/sasindicator_list.html"
    title = "Indicateurs de la plateforme SAS"
    count_label = ("période", "périodes")
    empty_text = "Aucun indicateur ne correspond à ces critères."
    columns = (
        Column("Période", "periode"),
        Column("Département", "departement"),
        Column("CPTS", "cpts"),
        Column("Effecteurs inscrits", css="number"),
        Column("Régulateurs", css="number"),
        Column("Créneaux proposés", "proposes", "number"),
        Column("Par jour", css="number"),
        Column("Créneaux pris", "pris", "number"),
        Column("Taux de remplissage", "remplissage", "number"),
    )
    create_url_name, create_permission = "sas:indicator_create", "sas.add_sasindicator"
    create_label = "Saisir des indicateurs"
    import_kind = "indicateurs-sas"
    import_permissions = ("sas.add_sasindicator", "sas.change_sasindicator")

    def get_columns(self):
        if self.request.user.has_perm("sas.change_sasindicator"):
            return (*self.columns, Column("Action"))
        return self.columns

    def get_queryset(self):
        return super().get_queryset().for_list()


class IndicatorFormMixin(FormPageMixin):
    model = SASIndicator
    form_class = SASIndicatorForm
    template_name = "sas/sasindicator_form.html"
    success_url = cancel_url = reverse_lazy("sas:indicator_list")

    def get_title(self):
        return f"Modifier les indicateurs {self.object}" if self.object else "Saisir des indicateurs SAS"


class IndicatorCreateView(RolePermissionMixin, IndicatorFormMixin, CreateView):
    permission_required = "sas.add_sasindicator"
    success_message = "Indicateurs enregistrés : {object}."

    def get_initial(self):
        return {**super().get_initial(), **department_initial(self.request)}


class IndicatorUpdateView(RolePermissionMixin, IndicatorFormMixin, UpdateView):
    permission_required = "sas.change_sasindicator"

    def get_queryset(self):
        return SASIndicator.objects.for_list()


class IndicatorDeleteView(ConfirmDeleteView):
    model = SASIndicator
    permission_required = "sas.delete_sasindicator"
    success_url = reverse_lazy("sas:indicator_list")
    title = "Supprimer des indicateurs"
    success_message = "Indicateurs supprimés : {object}."

    def get_queryset(self):
        return SASIndicator.objects.for_list()

    def describe(self):
        return f"les indicateurs « {self.object} »"

    def get_cancel_url(self):
        return reverse("sas:indicator_edit", args=[self.object.pk])
