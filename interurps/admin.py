from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.module_loading import import_string
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from interurps import models, rgpd, services
from interurps.audit import references
from interurps.concurrency import ConcurrentEditAdminForm
from interurps.formats import ImportFileError
from interurps.forms import MultiplePicker, UserMultipleChoiceField
from interurps.resources.communes import (
    CommunePopulationConfirmImportForm,
    CommunePopulationImportForm,
    CommunePopulationResource,
    CommuneResource,
)
from interurps.resources.contacts import OrganisationResource, PersonResource
from interurps.resources.meetings import MeetingResource


class BaseAdmin(SimpleHistoryAdmin):
    """The project's base ModelAdmin: searchable, filterable, related objects fetched in one query.

    With history (django-simple-history): the "Historique" page of a record lists its versions, and any
    version, even of a deleted record, can be restored from it ("Récupérer" lists the deleted ones).
    Its form refuses to save over a change saved since it was opened (ConcurrentEditAdminForm); a
    delete that would take the past with it (meetings referring to the record) is refused and listed.
    """

    list_per_page = 50
    show_full_result_count = False
    form = ConcurrentEditAdminForm

    def has_history(self):
        return history_manager_of_model(self.model) is not None

    def history_view(self, request, object_id, extra_context=None):
        if not self.has_history():
            return admin.ModelAdmin.history_view(self, request, object_id, extra_context)
        return super().history_view(request, object_id, extra_context)

    def get_urls(self):
        urls = super().get_urls()
        if not self.has_history():
            return urls
        opts = self.model._meta
        recover = path(
            "recuperer/",
            self.admin_site.admin_view(self.recover_list_view),
            name=f"{opts.app_label}_{opts.model_name}_recover",
        )
        return [recover, *urls]

    def changelist_view(self, request, extra_context=None):
        """The list, with a link to the deleted records to restore for those who may restore them."""
        extra_context = extra_context or {}
        if self.has_history() and self.has_add_permission(request) and self.has_change_permission(request):
            opts = self.model._meta
            extra_context["recover_url"] = reverse(f"admin:{opts.app_label}_{opts.model_name}_recover")
        return super().changelist_view(request, extra_context)

    def recover_list_view(self, request):
        """The deleted records of this model, each with a link to restore its last version."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        opts = self.model._meta
        history = history_manager_of_model(self.model)
        pk_name = opts.pk.attname
        existing = self.model._default_manager.values(pk_name)
        deleted = (
            history.filter(history_type="-")
            .exclude(**{f"{pk_name}__in": existing})
            .select_related("history_user")
            .order_by("-history_date")[:100]
        )
        entries = []
        for record in deleted:
            last = (
                history.filter(**{pk_name: getattr(record, pk_name)})
                .exclude(history_type="-")
                .order_by("-history_date", "-history_id")
                .first()
            )
            if last is not None:
                url = reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_simple_history",
                    args=[getattr(last, pk_name), last.history_id],
                )
                entries.append({"record": record, "last": last, "url": url})
        context = {
            **self.admin_site.each_context(request),
            "title": f"Récupérer : {opts.verbose_name_plural} supprimé·es",
            "opts": opts,
            "entries": entries,
        }
        return TemplateResponse(request, "admin/recover_list.html", context)

    def get_deleted_objects(self, objs, request):
        """Django's list of what a delete takes with it, plus the meetings that refer to each record: those
        are shown as protected, so the delete is refused (the past stays put)."""
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        referring = [f"{item._meta.verbose_name.capitalize()} : {item}" for obj in objs for item in references(obj)]
        return deleted, model_count, perms_needed, [*protected, *referring]


def history_manager_of_model(model):
    name = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, name) if name else None


@admin.action(description="Archiver les éléments sélectionnés", permissions=["change"])
def archive_selected(modeladmin, request, queryset):
    """Archive CPTS or people: they stay in the past (meetings, reports) and leave the pickers."""
    count = 0
    for obj in queryset.filter(archived_at__isnull=True):
        services.archive(obj)
        count += 1
    modeladmin.message_user(request, f"{count} élément(s) archivé(s).", messages.SUCCESS)


@admin.action(description="Désarchiver les éléments sélectionnés", permissions=["change"])
def unarchive_selected(modeladmin, request, queryset):
    count = 0
    for obj in queryset.filter(archived_at__isnull=False):
        services.unarchive(obj)
        count += 1
    modeladmin.message_user(request, f"{count} élément(s) désarchivé(s).", messages.SUCCESS)


class ArchivableAdminMixin:
    """For a model with `archived_at`: its archived rows are not offered by the admin's pickers (the
    autocomplete of the forms that refer to it); its own list still shows them, with a filter."""

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        match = request.resolver_match
        if match is not None and match.url_name == "autocomplete":
            queryset = queryset.filter(archived_at__isnull=True)
        return queryset, may_have_duplicates


def merge_action(merge, description):
    """An admin action that merges the selected records into the one chosen on a confirmation page."""

    @admin.action(description=description, permissions=["change", "delete"])
    def action(modeladmin, request, queryset):
        records = list(queryset)
        if len(records) < 2:
            modeladmin.message_user(request, "Sélectionnez au moins deux fiches à fusionner.", messages.WARNING)
            return None
        keep_pk = request.POST.get("keep", "")
        if request.POST.get("confirm") == "1" and keep_pk.isdigit():
            keep = next((record for record in records if record.pk == int(keep_pk)), None)
            if keep is not None:
                moved = sum(merge(keep, record) for record in records if record.pk != keep.pk)
                modeladmin.message_user(
                    request,
                    f"{len(records) - 1} fiche(s) fusionnée(s) dans « {keep} » ({moved} lien(s) déplacé(s)).",
                    messages.SUCCESS,
                )
                return None
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": f"Fusionner des {modeladmin.model._meta.verbose_name_plural}",
            "opts": modeladmin.model._meta,
            "records": records,
            "action": request.POST.get("action", ""),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/merge_confirmation.html", context)

    action.__name__ = merge.__name__
    return action


def format_classes(setting):
    """The file formats a setting names by dotted path (django-import-export wants the classes)."""
    return [import_string(name) if isinstance(name, str) else name for name in getattr(settings, setting)]


class BaseImportExportAdmin(ImportExportModelAdmin, BaseAdmin):
    """Import (preview, all or nothing) and export as French CSV or XLSX."""

    # Files waiting for confirmation in our own folder, where abandoned ones are deleted.
    tmp_storage_class = "interurps.import_storage.PendingImportStorage"

    @property
    def formats(self):
        return format_classes("IMPORT_EXPORT_FORMATS")

    @property
    def import_formats(self):
        return format_classes("IMPORT_FORMATS")

    @property
    def export_formats(self):
        return format_classes("EXPORT_FORMATS")

    def import_action(self, request, **kwargs):
        """As the library's; a refused file (too big, unreadable) still lists the expected columns."""
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None)
        if context is not None and not context.get("fields_list"):
            resources = [
                resource_class(**self.get_import_resource_kwargs(request=request))
                for resource_class in self.get_import_resource_classes(request)
            ]
            context["fields_list"] = [
                (resource.get_display_name(), [field.column_name for field in resource.get_user_visible_fields()])
                for resource in resources
            ]
        return response

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
    actions = [merge_action(services.merge_organisations, "Fusionner les organisations sélectionnées")]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "website":
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(models.Person)
class PersonAdmin(ArchivableAdminMixin, BaseImportExportAdmin):
    resource_classes = [PersonResource]
    list_display = ["last_name", "first_name", "profession", "organisation", "union", "email", "archived_at"]
    list_filter = ["union", "organisation__kind", ("archived_at", admin.EmptyFieldListFilter)]
    actions = [
        archive_selected,
        unarchive_selected,
        merge_action(services.merge_people, "Fusionner les personnes sélectionnées"),
    ]
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


class MeetingAdminForm(forms.ModelForm):
    """The team shown by name (the admin's own autocomplete would show usernames)."""

    class Meta:
        model = models.Meeting
        fields = "__all__"  # noqa: DJ007 - the admin lists the fields; this form only changes the team's
        field_classes = {"staff": UserMultipleChoiceField}
        widgets = {"staff": MultiplePicker(url="interurps:staff_autocomplete")}


@admin.register(models.Meeting)
class MeetingAdmin(BaseImportExportAdmin):
    resource_classes = [MeetingResource]
    list_display = ["date", "title", "category", "mode", "department", "is_highlight"]
    list_filter = ["programmes", "category", "mode", "department", "is_highlight"]
    list_select_related = ["category__programme", "department"]
    search_fields = ["title", "notes", "place"]
    date_hierarchy = "date"
    autocomplete_fields = ["organisations", "people", "created_by"]
    filter_horizontal = ["programmes"]
    form = MeetingAdminForm


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


class SectionPhotoInline(admin.StackedInline):
    model = models.SectionPhoto
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
    inlines = [ReportSignatoryInline, ReportTextInline, FreeSectionInline, SectionPhotoInline, PublishedReportInline]


@admin.register(models.ExportLog)
class ExportLogAdmin(admin.ModelAdmin):
    """Read-only: who exported which list, when, how many rows."""

    list_display = ["exported_at", "user", "name", "row_count", "query"]
    list_filter = ["name"]
    list_select_related = ["user"]
    search_fields = ["name", "user__username", "user__last_name"]
    date_hierarchy = "exported_at"
    autocomplete_fields = ["user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# RGPD (interurps/rgpd.py): export everything about people, anonymise them, list those without activity.
PersonAdmin.actions = [*(PersonAdmin.actions or []), rgpd.export_person_data, rgpd.anonymise_people]
PersonAdmin.list_filter = [*PersonAdmin.list_filter, rgpd.InactivePersonFilter]
