"""Shared pieces of the staff views: role permissions, filtered lists, exports."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ImproperlyConfigured
from django.db.models import F
from django.http import HttpResponse
from django.utils import timezone


class RolePermissionMixin(PermissionRequiredMixin):
    """Refuse (403) a logged-in user whose role lacks the view's permission.

    Login itself is enforced for every page by LoginRequiredMiddleware.
    """

    raise_exception = True

    def get_permission_required(self):
        if not self.permission_required:
            raise ImproperlyConfigured(f"{type(self).__name__} must declare permission_required.")
        return super().get_permission_required()


class FilteredListMixin:
    """A list view filtered by a django-filter FilterSet and sorted by a whitelisted `tri` parameter."""

    filterset_class = None
    sort_fields = {}  # public name -> ordering expression
    sort_descending_first = ()  # columns whose first click sorts descending (dates, figures)
    default_sort = None

    def get_filterset(self, queryset):
        return self.filterset_class(self.request.GET or None, queryset=queryset, request=self.request)

    def get_sort(self):
        requested = self.request.GET.get("tri", "")
        key = requested.lstrip("-")
        if key in self.sort_fields:
            return requested
        return self.default_sort

    def get_queryset(self):
        self.filterset = self.get_filterset(super().get_queryset())
        queryset = self.filterset.qs
        sort = self.get_sort()
        if sort:
            field = self.sort_fields[sort.lstrip("-")]
            # A field name or an expression (e.g. interurps.collation.french for names in French order).
            field = field if hasattr(field, "resolve_expression") else F(field)
            # Empty values last in both directions, the same on SQLite and PostgreSQL.
            expression = field.desc(nulls_last=True) if sort.startswith("-") else field.asc(nulls_last=True)
            queryset = queryset.order_by(expression, "pk")
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filterset=self.filterset,
            current_sort=self.get_sort() or "",
            querystring=query.urlencode(),
            sort=sort_headers(self.sort_fields, self.get_sort(), self.sort_descending_first),
        )
        return context


def sort_headers(sort_fields, current, descending_first=()):
    """For each sortable column: the `tri` value its header links to and its aria-sort state."""
    headers = {}
    for key in sort_fields:
        if current == key:
            headers[key] = {"next": f"-{key}", "aria_sort": "ascending"}
        elif current == f"-{key}":
            headers[key] = {"next": key, "aria_sort": "descending"}
        else:
            headers[key] = {"next": f"-{key}" if key in descending_first else key, "aria_sort": ""}
    return headers


class ExportMixin:
    """Export the filtered queryset with an import-export resource, as CSV or XLSX (`?export=csv`)."""

    resource_class = None
    export_basename = "export"

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("export")
        if fmt in EXPORT_FORMATS:
            return self.export(fmt)
        return super().get(request, *args, **kwargs)

    def export(self, fmt):
        from interurps.formats import XLSX, FrenchCSV

        format_class = {"csv": FrenchCSV, "xlsx": XLSX}[fmt]()
        dataset = self.resource_class().export(queryset=self.get_queryset())
        content = format_class.export_data(dataset)
        stamp = timezone.localdate().strftime("%Y-%m-%d")
        response = HttpResponse(content, content_type=format_class.get_content_type())
        response["Content-Disposition"] = f'attachment; filename="{self.export_basename}-{stamp}.{fmt}"'
        return response


EXPORT_FORMATS = ("csv", "xlsx")


def requested_year(request):
    """The year asked for with `?annee=`, else the current one."""
    value = request.GET.get("annee", "")
    if value.isdigit() and 2000 <= int(value) <= 2100:
        return int(value)
    return timezone.localdate().year
