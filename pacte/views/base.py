"""Pieces shared by the PACTE pages."""

from django.shortcuts import get_object_or_404

from interurps.views.generic import FormPageMixin


class ParentMixin:
    """A page under a parent object named in the URL (`<int:pk>`): the cohort of a new module, etc."""

    parent_model = None
    parent_queryset = None

    def get_parent(self):
        if not hasattr(self, "_parent"):
            queryset = self.parent_queryset if self.parent_queryset is not None else self.parent_model.objects
            self._parent = get_object_or_404(queryset, pk=self.kwargs["pk"])
        return self._parent


class PacteFormMixin(FormPageMixin):
    """A form page of PACTE: the generic form page under the PACTE breadcrumb."""

    template_name = "pacte/form.html"
