"""Pieces shared by the PACTE pages."""

from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.urls import reverse


class SuccessMessageMixin:
    """Say in French what was saved once a form is valid."""

    success_message = "Modifications enregistrées."

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, self.get_success_message())
        return response

    def get_success_message(self):
        return self.success_message.format(object=self.object)


class ParentMixin:
    """A page under a parent object named in the URL (`<int:pk>`): the cohort of a new module, etc."""

    parent_model = None
    parent_queryset = None

    def get_parent(self):
        if not hasattr(self, "_parent"):
            queryset = self.parent_queryset if self.parent_queryset is not None else self.parent_model.objects
            self._parent = get_object_or_404(queryset, pk=self.kwargs["pk"])
        return self._parent


class FormPageMixin:
    """A form page of PACTE: one template, a title and where « Annuler » goes."""

    template_name = "pacte/form.html"
    page_title = ""

    def get_page_title(self):
        return self.page_title

    def get_cancel_url(self):
        return reverse("pacte:home")

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=self.get_page_title(), cancel_url=self.get_cancel_url(), **kwargs)
