from django.contrib import admin

from interurps.admin import BaseAdmin, BaseImportExportAdmin
from reper import models
from reper.resources import TerritoryFiguresResource


class MilestoneInline(admin.TabularInline):
    model = models.Milestone
    extra = 0
    fields = ["date", "precision", "kind", "label", "note"]


class TerritoryInline(admin.TabularInline):
    model = models.ExperimentationTerritory
    extra = 0
    fields = ["cpts", "status", "recruitment_date", "withdrawal_date"]
    show_change_link = True
    autocomplete_fields = ["cpts"]


@admin.register(models.ReperProject)
class ReperProjectAdmin(BaseAdmin):
    list_display = ["name", "start_date"]
    search_fields = ["name", "description"]
    filter_horizontal = ["unions"]
    autocomplete_fields = ["consortium_members"]
    inlines = [MilestoneInline, TerritoryInline]


@admin.register(models.Milestone)
class MilestoneAdmin(BaseAdmin):
    list_display = ["date", "kind", "label", "project"]
    list_filter = ["kind", "project"]
    list_select_related = ["project"]
    search_fields = ["label", "note"]
    date_hierarchy = "date"


class FiguresInline(admin.TabularInline):
    model = models.TerritoryFigures
    extra = 0
    fields = ["period_start", "period_end", *models.FIGURE_FIELDS]


@admin.register(models.ExperimentationTerritory)
class ExperimentationTerritoryAdmin(BaseAdmin):
    list_display = ["cpts", "department", "status", "recruitment_date", "withdrawal_date", "project"]
    list_filter = ["status", "project", "cpts__department"]
    list_select_related = ["cpts__department", "project"]
    search_fields = ["cpts__name", "notes"]
    autocomplete_fields = ["cpts"]
    inlines = [FiguresInline]

    @admin.display(description="département", ordering="cpts__department__code")
    def department(self, territory):
        return territory.cpts.department.code


@admin.register(models.TerritoryFigures)
class TerritoryFiguresAdmin(BaseImportExportAdmin):
    resource_classes = [TerritoryFiguresResource]
    list_display = ["territory", "period", *models.FIGURE_FIELDS]
    list_filter = ["territory__project", "territory", "territory__cpts__department"]
    list_select_related = ["territory__cpts"]
    search_fields = ["territory__cpts__name", "notes"]
    date_hierarchy = "period_start"

    @admin.display(description="période", ordering="period_start")
    def period(self, figures):
        return figures.period
