"""Contacts: the people and organisations the association works with."""

from django.contrib import messages
from django.db.models import Count
from django.urls import reverse
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from interurps.collation import french
from interurps.filters import OrganisationFilter, PersonFilter
from interurps.forms import OrganisationForm, PersonForm
from interurps.mixins import ExportMixin, FilteredListMixin, RolePermissionMixin
from interurps.models import Organisation, Person
from interurps.resources.contacts import OrganisationResource, PersonResource

RECENT_MEETINGS = 20


class PersonListView(RolePermissionMixin, ExportMixin, FilteredListMixin, ListView):
    queryset = Person.objects.select_related("organisation__department", "union")
    permission_required = "interurps.view_person"
    filterset_class = PersonFilter
    resource_class = PersonResource
    export_basename = "personnes"
    paginate_by = 50
    sort_fields = {
        "nom": french("last_name"),
        "prenom": french("first_name"),
        "organisation": french("organisation__name"),
        "union": "union__short_name",
    }
    default_sort = "nom"


class PersonDetailView(RolePermissionMixin, DetailView):
    queryset = Person.objects.select_related("organisation", "union")
    permission_required = "interurps.view_person"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["meetings"] = self.object.meetings.select_related("category__programme").order_by("-date")[
            :RECENT_MEETINGS
        ]
        return context


class PersonFormMixin:
    model = Person
    form_class = PersonForm

    def get_success_url(self):
        return reverse("interurps:person", args=[self.object.pk])


class PersonCreateView(RolePermissionMixin, PersonFormMixin, CreateView):
    permission_required = "interurps.add_person"

    def get_initial(self):
        initial = super().get_initial()
        organisation = self.request.GET.get("organisation", "")
        if organisation.isdigit():
            initial["organisation"] = organisation
        return initial

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, f"{self.object.full_name} ajouté·e aux contacts.")
        return response


class PersonUpdateView(RolePermissionMixin, PersonFormMixin, UpdateView):
    permission_required = "interurps.change_person"

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Modifications enregistrées.")
        return response


class OrganisationListView(RolePermissionMixin, ExportMixin, FilteredListMixin, ListView):
    queryset = Organisation.objects.select_related("department").annotate(people_count=Count("people"))
    permission_required = "interurps.view_organisation"
    filterset_class = OrganisationFilter
    resource_class = OrganisationResource
    export_basename = "organisations"
    paginate_by = 50
    sort_fields = {
        "nom": french("name"),
        "sigle": french("acronym"),
        "type": "kind",
        "departement": "department__code",
        "personnes": "people_count",
    }
    default_sort = "nom"


class OrganisationDetailView(RolePermissionMixin, DetailView):
    queryset = Organisation.objects.select_related("department")
    permission_required = "interurps.view_organisation"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["people"] = self.object.people.select_related("union")
        context["meetings"] = self.object.meetings.select_related("category__programme").order_by("-date")[
            :RECENT_MEETINGS
        ]
        return context


class OrganisationFormMixin:
    model = Organisation
    form_class = OrganisationForm

    def get_success_url(self):
        return reverse("interurps:organisation", args=[self.object.pk])


class OrganisationCreateView(RolePermissionMixin, OrganisationFormMixin, CreateView):
    permission_required = "interurps.add_organisation"

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, f"Organisation « {self.object.name} » enregistrée.")
        return response


class OrganisationUpdateView(RolePermissionMixin, OrganisationFormMixin, UpdateView):
    permission_required = "interurps.change_organisation"

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Modifications enregistrées.")
        return response
