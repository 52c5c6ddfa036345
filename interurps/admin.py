from django.conf import settings
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.module_loading import import_string
from import_export.admin import ImportExportModelAdmin

from interurps import models, rgpd
from interurps.formats import ImportFileError
from interurps.resources.communes import (
    CommunePopulationConfirmImportForm,
    CommunePopulationImportForm,
    CommunePopulationResource,
    CommuneResource,
)
from interurps.resources.contacts import OrganisationResource, PersonResource
from interurps.resources.meetings import MeetingResource


class BaseAdmin(admin.ModelAdmin):
    """The project's base ModelAdmin: searchable, filterable, related objects fetched in one query."""

    list_per_page = 50
    show_full_result_count = False


def format_classes(setting):
    """The file formats a setting names by dotted path (django-import-export wants the classes)."""
    return [import_string(name) if isinstance(name, str) else name for name in getattr(settings, setting)]


class BaseImportExportAdmin(ImportExportModelAdmin, BaseAdmin):
    """Import (preview, all or nothing) and export as French CSV or XLSX."""

    @property
    def formats(self):
        return format_classes("IMPORT_EXPORT_FORMATS")

    @property
    def import_formats(self):
        return format_classes("IMPORT_FORMATS")

    @property
    def export_formats(self):
        return format_classes("EXPORT_FORMATS")

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ImportFileError):
            form.add_error("import_file", str(e))
        else:
            form.add_error("import_file", "Le fichier n'a pas pu être lu : vérifiez qu'il est au format choisi.")


@admin.register(models.Programme)
class ProgrammeAdmin(BaseAdmin):
    list_display = ["name", "code", "order"]
    list_editable = ["order"]
    search_fields = ["name", "code"]


@admin.register(models.Union)
class UnionAdmin(BaseAdmin):
    list_display = ["short_name", "name", "profession", "order"]
    search_fields = ["name", "short_name", "profession"]


@admin.register(models.Department)
class DepartmentAdmin(BaseAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(models.MeetingCategory)
class MeetingCategoryAdmin(BaseAdmin):
    list_display = ["name", "code", "programme", "order", "is_active"]
    list_filter = ["programme", "is_active"]
    list_editable = ["order", "is_active"]
    list_select_related = ["programme"]
    search_fields = ["name", "code"]

    def get_readonly_fields(self, request, obj=None):
        """The code of a category that has one is read-only: report figures find the category by it, so an
        administrator may rename the category but not break a figure. A new category may get a code."""
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.code:
            readonly.append("code")
        return readonly


@admin.register(models.StaffMember)
class StaffMemberAdmin(BaseAdmin):
    list_display = ["user", "job_title", "seconded_by", "start_date", "end_date"]
    list_filter = ["programmes", "seconded_by"]
    list_select_related = ["user", "seconded_by"]
    search_fields = ["user__first_name", "user__last_name", "job_title"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["programmes"]


@admin.register(models.Funding)
class FundingAdmin(BaseAdmin):
    list_display = ["year", "source", "programme", "amount"]
    list_filter = ["year", "source", "programme"]
    list_select_related = ["programme"]
    search_fields = ["notes"]


@admin.register(models.Organisation)
class OrganisationAdmin(BaseImportExportAdmin):
    resource_classes = [OrganisationResource]
    list_display = ["name", "acronym", "kind", "department"]
    list_filter = ["kind", "department"]
    list_select_related = ["department"]
    search_fields = ["name", "acronym"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "website":
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(models.Person)
class PersonAdmin(BaseImportExportAdmin):
    resource_classes = [PersonResource]
    list_display = ["last_name", "first_name", "profession", "organisation", "union", "email"]
    list_filter = ["union", "organisation__kind"]
    list_select_related = ["organisation", "union"]
    search_fields = ["last_name", "first_name", "email", "profession"]
    autocomplete_fields = ["organisation"]


@admin.register(models.Commune)
class CommuneAdmin(BaseImportExportAdmin):
    """Import: populations légales from INSEE (existing communes only). Export: the reference list."""

    list_display = ["name", "insee_code", "department", "population", "population_year"]
    list_filter = ["department", "population_year"]
    list_select_related = ["department"]
    search_fields = ["name", "insee_code"]
    exclude = ["boundary"]
    resource_classes = [CommunePopulationResource]
    import_form_class = CommunePopulationImportForm
    confirm_form_class = CommunePopulationConfirmImportForm

    def get_export_resource_classes(self, request):
        return [CommuneResource]

    def get_import_resource_kwargs(self, request, **kwargs):
        form = kwargs.get("form")
        cleaned_data = getattr(form, "cleaned_data", None) or {}
        return {"population_year": cleaned_data.get("population_year")}

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["population_year"] = import_form.cleaned_data.get("population_year")
        return initial


@admin.register(models.Meeting)
class MeetingAdmin(BaseImportExportAdmin):
    resource_classes = [MeetingResource]
    list_display = ["date", "title", "category", "mode", "department", "is_highlight"]
    list_filter = ["programmes", "category", "mode", "department", "is_highlight"]
    list_select_related = ["category__programme", "department"]
    search_fields = ["title", "notes", "place"]
    date_hierarchy = "date"
    autocomplete_fields = ["organisations", "people", "staff"]
    filter_horizontal = ["programmes"]


# The annual report: editions and their texts. Published versions are shown read-only in their edition:
# they are made by publishing (interurps.report.services.publish) and are never changed or deleted.


class ReportSignatoryInline(admin.TabularInline):
    model = models.ReportSignatory
    extra = 0
    autocomplete_fields = ["person"]


class ReportTextInline(admin.StackedInline):
    model = models.ReportText
    extra = 0


class FreeSectionInline(admin.StackedInline):
    model = models.FreeSection
    extra = 0


class PublishedReportInline(admin.TabularInline):
    model = models.PublishedReport
    extra = 0
    fields = ["version", "published_at", "published_by", "page_count", "download"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="PDF")
    def download(self, obj):
        url = reverse("interurps:report_version", args=[obj.edition.year, obj.version])
        return format_html('<a href="{}">{}</a>', url, obj.filename)


@admin.register(models.ReportEdition)
class ReportEditionAdmin(BaseAdmin):
    list_display = ["year", "title", "updated_at", "updated_by"]
    list_select_related = ["updated_by"]
    search_fields = ["title"]
    readonly_fields = ["updated_at", "updated_by"]
    inlines = [ReportSignatoryInline, ReportTextInline, FreeSectionInline, PublishedReportInline]


# RGPD (interurps/rgpd.py): export everything about people, anonymise them, list those without activity.
PersonAdmin.actions = [*(PersonAdmin.actions or []), rgpd.export_person_data, rgpd.anonymise_people]
PersonAdmin.list_filter = [*PersonAdmin.list_filter, rgpd.InactivePersonFilter]
