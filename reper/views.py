"""Staff pages of REPER / ICOPE: the project at a glance, territories, quarterly figures, milestones."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import CreateView, DeleteView, DetailView, FormView, ListView, TemplateView, UpdateView

from interurps.mixins import ExportMixin, FilteredListMixin, RolePermissionMixin
from interurps.models import MeetingCategory
from reper import selectors, services
from reper.filters import FiguresFilter, TerritoryFilter
from reper.forms import FiguresForm, MilestoneForm, ProjectForm, TerritoryForm
from reper.models import ExperimentationTerritory, Milestone, ReperProject, TerritoryFigures
from reper.periods import PeriodError, parse_period
from reper.resources import TerritoryFiguresResource


def meeting_link(**params):
    """The meeting form pre-filled for the REPER programme (see MeetingForm.initial_from_query)."""
    query = {"programme": selectors.PROGRAMME_CODE, **{key: value for key, value in params.items() if value}}
    return f"{reverse('interurps:meeting_create')}?{urlencode(query)}"


def reper_categories():
    """The REPER meeting categories that have a code, by code (a renamed category keeps its code)."""
    categories = MeetingCategory.objects.filter(programme__code=selectors.PROGRAMME_CODE).exclude(code="")
    return {category.code: category for category in categories}


# --- the project ---------------------------------------------------------------------------------


class ProjectOverviewMixin:
    """The project at a glance: consortium, unions, milestones, territories with figures, meetings."""

    template_name = "reper/home.html"

    def get_project(self):
        """The project shown: the current one by default (a project page overrides this)."""
        return selectors.current_project()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project = self.get_project()
        year = timezone.localdate().year
        context.update(project=project, year=year, other_projects=[])
        if project is not None:
            context.update(selectors.project_overview(project, year))
            context["other_projects"] = [p for p in ReperProject.objects.only("pk", "name") if p.pk != project.pk]
            categories = reper_categories()
            elected = categories.get(selectors.ELECTED_MEMBERS_CATEGORY)
            context["elected_members_category"] = elected.name if elected else "Réunion des élus"
            context["meeting_links"] = {
                "any": meeting_link(),
                "elected_members": meeting_link(categorie=elected.pk if elected else None),
            }
            context["meeting_list_url"] = f"{reverse('interurps:meeting_list')}?programme=reper&qui=toutes"
        return context


class HomeView(RolePermissionMixin, ProjectOverviewMixin, TemplateView):
    permission_required = "reper.view_reperproject"


class ProjectDetailView(RolePermissionMixin, ProjectOverviewMixin, TemplateView):
    permission_required = "reper.view_reperproject"

    def get_project(self):
        project = selectors.projects_with_parties().filter(pk=self.kwargs["pk"]).first()
        if project is None:
            raise Http404("Projet introuvable.")
        return project


class ProjectCreateView(RolePermissionMixin, CreateView):
    model = ReperProject
    form_class = ProjectForm
    permission_required = "reper.add_reperproject"

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, f"Projet « {self.object} » enregistré.")
        return response

    def get_success_url(self):
        return reverse("reper:project", args=[self.object.pk])


class ProjectUpdateView(ProjectCreateView, UpdateView):
    permission_required = "reper.change_reperproject"


# --- milestones ----------------------------------------------------------------------------------


class MilestoneFormMixin:
    model = Milestone
    form_class = MilestoneForm

    def get_success_url(self):
        return reverse("reper:project", args=[self.object.project_id])

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, f"Étape « {self.object.title} » enregistrée.")
        return response


class MilestoneCreateView(RolePermissionMixin, MilestoneFormMixin, CreateView):
    permission_required = "reper.add_milestone"

    def dispatch(self, request, *args, **kwargs):
        self.project = get_object_or_404(ReperProject, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        form.instance.project = self.project
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        return super().get_context_data(project=self.project, **kwargs)


class MilestoneUpdateView(RolePermissionMixin, MilestoneFormMixin, UpdateView):
    permission_required = "reper.change_milestone"

    def get_queryset(self):
        return Milestone.objects.select_related("project")

    def get_context_data(self, **kwargs):
        return super().get_context_data(project=self.object.project, **kwargs)


class MilestoneDeleteView(RolePermissionMixin, DeleteView):
    model = Milestone
    permission_required = "reper.delete_milestone"
    template_name = "reper/confirm_delete.html"

    def get_queryset(self):
        return Milestone.objects.select_related("project")

    def get_success_url(self):
        return reverse("reper:project", args=[self.object.project_id])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            what=f"l'étape « {self.object.title} » du {self.object.date:%d/%m/%Y}",
            cancel_url=self.get_success_url(),
            **kwargs,
        )

    def form_valid(self, form):
        messages.success(self.request, f"Étape « {self.object.title} » supprimée.")
        return super().form_valid(form)


# --- territories ---------------------------------------------------------------------------------


class TerritoryListView(RolePermissionMixin, FilteredListMixin, ListView):
    model = ExperimentationTerritory
    permission_required = "reper.view_experimentationterritory"
    filterset_class = TerritoryFilter
    paginate_by = 50
    sort_fields = {
        "cpts": "cpts__name",
        "departement": "cpts__department__code",
        "recrutement": "recruitment_date",
        "statut": "status",
        "reperages": "total_screenings",
    }
    sort_descending_first = {"reperages"}
    default_sort = "cpts"
    template_name = "reper/territory_list.html"
    # Annotated before FilteredListMixin sorts, so that the totals can be sorted on.
    queryset = ExperimentationTerritory.objects.for_list().with_totals()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return context


class TerritoryDetailView(RolePermissionMixin, DetailView):
    model = ExperimentationTerritory
    permission_required = "reper.view_experimentationterritory"
    context_object_name = "territory"
    template_name = "reper/territory_detail.html"

    def get_queryset(self):
        return ExperimentationTerritory.objects.for_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        territory = self.object
        context.update(selectors.territory_figures(territory))
        category = reper_categories().get(selectors.TERRITORY_CATEGORY)
        context["meeting_url"] = meeting_link(
            categorie=category.pk if category else None,
            departement=territory.cpts.department.code if territory.cpts.department_id else None,
            titre=f"REPER – {territory.cpts}",
        )
        return context


class TerritoryFormMixin:
    model = ExperimentationTerritory
    form_class = TerritoryForm
    template_name = "reper/territory_form.html"

    def get_success_url(self):
        return reverse("reper:territory", args=[self.object.pk])

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, f"Territoire « {self.object} » enregistré.")
        return response


class TerritoryCreateView(RolePermissionMixin, TerritoryFormMixin, CreateView):
    permission_required = "reper.add_experimentationterritory"

    def dispatch(self, request, *args, **kwargs):
        self.project = get_object_or_404(ReperProject, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "project": self.project}

    def get_context_data(self, **kwargs):
        return super().get_context_data(project=self.project, **kwargs)


class TerritoryUpdateView(RolePermissionMixin, TerritoryFormMixin, UpdateView):
    permission_required = "reper.change_experimentationterritory"

    def get_queryset(self):
        return ExperimentationTerritory.objects.for_list()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "project": self.object.project}

    def get_context_data(self, **kwargs):
        return super().get_context_data(project=self.object.project, **kwargs)


# --- figures -------------------------------------------------------------------------------------


class FiguresRecordView(RolePermissionMixin, FormView):
    """Record a territory's figures for a quarter; a quarter already recorded is updated, not duplicated.

    `?trimestre=T3 2022` opens the form on that quarter, with its recorded figures if any.
    """

    form_class = FiguresForm
    permission_required = ("reper.add_territoryfigures", "reper.change_territoryfigures")
    template_name = "reper/figures_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.territory = get_object_or_404(ExperimentationTerritory.objects.for_list(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def recorded(self):
        """The recorded period named by `?trimestre=`, or None."""
        try:
            start, end = parse_period(self.request.GET.get("trimestre", ""))
        except PeriodError:
            return None
        return self.territory.figures.filter(period_start=start, period_end=end).first()

    def get_initial(self):
        recorded = self.recorded()
        if recorded is not None:
            return FiguresForm.initial_from(recorded)
        # Figures are usually recorded once a quarter is over: offer the previous one.
        period = self.request.GET.get("trimestre", "")[:60] or FiguresForm.quarter_suggestions()[1]
        return {**super().get_initial(), "period": period}

    def form_valid(self, form):
        start, end = form.period_bounds
        try:
            figures, created = services.record_figures(
                self.territory, start, end, form.values(), notes=form.cleaned_data["notes"]
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        verb = "enregistrés" if created else "mis à jour"
        messages.success(self.request, f"Chiffres {figures.period} de {self.territory} {verb}.")
        return redirect("reper:territory", pk=self.territory.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            territory=self.territory, quarter_suggestions=FiguresForm.quarter_suggestions(), **kwargs
        )


class FiguresListView(RolePermissionMixin, ExportMixin, FilteredListMixin, ListView):
    model = TerritoryFigures
    permission_required = "reper.view_territoryfigures"
    filterset_class = FiguresFilter
    resource_class = TerritoryFiguresResource
    export_basename = "reper-chiffres"
    paginate_by = 50
    sort_fields = {"periode": "period_start", "territoire": "territory__cpts__name"}
    sort_descending_first = {"periode"}
    default_sort = "-periode"
    template_name = "reper/figures_list.html"
    queryset = TerritoryFigures.objects.for_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["totals"] = selectors.figure_rows(self.object_list.totals())
        return context


class FiguresDeleteView(RolePermissionMixin, DeleteView):
    model = TerritoryFigures
    permission_required = "reper.delete_territoryfigures"
    template_name = "reper/confirm_delete.html"

    def get_queryset(self):
        return TerritoryFigures.objects.for_list()

    def get_success_url(self):
        return reverse("reper:territory", args=[self.object.territory_id])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            what=f"les chiffres {self.object.period} de {self.object.territory}",
            cancel_url=self.get_success_url(),
            **kwargs,
        )

    def form_valid(self, form):
        messages.success(self.request, f"Chiffres {self.object.period} de {self.object.territory} supprimés.")
        return super().form_valid(form)
