from django.contrib import admin

from interurps.admin import BaseAdmin, BaseImportExportAdmin
from sas.models import SASDeployment, SASDeploymentStatus, SASIndicator
from sas.resources import SASIndicatorResource
from sas.templatetags.sas_format import percent


class SASDeploymentStatusInline(admin.TabularInline):
    model = SASDeploymentStatus
    extra = 0
    ordering = ["date", "pk"]


@admin.register(SASDeployment)
class SASDeploymentAdmin(BaseAdmin):
    list_display = ["department", "notes"]
    list_select_related = ["department"]
    search_fields = ["department__name", "department__code", "participating_cpts__name"]
    autocomplete_fields = ["participating_cpts"]
    inlines = [SASDeploymentStatusInline]


@admin.register(SASDeploymentStatus)
class SASDeploymentStatusAdmin(BaseAdmin):
    list_display = ["deployment", "status", "date", "note"]
    list_filter = ["status", "deployment__department"]
    list_select_related = ["deployment__department"]
    search_fields = ["note", "deployment__department__name"]
    date_hierarchy = "date"


@admin.register(SASIndicator)
class SASIndicatorAdmin(BaseImportExportAdmin):
    resource_classes = [SASIndicatorResource]
    list_display = [
        "period_start",
        "period_end",
        "department",
        "cpts",
        "registered_providers",
        "regulators",
        "slots_offered",
        "slots_taken",
        "fill_rate_display",
    ]
    list_filter = ["department", "cpts__department"]
    list_select_related = ["department", "cpts"]
    search_fields = ["cpts__name", "department__name", "notes"]
    date_hierarchy = "period_start"
    autocomplete_fields = ["cpts"]

    @admin.display(description="taux de remplissage")
    def fill_rate_display(self, obj):
        return percent(obj.fill_rate)
