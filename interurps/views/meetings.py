"""Meetings (réunions): the activity log every programme writes to."""

from urllib.parse import urlencode

from django.apps import apps
from django.contrib import messages
from django.urls import reverse
from django.views.generic import CreateView, DeleteView, DetailView, ListView, UpdateView

from interurps.filters import MeetingFilter
from interurps.forms import MeetingForm
from interurps.mixins import ExportMixin, FilteredListMixin, RolePermissionMixin
from interurps.models import Meeting
from interurps.resources.meetings import MeetingResource
from interurps.roles import ADMINISTRATOR


class MeetingListView(RolePermissionMixin, ExportMixin, FilteredListMixin, ListView):
    model = Meeting
    permission_required = "interurps.view_meeting"
    filterset_class = MeetingFilter
    resource_class = MeetingResource
    export_basename = "reunions"
    paginate_by = 50
    sort_fields = {"date": "date", "titre": "title", "categorie": "category__name", "departement": "department__code"}
    sort_descending_first = {"date"}
    default_sort = "-date"

    def get_queryset(self):
        return super().get_queryset().for_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["scope"] = self.filterset.scope
        return context


class MeetingDetailView(RolePermissionMixin, DetailView):
    model = Meeting
    permission_required = "interurps.view_meeting"

    def get_queryset(self):
        return Meeting.objects.for_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The CPTS concerned (prefetched by for_detail), when the cpts app is installed.
        context["linked_cpts"] = list(self.object.cpts.all()) if apps.is_installed("cpts") else None
        return context


class MeetingFormMixin:
    model = Meeting
    form_class = MeetingForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_success_url(self):
        return reverse("interurps:meeting", args=[self.object.pk])


class MeetingCreateView(RolePermissionMixin, MeetingFormMixin, CreateView):
    permission_required = "interurps.add_meeting"

    def get_initial(self):
        return {**super().get_initial(), **MeetingForm.initial_from_query(self.request.GET)}

    def form_valid(self, form):
        form.instance.created_by = self.request.user
        response = super().form_valid(form)
        messages.success(self.request, f"Réunion « {self.object.title} » enregistrée.")
        return response

    def get_success_url(self):
        if "_another" in self.request.POST:
            # The next meeting is often on the same day and programmes: start from them.
            query = [("date", self.object.date.isoformat())]
            query += [("programme", programme.code) for programme in self.object.programmes.all()]
            return f"{reverse('interurps:meeting_create')}?{urlencode(query)}"
        return super().get_success_url()


class MeetingUpdateView(RolePermissionMixin, MeetingFormMixin, UpdateView):
    permission_required = "interurps.change_meeting"

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Modifications enregistrées.")
        return response


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
