"""What the pages that record something of one CPTS share: the CPTS from the URL, the way back to its page.
Messages, « Annuler » and the French errors of the models and services come from the generic pages."""

from django.shortcuts import get_object_or_404
from django.urls import reverse

from cpts.models import CPTS
from interurps.views.generic import ConfirmDeleteView, FormPageMixin


def cpts_of(record, path):
    """The CPTS a record belongs to, following `path` (`"contract.cpts"`)."""
    for name in path.split("."):
        record = getattr(record, name)
    return record


class CPTSRecordMixin(FormPageMixin):
    """A form about one CPTS. The URL's `pk` is the CPTS's, or, when `model` is set and the page edits a record,
    the record's (its CPTS is then `cpts_path` from it). `save(form)` writes and may raise ValidationError."""

    template_name = "cpts/form.html"
    success_message = "Enregistré."
    cpts_path = "cpts"

    def dispatch(self, request, *args, **kwargs):
        self.cpts = self.get_cpts()
        return super().dispatch(request, *args, **kwargs)

    def get_cpts(self):
        return get_object_or_404(CPTS.objects.select_related("department"), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "cpts": self.cpts}

    def get_success_url(self):
        return reverse("cpts:cpts", args=[self.cpts.pk])

    def get_context_data(self, **kwargs):
        return super().get_context_data(cpts=self.cpts, **kwargs)

    def save(self, form):
        instance = form.save(commit=False)
        instance.full_clean()
        instance.save()
        return instance


class RecordOfCPTSMixin(CPTSRecordMixin):
    """For a page whose URL `pk` is a record of a CPTS (a contact, a payment…), not the CPTS."""

    def get_cpts(self):
        self.object = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        return cpts_of(self.object, self.cpts_path)

    def get_object(self, queryset=None):
        return self.object


class CPTSRecordDeleteView(ConfirmDeleteView):
    """Delete a record entered by mistake, after a confirmation page, and go back to the CPTS page."""

    template_name = "cpts/confirm_delete.html"
    cpts_path = "cpts"

    def get_success_url(self):
        return reverse("cpts:cpts", args=[cpts_of(self.object, self.cpts_path).pk])

    def get_context_data(self, **kwargs):
        return super().get_context_data(cpts=cpts_of(self.object, self.cpts_path), **kwargs)
