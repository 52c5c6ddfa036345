from django.contrib import admin
from django.db import models as db_models

from cpts import models
from cpts.enums import Stage
from cpts.resources import CPTSResource
from interurps.admin import (
    ArchivableAdminMixin,
    BaseAdmin,
    BaseImportExportAdmin,
    archive_selected,
    unarchive_selected,
)
from interurps.models import Meeting


class CurrentStageFilter(admin.SimpleListFilter):
    title = "étape actuelle"
    parameter_name = "etape"

    def lookups(self, request, model_admin):
        return [*Stage.choices, ("none", "aucune étape enregistrée")]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(current_stage__isnull=True)
        if self.value() in Stage.values:
            return queryset.filter(current_stage=self.value())
        return queryset


class StageChangeInline(admin.TabularInline):
    model = models.StageChange
    extra = 0
    fields = ["stage", "date", "note", "recorded_by"]
    readonly_fields = ["recorded_by"]


class StepCompletionInline(admin.TabularInline):
    model = models.StepCompletion
    extra = 0
    fields = ["step", "completed_on", "note"]


class ContactInline(admin.TabularInline):
    model = models.Contact
    extra = 0
    fields = ["person", "role", "role_detail", "employer", "start_date", "end_date"]
    autocomplete_fields = ["person"]


class AdhesionInline(admin.TabularInline):
    model = models.Adhesion
    extra = 0
    fields = ["date", "professional_count", "member_count"]


class ACIContractInline(admin.StackedInline):
    model = models.ACIContract
    extra = 0
    max_num = 1
    fields = ["signed_on", "size_class_at_signature", "notes"]
    show_change_link = True


@admin.register(models.CPTS)
class CPTSAdmin(ArchivableAdminMixin, BaseImportExportAdmin):
    list_display = [
        "name",
        "department",
        "population",
        "size_class",
        "current_stage",
        "current_stage_date",
        "overlap_count",
        "aci_signed_on",
    ]
    list_filter = [CurrentStageFilter, "department", "accompanied_by", ("archived_at", admin.EmptyFieldListFilter)]
    formfield_overrides = {db_models.URLField: {"assume_scheme": "https"}}
    list_select_related = ["department", "aci"]
    search_fields = ["name", "acronym"]
    autocomplete_fields = ["communes", "referents", "meetings"]
    inlines = [StageChangeInline, StepCompletionInline, ContactInline, AdhesionInline, ACIContractInline]
    fieldsets = [
        (None, {"fields": ["name", "acronym", "department", "email", "website"]}),
        ("Territoire", {"fields": ["communes", "declared_population", "declared_population_note"]}),
        (
            "Accompagnement",
            {"fields": ["accompanied_by", "accompanied_by_detail", "accompaniment_start", "referents"]},
        ),
        ("Suivi", {"fields": ["meetings", "notes", "archived_at", "history_token"]}),
    ]
    actions = [archive_selected, unarchive_selected]

    def get_queryset(self, request):
        return super().get_queryset(request).with_size_class().with_current_stage().with_overlap_count()

    def get_import_resource_classes(self, request):
        return [CPTSResource]

    def get_export_resource_classes(self, request):
        return [CPTSResource]

    @admin.display(description="population", ordering="population")
    def population(self, obj):
        return obj.population

    @admin.display(description="taille", ordering="size_class")
    def size_class(self, obj):
        return obj.size_class or "–"

    @admin.display(description="étape actuelle", ordering="current_stage")
    def current_stage(self, obj):
        return Stage(obj.current_stage).label if obj.current_stage else "–"

    @admin.display(description="depuis le", ordering="current_stage_date")
    def current_stage_date(self, obj):
        return obj.current_stage_date

    @admin.display(description="communes en chevauchement", ordering="overlap_count")
    def overlap_count(self, obj):
        return obj.overlap_count

    @admin.display(description="ACI signé le", ordering="aci__signed_on")
    def aci_signed_on(self, obj):
        contract = getattr(obj, "aci", None)
        return contract.signed_on if contract else None


@admin.register(models.StageChange)
class StageChangeAdmin(BaseAdmin):
    list_display = ["cpts", "stage", "date", "recorded_by"]
    list_filter = ["stage"]
    list_select_related = ["cpts", "recorded_by"]
    search_fields = ["cpts__name", "note"]
    date_hierarchy = "date"
    autocomplete_fields = ["cpts"]
    readonly_fields = ["recorded_by"]


@admin.register(models.AccompanimentStep)
class AccompanimentStepAdmin(BaseAdmin):
    list_display = ["order", "name"]
    list_display_links = ["name"]
    search_fields = ["name", "description"]


@admin.register(models.StepCompletion)
class StepCompletionAdmin(BaseAdmin):
    list_display = ["cpts", "step", "completed_on"]
    list_filter = ["step"]
    list_select_related = ["cpts", "step"]
    search_fields = ["cpts__name", "note"]
    autocomplete_fields = ["cpts"]
    readonly_fields = ["recorded_by"]


@admin.register(models.Contact)
class ContactAdmin(BaseAdmin):
    list_display = ["person", "role", "cpts", "employer", "start_date", "end_date"]
    list_filter = ["role", "employer"]
    list_select_related = ["person", "cpts"]
    search_fields = ["person__last_name", "person__first_name", "cpts__name"]
    autocomplete_fields = ["cpts", "person"]


@admin.register(models.Adhesion)
class AdhesionAdmin(BaseAdmin):
    list_display = ["cpts", "date", "professional_count", "member_count", "rate"]
    list_select_related = ["cpts"]
    search_fields = ["cpts__name"]
    autocomplete_fields = ["cpts"]

    @admin.display(description="taux d'adhésion (%)")
    def rate(self, obj):
        return obj.rate


class ContractMissionInline(admin.TabularInline):
    model = models.ContractMission
    extra = 0
    fields = ["mission", "started_on"]


class PaymentInline(admin.TabularInline):
    model = models.Payment
    extra = 0
    fields = ["year", "kind", "mission", "planned_amount", "paid_amount", "paid_on", "note"]


@admin.register(models.ACIContract)
class ACIContractAdmin(BaseAdmin):
    list_display = ["cpts", "signed_on", "size_class_at_signature"]
    list_filter = ["size_class_at_signature"]
    list_select_related = ["cpts"]
    search_fields = ["cpts__name"]
    date_hierarchy = "signed_on"
    autocomplete_fields = ["cpts"]
    inlines = [ContractMissionInline, PaymentInline]


@admin.register(models.ContractMission)
class ContractMissionAdmin(BaseAdmin):
    list_display = ["contract", "mission", "started_on"]
    list_filter = ["mission"]
    list_select_related = ["contract__cpts"]
    search_fields = ["contract__cpts__name"]
    autocomplete_fields = ["contract"]


@admin.register(models.Payment)
class PaymentAdmin(BaseAdmin):
    list_display = ["contract", "year", "kind", "mission", "planned_amount", "paid_amount", "paid_on"]
    list_filter = ["year", "kind", "mission"]
    list_select_related = ["contract__cpts"]
    search_fields = ["contract__cpts__name", "note"]
    autocomplete_fields = ["contract"]


class CPTSMeetingInline(admin.TabularInline):
    """The CPTS concerned, on the admin's meeting form (the link is declared on the CPTS side)."""

    model = models.CPTS.meetings.through
    fk_name = "meeting"
    extra = 1
    autocomplete_fields = ["cpts"]
    verbose_name = "CPTS concernée"
    verbose_name_plural = "CPTS concernées"


def add_cpts_to_the_meeting_admin(site=admin.site):
    """The core's MeetingAdmin names no programme: the cpts app adds its inline to it."""
    meeting_admin = site.get_model_admin(Meeting)
    if CPTSMeetingInline not in meeting_admin.inlines:
        meeting_admin.inlines = [*meeting_admin.inlines, CPTSMeetingInline]


add_cpts_to_the_meeting_admin()
