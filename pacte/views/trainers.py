"""Relay trainers (formateurs relais) and their training path."""

from django.urls import reverse
from django.views.generic import CreateView, DetailView, UpdateView

from interurps.mixins import RolePermissionMixin
from interurps.views.generic import Column, ListPageView
from pacte import selectors
from pacte.filters import RelayTrainerFilter
from pacte.forms import RelayTrainerForm
from pacte.models import RelayTrainer
from pacte.views.base import PacteFormMixin


class RelayTrainerListView(ListPageView):
    model = RelayTrainer
    permission_required = "pacte.view_relaytrainer"
    filterset_class = RelayTrainerFilter
    title = "PACTE – formateurs relais"
    count_label = ("formateur relais", "formateurs relais")
    empty_text = "Aucun formateur relais ne correspond à ces critères."
    columns = (
        Column("Formateur relais"),
        Column("Programme"),
        Column("Statut"),
        Column("En formation depuis", "debut"),
        Column("Certifié·e le", "certification"),
    )
    create_url_name, create_permission = "pacte:relaytrainer_create", "pacte.add_relaytrainer"
    create_label = "Nouveau formateur relais"

    def get_queryset(self):
        return super().get_queryset().for_list()


class RelayTrainerDetailView(RolePermissionMixin, DetailView):
    """A relay trainer, their status and their training path (meetings of the relay-training categories)."""

    model = RelayTrainer
    permission_required = "pacte.view_relaytrainer"

    def get_queryset(self):
        return RelayTrainer.objects.for_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["path"] = selectors.relay_training_meetings([self.object])
        return context


class RelayTrainerFormMixin(PacteFormMixin):
    model = RelayTrainer
    form_class = RelayTrainerForm

    def get_title(self):
        return f"Modifier le formateur relais « {self.object} »" if self.object else "Nouveau formateur relais"

    def get_cancel_url(self):
        return (
            reverse("pacte:relaytrainer", args=[self.object.pk]) if self.object else reverse("pacte:relaytrainer_list")
        )

    def get_success_url(self):
        return reverse("pacte:relaytrainer", args=[self.object.pk])


class RelayTrainerCreateView(RolePermissionMixin, RelayTrainerFormMixin, CreateView):
    permission_required = "pacte.add_relaytrainer"
    success_message = "Formateur relais « {object} » enregistré."


class RelayTrainerUpdateView(RolePermissionMixin, RelayTrainerFormMixin, UpdateView):
    permission_required = "pacte.change_relaytrainer"
