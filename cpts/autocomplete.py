"""The search endpoints of the CPTS and territory pickers (see interurps.autocomplete for the shared rules)."""

from django.utils.formats import number_format

from cpts.models import CPTS
from cpts.ordering import cpts_sort_key
from cpts.selectors.territory import claimed_label, claims_elsewhere
from interurps.autocomplete import CommuneAutocomplete, PickerView, _text


class CPTSAutocomplete(PickerView):
    model = CPTS
    permission_required = "cpts.view_cpts"

    def base_queryset(self):
        return CPTS.objects.not_archived().select_related("department")

    def search_text(self):
        return _text("name", "acronym", "department__name", "department__code")

    def ordering(self):
        return [cpts_sort_key(), "pk"]

    def get_result_label(self, result):
        return f"{result.name} — {result.department.name} ({result.department.code})"

    def get_selected_result_label(self, result):
        return result.name


class TerritoryCommuneAutocomplete(CommuneAutocomplete):
    """The communes offered by the territory editor: each says its department, its population and, before
    the territory is saved, « déjà dans la CPTS X » when another active CPTS holds it (`?cpts=` is the
    CPTS being edited, left out of the flag). One query more than the plain commune search, per page."""

    permission_required = "cpts.change_cpts"

    def get_results(self, context):
        communes = context["object_list"] = list(context["object_list"])
        cpts_pk = self.request.GET.get("cpts", "")
        cpts = CPTS(pk=int(cpts_pk)) if cpts_pk.isdigit() else None
        self.claims = claims_elsewhere([commune.pk for commune in communes], cpts) if communes else {}
        return super().get_results(context)

    def flagged(self, result, text):
        names = self.claims.get(result.pk)
        return f"{text} · {claimed_label(names)}" if names else text

    def get_result_label(self, result):
        population = number_format(result.population, force_grouping=True)
        return self.flagged(result, f"{super().get_result_label(result)} · {population} hab.")

    def get_selected_result_label(self, result):
        return self.flagged(result, f"{result.name} ({result.department.code})")
