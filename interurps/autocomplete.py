"""Search endpoints of the record pickers (django-autocomplete-light, select2 flavour).

Every endpoint needs a login (LoginRequiredMiddleware) and the view permission of what it lists.
A search matches each typed word anywhere in the name and in what tells records apart
(organisation, department), accents and case ignored; results come in French order; each page of
results costs a constant number of queries (a count and a page, related rows joined).
"""

from dal import autocomplete
from django.contrib.auth import get_user_model
from django.db.models import CharField, Value
from django.db.models.functions import Coalesce, Concat

from interurps.collation import Fold, fold, french
from interurps.forms import team_users, user_label
from interurps.mixins import RolePermissionMixin
from interurps.models import Commune, Organisation, Person


def _text(*parts):
    """The concatenation of fields and literals, empty strings for NULLs."""
    pieces = []
    for part in parts:
        pieces.append(Coalesce(part, Value(""), output_field=CharField()) if not isinstance(part, Value) else part)
        pieces.append(Value(" "))
    return Concat(*pieces, output_field=CharField())


class PickerView(RolePermissionMixin, autocomplete.Select2QuerySetView):
    """Base of the pickers' endpoints: `search_text` says what a query is matched against."""

    paginate_by = 20
    # Searching only: records are created from the form's dialog (views/pickers.py), never by the picker.
    http_method_names = ["get", "head", "options"]

    def search_text(self):
        raise NotImplementedError

    def base_queryset(self):
        return self.model.objects.all()

    def ordering(self):
        return [french("name"), "pk"]

    def get_queryset(self):
        queryset = self.base_queryset()
        # A NUL character cannot reach PostgreSQL in a query parameter: it separates nothing, drop it.
        words = fold((self.q or "").replace("\x00", "")).split()
        if words:
            queryset = queryset.annotate(search_text=Fold(self.search_text()))
            for word in words:
                queryset = queryset.filter(search_text__contains=word)
        return queryset.order_by(*self.ordering())


class PersonAutocomplete(PickerView):
    model = Person
    permission_required = "interurps.view_person"

    def base_queryset(self):
        return Person.objects.not_archived().select_related("organisation", "union")

    def search_text(self):
        return _text("first_name", "last_name", "organisation__name", "organisation__acronym", "profession")

    def ordering(self):
        return [french("last_name"), french("first_name"), "pk"]

    def get_result_label(self, result):
        details = [result.profession, str(result.organisation or result.union or "")]
        details = " · ".join(detail for detail in details if detail)
        return f"{result.full_name} — {details}" if details else result.full_name

    def get_selected_result_label(self, result):
        return result.full_name


class OrganisationAutocomplete(PickerView):
    model = Organisation
    permission_required = "interurps.view_organisation"

    def base_queryset(self):
        return Organisation.objects.select_related("department")

    def search_text(self):
        return _text("name", "acronym", "department__name", "department__code")

    def get_result_label(self, result):
        details = [result.get_kind_display(), result.department.name if result.department else ""]
        return f"{result} — {' · '.join(detail for detail in details if detail)}"

    def get_selected_result_label(self, result):
        return str(result)


class CommuneAutocomplete(PickerView):
    model = Commune
    permission_required = "interurps.view_commune"

    def base_queryset(self):
        return Commune.objects.select_related("department").defer("boundary")

    def search_text(self):
        return _text("name", "insee_code")

    def get_result_label(self, result):
        return f"{result.name} ({result.department.code}) — {result.insee_code}"


class StaffAutocomplete(PickerView):
    """The association's team (see `team_users`), shown by name."""

    model = get_user_model()
    permission_required = "interurps.view_meeting"

    def base_queryset(self):
        return team_users().select_related("staff_member")

    def search_text(self):
        return _text("first_name", "last_name", "username")

    def ordering(self):
        return [french("last_name"), french("first_name"), "username"]

    def get_result_label(self, result):
        job = getattr(getattr(result, "staff_member", None), "job_title", "")
        return f"{user_label(result)} — {job}" if job else user_label(result)

    def get_selected_result_label(self, result):
        return user_label(result)
