from django.contrib import admin

from interurps.admin import BaseAdmin, BaseImportExportAdmin
from pacte import models
from pacte.resources import AttendanceResource, LearnerResource


@admin.register(models.TrainingProgramme)
class TrainingProgrammeAdmin(BaseAdmin):
    list_display = ["name", "provider"]
    list_select_related = ["provider"]
    search_fields = ["name", "provider__name", "provider__acronym"]
    autocomplete_fields = ["provider"]


class ModuleInline(admin.TabularInline):
    model = models.Module
    extra = 0


class LearnerInline(admin.TabularInline):
    model = models.Learner
    extra = 0
    autocomplete_fields = ["person", "cpts"]


@admin.register(models.Cohort)
class CohortAdmin(BaseAdmin):
    list_display = ["name", "programme", "region", "launch_date", "start_date", "end_date", "planned_learners"]
    list_filter = ["programme", "region"]
    list_select_related = ["programme"]
    search_fields = ["name", "region", "notes"]
    date_hierarchy = "start_date"
    inlines = [ModuleInline, LearnerInline]


class SessionInline(admin.TabularInline):
    model = models.Session
    extra = 0
    fields = ["start_date", "end_date", "mode", "place"]


@admin.register(models.Module)
class ModuleAdmin(BaseAdmin):
    list_display = ["title", "order", "cohort"]
    list_filter = ["cohort"]
    list_select_related = ["cohort"]
    search_fields = ["title", "cohort__name"]
    inlines = [SessionInline]


class AttendanceInline(admin.TabularInline):
    model = models.Attendance
    extra = 0
    autocomplete_fields = ["learner"]


@admin.register(models.Session)
class SessionAdmin(BaseAdmin):
    list_display = ["module", "start_date", "end_date", "mode", "place"]
    list_filter = ["mode", "module__cohort"]
    list_select_related = ["module__cohort"]
    search_fields = ["module__title", "place"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["staff_trainers", "trainers"]
    inlines = [AttendanceInline]


@admin.register(models.Learner)
class LearnerAdmin(BaseImportExportAdmin):
    resource_classes = [LearnerResource]
    list_display = ["person", "cohort", "cpts", "status", "enrolled_on", "completed_on"]
    list_filter = ["cohort", "status"]
    list_select_related = ["person", "cohort", "cpts"]
    search_fields = ["person__last_name", "person__first_name", "person__email", "cpts__name"]
    autocomplete_fields = ["person", "cpts"]


@admin.register(models.Attendance)
class AttendanceAdmin(BaseImportExportAdmin):
    resource_classes = [AttendanceResource]
    list_display = ["learner", "session", "status"]
    list_filter = ["status", "session__module__cohort"]
    list_select_related = ["learner__person", "session__module"]
    search_fields = ["learner__person__last_name", "learner__person__first_name", "session__module__title"]
    autocomplete_fields = ["learner", "session"]


@admin.register(models.RelayTrainer)
class RelayTrainerAdmin(BaseAdmin):
    list_display = ["__str__", "programme", "union", "training_started_on", "certified_on"]
    list_filter = ["programme", "union"]
    list_select_related = ["user", "person", "union", "programme"]
    search_fields = ["user__last_name", "user__first_name", "person__last_name", "person__first_name"]
    autocomplete_fields = ["user", "person"]
