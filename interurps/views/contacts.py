"""Contacts: the people and organisations the association works with."""

from django.db.models import Count
from django.urls import reverse
from django.views.generic import CreateView, DetailView, UpdateView

from interurps.filters import OrganisationFilter, PersonFilter
from interurps.forms import OrganisationForm, PersonForm
from interurps.mixins import RolePermissionMixin
from interurps.models import Organisation, Person
from interurps.resources.contacts import OrganisationResource, PersonResource
from interurps.views.generic import ArchiveView, Column, FormPageMixin, ListPageView

RECENT_MEETINGS = 20


class PersonListView(ListPageView):
    queryset = Person.objects.select_related("organisation__department", "union")
    permission_required = "interurps.view_person"
    filterset_class = PersonFilter
    resource_class = PersonResource
    export_basename = "personnes"
    title = "Personnes"
    count_label = ("personne", "personnes")
    empty_text = "Aucune personne ne correspond à ces critères."
    columns = (
        Column("Nom", "nom"),
        Column("Prénom", "prenom"),
        Column("Profession"),
        Column("Organisation", "organisation"),
        Column("Union", "union"),
        Column("Courriel"),
        Column("Téléphone"),
    )
    create_url_name, create_permission, create_label = (
        "interurps:person_create",
        "interurps.add_person",
        "Ajouter une personne",
    )
    import_kind, import_label = "personnes", "Importer des personnes"
    import_permissions = ("interurps.add_person", "interurps.change_person")
    archives_label = "Afficher les personnes archivées"


class PersonDetailView(RolePermissionMixin, DetailView):
    queryset = Person.objects.select_related("organisation", "union")
    permission_required = "interurps.view_person"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["meetings"] = self.object.meetings.select_related("category__programme").order_by("-date")[
            :RECENT_MEETINGS
        ]
        return context


class PersonFormMixin(FormPageMixin):
    model = Person
    form_class = PersonForm
    template_name = "interurps/person_form.html"

    def get_title(self):
        return f"Modifier {self.object.full_name}" if self.object else "Nouvelle personne"

    def get_cancel_url(self):
        return reverse("interurps:person", args=[self.object.pk]) if self.object else reverse("interurps:person_list")

    def get_success_url(self):
        return reverse("interurps:person", args=[self.object.pk])


class PersonCreateView(RolePermissionMixin, PersonFormMixin, CreateView):
    permission_required = "interurps.add_person"
    success_message = "{object.full_name} ajouté·e aux contacts."

    def get_initial(self):
        initial = super().get_initial()
        organisation = self.request.GET.get("organisation", "")
        if organisation.isdigit():
            initial["organisation"] = organisation
        return initial


class PersonUpdateView(RolePermissionMixin, PersonFormMixin, UpdateView):
    permission_required = "interurps.change_person"


class PersonArchiveView(ArchiveView):
    model = Person
    permission_required = "interurps.change_person"
    success_url_name = "interurps:person"


class OrganisationListView(ListPageView):
    queryset = Organisation.objects.select_related("department").annotate(people_count=Count("people"))
    permission_required = "interurps.view_organisation"
    filterset_class = OrganisationFilter
    resource_class = OrganisationResource
    export_basename = "organisations"
    title = "Organisations"
    count_label = ("organisation", "organisations")
    empty_text = "Aucune organisation ne correspond à ces critères."
    columns = (
        Column("Nom", "nom"),
        Column("Sigle", "sigle"),
        Column("Type", "type"),
        Column("Département", "departement"),
        Column("Personnes", "personnes", "number"),
    )
    create_url_name, create_permission = "interurps:organisation_create", "interurps.add_organisation"
    create_label = "Ajouter une organisation"
    import_kind, import_label = "organisations", "Importer des organisations"
    import_permissions = ("interurps.add_organisation", "interurps.change_organisation")


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


class OrganisationFormMixin(FormPageMixin):
    model = Organisation
    form_class = OrganisationForm
    template_name = "interurps/organisation_form.html"

    def get_title(self):
        return f"Modifier {self.object.name}" if self.object else "Nouvelle organisation"

    def get_cancel_url(self):
        if self.object:
            return reverse("interurps:organisation", args=[self.object.pk])
        return reverse("interurps:organisation_list")

    def get_success_url(self):
        return reverse("interurps:organisation", args=[self.object.pk])


class OrganisationCreateView(RolePermissionMixin, OrganisationFormMixin, CreateView):
    permission_required = "interurps.add_organisation"
    success_message = "Organisation « {object.name} » enregistrée."


class OrganisationUpdateView(RolePermissionMixin, OrganisationFormMixin, UpdateView):
    permission_required = "interurps.change_organisation"
