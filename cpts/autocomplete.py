"""The CPTS picker's search endpoint (see interurps.autocomplete for the shared rules)."""

from cpts.models import CPTS
from cpts.ordering import cpts_sort_key
from interurps.autocomplete import PickerView, _text


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
