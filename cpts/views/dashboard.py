"""The map of the CPTS of the region, today or on a past date (`?au=2021-12-31`)."""

from django import forms
from django.views.generic import TemplateView

from cpts import selectors
from cpts.map import build_map
from interurps.mixins import RolePermissionMixin


class MapDateForm(forms.Form):
    au = forms.DateField(
        label="État au",
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Laissez vide pour la carte d'aujourd'hui.",
        error_messages={"invalid": "Date invalide : choisissez une date (jj/mm/aaaa)."},
    )


class MapView(RolePermissionMixin, TemplateView):
    """The map in full size, with its legend and the list of the CPTS it shows."""

    template_name = "cpts/map.html"
    permission_required = "cpts.view_cpts"

    def get_context_data(self, **kwargs):
        form = MapDateForm(self.request.GET or None)
        on = form.cleaned_data["au"] if form.is_valid() else None
        operational = selectors.operational_coverage(on).region
        map_ = build_map(on, id_prefix="carte", operational=operational)
        return super().get_context_data(form=form, on=on, map=map_, operational=operational, **kwargs)
