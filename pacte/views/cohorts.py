"""Cohorts (promotions) and their modules."""

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.views.generic import CreateView, DetailView, UpdateView

from interurps.mixins import RolePermissionMixin
from interurps.views.generic import Column, ListPageView
from pacte import selectors
from pacte.filters import CohortFilter
from pacte.forms import CohortForm, ModuleForm
from pacte.models import Cohort, Module
from pacte.views.base import PacteFormMixin, ParentMixin


class CohortListView(ListPageView):
    """The landing page of PACTE: the cohorts, with links to learners, attendance and relay trainers."""

    model = Cohort
    permission_required = "pacte.view_cohort"
    filterset_class = CohortFilter
    paginate_by = 25
    title = "PACTE – formation des coordinateurs CPTS"
    count_label = ("promotion", "promotions")
    empty_text = "Aucune promotion ne correspond à ces critères."
    columns = (
        Column("Promotion"),
        Column("Région", "region"),
        Column("Lancement"),
        Column("Début", "debut"),
        Column("Fin prévue"),
        Column("Modules", css="number"),
        Column("Apprenant·es (prévu)", "apprenants", "number"),
    )
    create_url_name, create_permission, create_label = "pacte:cohort_create", "pacte.add_cohort", "Nouvelle promotion"

    def get_queryset(self):
        return super().get_queryset().for_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = timezone.localdate().year
        context.update(year=year, meeting_categories=selectors.meeting_counts(year))
        return context


class CohortDetailView(RolePermissionMixin, DetailView):
    """A cohort: its modules with their sessions and dates, its learners with their attendance rate."""

    model = Cohort
    permission_required = "pacte.view_cohort"

    def get_queryset(self):
        return selectors.cohort_for_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["learners"] = selectors.cohort_learners(self.object)
        context["sessions"] = [session for module in self.object.modules.all() for session in module.sessions.all()]
        return context


class CohortFormMixin(PacteFormMixin):
    model = Cohort
    form_class = CohortForm

    def get_title(self):
        return f"Modifier la promotion « {self.object} »" if self.object else "Nouvelle promotion"

    def get_cancel_url(self):
        return reverse("pacte:cohort", args=[self.object.pk]) if self.object else reverse("pacte:home")

    def get_success_url(self):
        return reverse("pacte:cohort", args=[self.object.pk])


class CohortCreateView(RolePermissionMixin, CohortFormMixin, CreateView):
    permission_required = "pacte.add_cohort"
    success_message = "Promotion « {object} » créée : ajoutez ses modules et ses apprenant·es."


class CohortUpdateView(RolePermissionMixin, CohortFormMixin, UpdateView):
    permission_required = "pacte.change_cohort"


class ModuleFormMixin(PacteFormMixin):
    model = Module
    form_class = ModuleForm

    def get_cohort(self):
        return self.object.cohort if self.object else self.get_parent()

    def get_title(self):
        if self.object:
            return f"Modifier le module « {self.object.title} »"
        return f"Nouveau module de la promotion « {self.get_cohort()} »"

    def get_cancel_url(self):
        return reverse("pacte:cohort", args=[self.get_cohort().pk])

    def get_success_url(self):
        return reverse("pacte:cohort", args=[self.object.cohort_id])


class ModuleCreateView(RolePermissionMixin, ParentMixin, ModuleFormMixin, CreateView):
    permission_required = "pacte.add_module"
    parent_model = Cohort
    success_message = "Module « {object.title} » ajouté."

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Module(cohort=self.get_parent())
        return kwargs

    def get_initial(self):
        last = self.get_parent().modules.aggregate(last=Max("order"))["last"]
        return {"order": (last or 0) + 1}


class ModuleUpdateView(RolePermissionMixin, ModuleFormMixin, UpdateView):
    permission_required = "pacte.change_module"

    def get_queryset(self):
        return Module.objects.select_related("cohort__programme")
