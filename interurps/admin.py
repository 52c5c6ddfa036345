from django.contrib import admin
from import_export.admin import ImportExportModelAdmin

from interurps import models
from interurps.formats import ImportFileError


class BaseAdmin(admin.ModelAdmin):
    """The project's base ModelAdmin: searchable, filterable, related objects fetched in one query."""

    list_per_page = 50
    show_full_result_count = False


class BaseImportExportAdmin(ImportExportModelAdmin, BaseAdmin):
    """Import (preview, all or nothing) and export as French CSV or XLSX."""

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
    list_display = ["name", "programme", "order", "is_active"]
    list_filter = ["programme", "is_active"]
    list_editable = ["order", "is_active"]
    list_select_related = ["programme"]
    search_fields = ["name"]


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
class OrganisationAdmin(BaseAdmin):
    list_display = ["name", "acronym", "kind", "department"]
    list_filter = ["kind", "department"]
    list_select_related = ["department"]
    search_fields = ["name", "acronym"]


@admin.register(models.Person)
class PersonAdmin(BaseAdmin):
    list_display = ["last_name", "first_name", "profession", "organisation", "union", "email"]
    list_filter = ["union", "organisation__kind"]
    list_select_related = ["organisation", "union"]
    search_fields = ["last_name", "first_name", "email", "profession"]
    autocomplete_fields = ["organisation"]


@admin.register(models.Commune)
class CommuneAdmin(BaseAdmin):
    list_display = ["name", "insee_code", "department", "population", "population_year"]
    list_filter = ["department"]
    list_select_related = ["department"]
    search_fields = ["name", "insee_code"]
    exclude = ["boundary"]


@admin.register(models.Meeting)
class MeetingAdmin(BaseAdmin):
    list_display = ["date", "title", "category", "mode", "department", "is_highlight"]
    list_filter = ["programmes", "category", "mode", "department", "is_highlight"]
    list_select_related = ["category__programme", "department"]
    search_fields = ["title", "notes", "place"]
    date_hierarchy = "date"
    autocomplete_fields = ["organisations", "people", "staff"]
    filter_horizontal = ["programmes"]
