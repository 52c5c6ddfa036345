"""Shared pieces of the staff views: role permissions, filtered lists, exports."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.utils import timezone

from interurps.audit import record_export


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
    """A list view filtered and sorted by a django-filter FilterSet (its `tri` is a `SortFilter`)."""

    filterset_class = None

    def get_filterset(self, queryset):
        return self.filterset_class(self.request.GET.copy(), queryset=queryset, request=self.request)

    def get_queryset(self):
        self.filterset = self.get_filterset(super().get_queryset())
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(filterset=self.filterset, **kwargs)


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
        record_export(self.request, self.export_basename, len(dataset))
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
