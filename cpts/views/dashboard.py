"""The map of the CPTS of the region, today or on a past date (`?au=2021-12-31`)."""

from django import forms
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.views.generic import TemplateView, View

from cpts import selectors
from cpts.map import build_map
from interurps.mixins import RolePermissionMixin
from interurps.versioning import cached_on_records


class MapDateForm(forms.Form):
    au = forms.DateField(
        label="État au",
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Laissez vide pour la carte d'aujourd'hui.",
        error_messages={"invalid": "Date invalide : choisissez une date (jj/mm/aaaa)."},
    )


def operational_coverage(request, on):
    """The region's ARS figure on the date `on` (today when None), once per change of the records and day."""
    return cached_on_records(
        request, f"operational-coverage:{on}", lambda: selectors.operational_coverage(on).region, daily=True
    )


class MapView(RolePermissionMixin, TemplateView):
    """The map in full size, with its legend and the list of the CPTS it shows."""

    template_name = "cpts/map.html"
    permission_required = "cpts.view_cpts"

    def get_context_data(self, **kwargs):
        form = MapDateForm(self.request.GET or None)
        on = form.cleaned_data["au"] if form.is_valid() else None
        operational = operational_coverage(self.request, on)
        map_ = build_map(on, id_prefix="carte", operational=operational)
        return super().get_context_data(form=form, on=on, map=map_, operational=operational, **kwargs)


class MapSVGView(RolePermissionMixin, View):
    """The map alone, as an SVG image (`?au=` as on the map page), for pages that show it as a picture.

    Its ETag is the drawing's version: the browser keeps the image and asks again with If-None-Match, and
    gets a 304 without a drawing until the communes, the territories or the stages change.
    """

    permission_required = "cpts.view_cpts"

    def get(self, request, *args, **kwargs):
        form = MapDateForm(request.GET or None)
        on = form.cleaned_data["au"] if form.is_valid() else None
        operational = operational_coverage(request, on)
        region_map = build_map(on, id_prefix="carte-image", operational=operational)
        etag = f'"{region_map.version}"'
        if etag in request.headers.get("If-None-Match", ""):
            response = HttpResponseNotModified()
        else:
            response = HttpResponse(region_map.svg, content_type="image/svg+xml; charset=utf-8")
        response["ETag"] = etag
        # Personal to the logged-in user's role, kept by the browser, checked again at each use.
        patch_cache_control(response, private=True, no_cache=True, max_age=0)
        return response
