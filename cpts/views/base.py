"""What the pages that record something of one CPTS share: the CPTS from the URL, the French errors of the
models and services shown on the form, the way back to the CPTS page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import DeleteView

from cpts.forms import add_model_errors
from cpts.models import CPTS
from interurps.mixins import RolePermissionMixin


class CPTSRecordMixin:
    """A form about one CPTS. The URL's `pk` is the CPTS's, or, when `model` is set and the page edits a record,
    the record's (its CPTS is then `cpts_path` from it). `save(form)` writes and may raise ValidationError."""

    template_name = "cpts/form.html"
    title = ""
    field_map = {}  # model field -> form field, for the errors of the services
    cpts_path = "cpts"

    def dispatch(self, request, *args, **kwargs):
        self.cpts = self.get_cpts()
        return super().dispatch(request, *args, **kwargs)

    def get_cpts(self):
        return get_object_or_404(CPTS.objects.select_related("department"), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "cpts": self.cpts}

    def get_title(self):
        return self.title

    def get_success_url(self):
        return reverse("cpts:cpts", args=[self.cpts.pk])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            cpts=self.cpts, title=self.get_title(), cancel_url=self.get_success_url(), **kwargs
        )

    def save(self, form):
        instance = form.save(commit=False)
        instance.full_clean()
        instance.save()
        return instance

    def success_message(self):
        return "Enregistré."

    def form_valid(self, form):
        try:
            self.object = self.save(form)
        except ValidationError as error:
            add_model_errors(form, error, self.field_map)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message())
        return redirect(self.get_success_url())


class RecordOfCPTSMixin(CPTSRecordMixin):
    """For a page whose URL `pk` is a record of a CPTS (a contact, a payment…), not the CPTS."""

    def get_cpts(self):
        self.object = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        cpts = self.object
        for name in self.cpts_path.split("."):
            cpts = getattr(cpts, name)
        return cpts

    def get_object(self, queryset=None):
        return self.object


class CPTSRecordDeleteView(RolePermissionMixin, DeleteView):
    """Delete a record entered by mistake, after a confirmation page, and go back to the CPTS page."""

    template_name = "cpts/confirm_delete.html"
    cpts_path = "cpts"

    def get_cpts(self):
        cpts = self.object
        for name in self.cpts_path.split("."):
            cpts = getattr(cpts, name)
        return cpts

    def describe(self):
        return str(self.object)

    def get_success_url(self):
        return reverse("cpts:cpts", args=[self.get_cpts().pk])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            cpts=self.get_cpts(), what=self.describe(), cancel_url=self.get_success_url(), **kwargs
        )

    def delete_record(self):
        self.object.delete()

    def form_valid(self, form):
        success_url = self.get_success_url()
        what = self.describe()
        try:
            self.delete_record()
        except ValidationError as error:
            for message in error.messages:
                messages.error(self.request, message)
            return redirect(success_url)
        messages.success(self.request, f"Supprimé : {what}.")
        return redirect(success_url)
