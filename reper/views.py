"""Staff pages of REPER / ICOPE: the project at a glance, territories, quarterly figures, milestones."""

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import CreateView, DetailView, FormView, TemplateView, UpdateView

from interurps.mixins import RolePermissionMixin
from interurps.models import MeetingCategory
from interurps.views.generic import Column, ConfirmDeleteView, FormPageMixin, ListPageView
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


class ProjectCreateView(RolePermissionMixin, FormPageMixin, CreateView):
    model = ReperProject
    form_class = ProjectForm
    permission_required = "reper.add_reperproject"
    template_name = "reper/form.html"
    success_message = "Projet « {object} » enregistré."

    def get_title(self):
        return "Modifier le projet" if self.object else "Nouveau projet REPER"

    def get_cancel_url(self):
        return reverse("reper:project", args=[self.object.pk]) if self.object else reverse("reper:home")

    def get_success_url(self):
        return reverse("reper:project", args=[self.object.pk])


class ProjectUpdateView(ProjectCreateView, UpdateView):
    permission_required = "reper.change_reperproject"


# --- milestones ----------------------------------------------------------------------------------


class MilestoneFormMixin(FormPageMixin):
    model = Milestone
    form_class = MilestoneForm
    template_name = "reper/form.html"
    success_message = "Étape « {object.title} » enregistrée."

    def get_title(self):
        return f"Modifier l'étape « {self.object.title} »" if self.object else "Nouvelle étape clé"

    def get_success_url(self):
        return reverse("reper:project", args=[self.object.project_id])


class MilestoneCreateView(RolePermissionMixin, MilestoneFormMixin, CreateView):
    permission_required = "reper.add_milestone"

    def dispatch(self, request, *args, **kwargs):
        self.project = get_object_or_404(ReperProject, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_cancel_url(self):
        return reverse("reper:project", args=[self.project.pk])

    def save(self, form):
        form.instance.project = self.project
        return super().save(form)

    def get_context_data(self, **kwargs):
        return super().get_context_data(project=self.project, **kwargs)


class MilestoneUpdateView(RolePermissionMixin, MilestoneFormMixin, UpdateView):
    permission_required = "reper.change_milestone"

    def get_queryset(self):
        return Milestone.objects.select_related("project")

    def get_context_data(self, **kwargs):
        return super().get_context_data(project=self.object.project, **kwargs)


class MilestoneDeleteView(ConfirmDeleteView):
    model = Milestone
    permission_required = "reper.delete_milestone"
    success_message = "Étape « {object.title} » supprimée."

    def get_queryset(self):
        return Milestone.objects.select_related("project")

    def get_success_url(self):
        return reverse("reper:project", args=[self.object.project_id])

    def describe(self):
        return f"l'étape « {self.object.title} » du {self.object.date:%d/%m/%Y}"


# --- territories ---------------------------------------------------------------------------------


class TerritoryListView(ListPageView):
    model = ExperimentationTerritory
    permission_required = "reper.view_experimentationterritory"
    filterset_class = TerritoryFilter
    template_name = "reper/territory_list.html"
    # Annotated before the filterset sorts, so that the totals can be sorted on.
    queryset = ExperimentationTerritory.objects.for_list().with_totals()
    title = "Territoires d'expérimentation"
    count_label = ("territoire", "territoires")
    empty_text = "Aucun territoire ne correspond à ces critères."
    columns = (
        Column("CPTS", "cpts"),
        Column("Département", "departement"),
        Column("Statut", "statut"),
        Column("Recrutement", "recrutement"),
        Column("Projet"),
        Column("Professionnels formés", css="number"),
        Column("Repérages", "reperages", "number"),
        Column("Évaluations", css="number"),
        Column("Plans de soins", css="number"),
        Column("Repérages à 6 mois", css="number"),
    )


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


class TerritoryFormMixin(FormPageMixin):
    model = ExperimentationTerritory
    form_class = TerritoryForm
    template_name = "reper/form.html"
    success_message = "Territoire « {object} » enregistré."

    def get_title(self):
        return (
            f"Modifier le territoire {self.object.cpts.name}" if self.object else "Nouveau territoire d'expérimentation"
        )

    def get_success_url(self):
        return reverse("reper:territory", args=[self.object.pk])


class TerritoryCreateView(RolePermissionMixin, TerritoryFormMixin, CreateView):
    permission_required = "reper.add_experimentationterritory"

    def dispatch(self, request, *args, **kwargs):
        self.project = get_object_or_404(ReperProject, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "project": self.project}

    def get_cancel_url(self):
        return reverse("reper:project", args=[self.project.pk])

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


class FiguresRecordView(RolePermissionMixin, FormPageMixin, FormView):
    """Record a territory's figures for a quarter; a quarter already recorded is updated, not duplicated.

    `?trimestre=T3 2022` opens the form on that quarter, with its recorded figures if any.
    """

    form_class = FiguresForm
    permission_required = ("reper.add_territoryfigures", "reper.change_territoryfigures")
    template_name = "reper/form.html"

    def dispatch(self, request, *args, **kwargs):
        self.territory = get_object_or_404(ExperimentationTerritory.objects.for_list(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_title(self):
        return f"Saisir les chiffres d'un trimestre – {self.territory.cpts.name}"

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

    def save(self, form):
        start, end = form.period_bounds
        figures, self.created = services.record_figures(
            self.territory, start, end, form.values(), notes=form.cleaned_data["notes"]
        )
        return figures

    def get_success_message(self):
        verb = "enregistrés" if self.created else "mis à jour"
        return f"Chiffres {self.object.period} de {self.territory} {verb}."

    def get_success_url(self):
        return reverse("reper:territory", args=[self.territory.pk])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            territory=self.territory, quarter_suggestions=FiguresForm.quarter_suggestions(), **kwargs
        )


class FiguresListView(ListPageView):
    model = TerritoryFigures
    permission_required = "reper.view_territoryfigures"
    filterset_class = FiguresFilter
    resource_class = TerritoryFiguresResource
    export_basename = "reper-chiffres"
    template_name = "reper/figures_list.html"
    queryset = TerritoryFigures.objects.for_list()
    title = "Chiffres des territoires"
    count_label = ("période", "périodes")
    empty_text = "Aucun chiffre ne correspond à ces critères."
    columns = (
        Column("Territoire", "territoire"),
        Column("Période", "periode"),
        Column("Professionnels formés", css="number"),
        Column("Repérages", css="number"),
        Column("Évaluations", css="number"),
        Column("Plans de soins", css="number"),
        Column("Repérages à 6 mois", css="number"),
    )
    import_kind, import_label = "reper-chiffres", "Importer des chiffres"
    import_permissions = ("reper.add_territoryfigures", "reper.change_territoryfigures")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["totals"] = selectors.figure_rows(self.object_list.totals())
        return context


class FiguresDeleteView(ConfirmDeleteView):
    model = TerritoryFigures
    permission_required = "reper.delete_territoryfigures"
    success_message = "Chiffres {object.period} de {object.territory} supprimés."

    def get_queryset(self):
        return TerritoryFigures.objects.for_list()

    def get_success_url(self):
        return reverse("reper:territory", args=[self.object.territory_id])

    def describe(self):
        return f"les chiffres {self.object.period} de {self.object.territory}"
