"""Meetings (réunions): the activity log every programme writes to."""

from urllib.parse import urlencode

from django.contrib import messages
from django.urls import reverse
from django.views.generic import CreateView, DeleteView, DetailView, UpdateView

from interurps import registry
from interurps.filters import MeetingFilter
from interurps.forms import MeetingForm
from interurps.mixins import RolePermissionMixin
from interurps.models import Meeting
from interurps.resources.meetings import MeetingResource
from interurps.roles import ADMINISTRATOR
from interurps.views.generic import Column, FormPageMixin, ListPageView


class MeetingListView(ListPageView):
    model = Meeting
    permission_required = "interurps.view_meeting"
    filterset_class = MeetingFilter
    resource_class = MeetingResource
    export_basename = "reunions"
    title = "Réunions"
    count_label = ("réunion", "réunions")
    empty_text = "Aucune réunion ne correspond à ces critères."
    columns = (
        Column("Date", "date"),
        Column("Intitulé", "titre"),
        Column("Programmes"),
        Column("Catégorie", "categorie"),
        Column("Modalité"),
        Column("Département", "departement"),
        Column("Équipe"),
    )
    create_url_name, create_permission = "interurps:meeting_create", "interurps.add_meeting"
    create_label = "Enregistrer une réunion"
    import_kind, import_label = "reunions", "Importer des réunions"
    import_permissions = ("interurps.add_meeting", "interurps.change_meeting")

    def get_queryset(self):
        return super().get_queryset().for_list()

    def get_columns(self):
        # The columns the apps add to the meeting (interurps.registry), after the core's.
        return (*self.columns, *(Column(extension.list_label) for extension in registry.meeting_list_columns()))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["scope"] = self.filterset.scope
        context["extension_columns"] = registry.meeting_list_columns()  # the columns the apps add
        return context


class MeetingDetailView(RolePermissionMixin, DetailView):
    model = Meeting
    permission_required = "interurps.view_meeting"

    def get_queryset(self):
        return Meeting.objects.for_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["extension_blocks"] = registry.meeting_detail_blocks()  # the facts the apps add (prefetched)
        return context


class MeetingFormMixin(FormPageMixin):
    model = Meeting
    form_class = MeetingForm
    template_name = "interurps/meeting_form.html"

    def get_title(self):
        return "Modifier la réunion" if self.object else "Nouvelle réunion"

    def get_cancel_url(self):
        return reverse("interurps:meeting", args=[self.object.pk]) if self.object else reverse("interurps:meeting_list")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_success_url(self):
        return reverse("interurps:meeting", args=[self.object.pk])


class MeetingCreateView(RolePermissionMixin, MeetingFormMixin, CreateView):
    permission_required = "interurps.add_meeting"
    success_message = "Réunion « {object.title} » enregistrée."

    def get_initial(self):
        return {**super().get_initial(), **MeetingForm.initial_from_query(self.request.GET)}

    def save(self, form):
        form.instance.created_by = self.request.user
        return super().save(form)

    def get_success_url(self):
        if "_another" in self.request.POST:
            # The next meeting is often on the same day and programmes: start from them.
            query = [("date", self.object.date.isoformat())]
            query += [("programme", programme.code) for programme in self.object.programmes.all()]
            return f"{reverse('interurps:meeting_create')}?{urlencode(query)}"
        return super().get_success_url()


class MeetingUpdateView(RolePermissionMixin, MeetingFormMixin, UpdateView):
    permission_required = "interurps.change_meeting"


class MeetingDeleteView(RolePermissionMixin, DeleteView):
    """Delete a meeting logged by mistake, after a confirmation page: the chargée who logged it, or an
    administrator. The history keeps it (an administrator can restore it from the admin)."""

    model = Meeting
    permission_required = "interurps.delete_meeting"
    template_name = "interurps/meeting_confirm_delete.html"

    def has_permission(self):
        if not super().has_permission():
            return False
        user = self.request.user
        meeting = self.get_object()
        return meeting.created_by_id == user.pk or user.is_superuser or user.groups.filter(name=ADMINISTRATOR).exists()

    def get_success_url(self):
        return reverse("interurps:meeting_list")

    def form_valid(self, form):
        title = str(self.object)
        response = super().form_valid(form)
        messages.success(self.request, f"Réunion « {title} » supprimée.")
        return response
