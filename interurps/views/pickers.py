"""Create a person or an organisation from a picker's dialog, without leaving the meeting form.

GET gives the dialog's form (a fragment); POST either answers the new record as JSON
(`{"id", "text"}`: pickers.js adds it to the picker, selected) or gives the form back with its errors.
"""

from django import forms
from django.http import JsonResponse
from django.views.generic import CreateView

from interurps.forms import OrganisationForm, PersonForm
from interurps.mixins import RolePermissionMixin


class PersonQuickForm(PersonForm):
    class Meta(PersonForm.Meta):
        fields = ["civility", "first_name", "last_name", "profession", "email", "phone"]


class OrganisationQuickForm(OrganisationForm):
    website = None

    class Meta(OrganisationForm.Meta):
        fields = ["name", "acronym", "kind", "department"]
        widgets = {"department": forms.Select}


class QuickCreateView(RolePermissionMixin, CreateView):
    template_name = "interurps/partials/quick_create_form.html"

    def form_valid(self, form):
        self.object = form.save()
        return JsonResponse({"id": str(self.object.pk), "text": self.label(self.object)}, status=201)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=422)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["heading"] = self.heading
        return context


class PersonQuickCreateView(QuickCreateView):
    form_class = PersonQuickForm
    permission_required = "interurps.add_person"
    heading = "Nouvelle personne"

    def label(self, person):
        return person.full_name


class OrganisationQuickCreateView(QuickCreateView):
    form_class = OrganisationQuickForm
    permission_required = "interurps.add_organisation"
    heading = "Nouvelle organisation"

    def label(self, organisation):
        return str(organisation)
