"""Reads of the SAS programme for a year: meeting counts from the activity log, deployments, indicators.

Every function runs a constant number of queries, whatever the number of rows.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from cpts.selectors import year_bounds  # noqa: F401 (sas.selectors.year_bounds, used by the SAS views and report)
from interurps.models import Department, Meeting, MeetingCategory, Organisation, StaffMember
from sas.models import SASDeployment, SASIndicator

PROGRAMME = "sas"


class CategoryCode:
    """Codes of the SAS meeting categories (reference data) that the report quotes on their own: an administrator
    may rename these categories without changing the figures."""

    DEPARTMENTAL_INSTANCE = "departmental_instance"  # Instance SAS départementale
    TRAINING = "training_webinar"  # Formation / webinaire
    GRADES = "grades"  # GRADeS


def sas_meetings(year):
    """The SAS meetings of a year (a meeting may belong to several programmes)."""
    return Meeting.objects.in_year(year).of_programme(PROGRAMME)


def meeting_years():
    """The years that have SAS meetings, most recent first, with the current year."""
    years = {day.year for day in Meeting.objects.of_programme(PROGRAMME).dates("date", "year")}
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


def department_meeting_years(department):
    """[(year, count)] of the SAS meetings held in a department, most recent year first (one query)."""
    years = (
        Meeting.objects.of_programme(PROGRAMME)
        .filter(department=department)
        .values_list("date__year")
        .annotate(count=Count("pk", distinct=True))
        .order_by("-date__year")
    )
    return list(years)


@dataclass
class CategoryRow:
    """One category's count for the year, in total and per department column."""

    category: MeetingCategory | None  # None: meetings without a SAS category
    label: str
    cells: list = field(default_factory=list)

    @property
    def count(self):
        return sum(self.cells)


@dataclass
class MeetingCounts:
    """The year's SAS meetings counted by category × department (a department column may be None)."""

    year: int
    departments: list
    rows: list
    other: CategoryRow

    @property
    def all_rows(self):
        return [*self.rows, self.other] if self.other.count else self.rows

    @property
    def total(self):
        return sum(row.count for row in self.all_rows)

    @property
    def department_totals(self):
        return [sum(row.cells[index] for row in self.all_rows) for index in range(len(self.departments))]

    @property
    def by_department(self):
        """[(department or None, count)] in column order, departments without a meeting included."""
        return list(zip(self.departments, self.department_totals, strict=True))

    def row(self, code):
        """The row of the SAS category whose code is `code`, or None."""
        return next((row for row in self.rows if row.category.code == code), None)

    def count(self, code):
        row = self.row(code)
        return row.count if row else 0

    def departments_of(self, code):
        """[(department, count)] of a category, only the departments where it happened, largest first."""
        row = self.row(code)
        if row is None:
            return []
        pairs = [(dep, n) for dep, n in zip(self.departments, row.cells, strict=True) if n and dep is not None]
        return sorted(pairs, key=lambda pair: (-pair[1], pair[0].code))


def meeting_counts(year):
    """Count the year's SAS meetings per SAS category and per department (three queries)."""
    grouped = list(
        sas_meetings(year).values("category_id", "department_id").annotate(count=Count("pk", distinct=True)).order_by()
    )
    used_department_ids = {entry["department_id"] for entry in grouped}
    used_category_ids = {entry["category_id"] for entry in grouped}
    departments = list(
        Department.objects.filter(Q(code__in=settings.REGION_DEPARTMENTS) | Q(pk__in=used_department_ids - {None}))
    )
    if None in used_department_ids:
        departments.append(None)
    categories = MeetingCategory.objects.filter(programme__code=PROGRAMME).filter(
        Q(is_active=True) | Q(pk__in=used_category_ids - {None})
    )
    column = {(department.pk if department else None): index for index, department in enumerate(departments)}
    rows = [CategoryRow(category, category.name, [0] * len(departments)) for category in categories]
    row_of = {row.category.pk: row for row in rows}
    other = CategoryRow(None, "Autre ou sans catégorie SAS", [0] * len(departments))
    for entry in grouped:
        row = row_of.get(entry["category_id"], other)
        row.cells[column[entry["department_id"]]] += entry["count"]
    return MeetingCounts(year=year, departments=departments, rows=rows, other=other)


def organisation_counts(year, limit=None):
    """The organisations met in the year's SAS meetings, with the number of meetings, most met first."""
    organisations = (
        Organisation.objects.filter(meetings__date__year=year, meetings__programmes__code=PROGRAMME)
        .annotate(meeting_count=Count("meetings", distinct=True))
        .order_by("-meeting_count", "name")
    )
    return list(organisations[:limit] if limit else organisations)


def highlights(year):
    """The year's SAS 'temps forts', in date order."""
    return list(
        sas_meetings(year)
        .filter(is_highlight=True)
        .select_related("department", "category")
        .order_by("date", "start_time", "pk")
    )


def programme_staff(year):
    """The team members working on the SAS during the year, by arrival date."""
    start, end = year_bounds(year)
    return list(
        StaffMember.objects.filter(programmes__code=PROGRAMME)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=end))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .select_related("user")
        .order_by("start_date", "user__last_name")
    )


@dataclass
class DepartmentDeployment:
    """A department of the region and its SAS deployment (None when none is recorded yet)."""

    department: Department
    deployment: SASDeployment | None
    status: object = None  # the SASDeploymentStatus in force on the day asked
    history: list = field(default_factory=list)

    @property
    def cpts(self):
        return list(self.deployment.participating_cpts.all()) if self.deployment else []


def deployments_on(day):
    """Every department of the region with its SAS deployment and status on `day` (four queries).

    A department outside the region that has a deployment is listed too.
    """
    deployments = {deployment.department_id: deployment for deployment in SASDeployment.objects.with_history()}
    departments = Department.objects.filter(Q(code__in=settings.REGION_DEPARTMENTS) | Q(pk__in=deployments.keys()))
    result = []
    for department in departments:
        deployment = deployments.get(department.pk)
        if deployment is None:
            result.append(DepartmentDeployment(department, None))
            continue
        history = [status for status in deployment.history if status.date <= day]
        result.append(DepartmentDeployment(department, deployment, history[-1] if history else None, history))
    return result


@dataclass
class IndicatorSummary:
    """A department's or a CPTS's indicators over the periods of a year."""

    scope: object
    department: Department
    is_cpts: bool
    first_day: datetime.date
    last_day: datetime.date
    days: int = 0
    slots_offered: int = 0
    slots_taken: int = 0
    registered_providers: int | None = None
    regulators: int | None = None

    @property
    def fill_rate(self):
        return self.slots_taken / self.slots_offered if self.slots_offered else None

    @property
    def slots_offered_per_day(self):
        return self.slots_offered / self.days if self.days else None


def indicator_summaries(year):
    """Per department and per CPTS, the indicators of the periods overlapping the year (one query).

    Slots are added up over the periods; effecteurs and regulators are counts at a date, so the
    latest period that gives them wins. Departments come first, then CPTS, by department code.
    """
    start, end = year_bounds(year)
    indicators = SASIndicator.objects.overlapping(start, end).for_list().order_by("period_start", "pk")
    summaries = {}
    for indicator in indicators:
        key = ("cpts", indicator.cpts_id) if indicator.cpts_id else ("department", indicator.department_id)
        summary = summaries.get(key)
        if summary is None:
            summary = summaries[key] = IndicatorSummary(
                scope=indicator.scope,
                department=indicator.scope_department,
                is_cpts=bool(indicator.cpts_id),
                first_day=indicator.period_start,
                last_day=indicator.period_end,
            )
        summary.last_day = max(summary.last_day, indicator.period_end)
        summary.days += indicator.days
        summary.slots_offered += indicator.slots_offered
        summary.slots_taken += indicator.slots_taken
        if indicator.registered_providers is not None:
            summary.registered_providers = indicator.registered_providers
        if indicator.regulators is not None:
            summary.regulators = indicator.regulators
    return sorted(summaries.values(), key=lambda s: (s.is_cpts, s.department.code, str(s.scope)))


def region_indicator_totals(summaries):
    """The region's totals, from the departments' own indicators only (a CPTS's are part of its department's)."""
    departments = [summary for summary in summaries if not summary.is_cpts]
    if not departments:
        return None
    total = IndicatorSummary(
        scope=settings.REGION_NAME,
        department=None,
        is_cpts=False,
        first_day=min(summary.first_day for summary in departments),
        last_day=max(summary.last_day for summary in departments),
    )
    total.days = (total.last_day - total.first_day).days + 1
    for summary in departments:
        total.slots_offered += summary.slots_offered
        total.slots_taken += summary.slots_taken
        if summary.registered_providers is not None:
            total.registered_providers = (total.registered_providers or 0) + summary.registered_providers
        if summary.regulators is not None:
            total.regulators = (total.regulators or 0) + summary.regulators
    return total
