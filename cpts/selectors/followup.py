"""Follow-up: what the dashboard watches, and what the annual report tells of a year."""

import datetime
import statistics
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.utils import timezone

from cpts.enums import (
    INACTIVE_STAGES,
    PROGRESS_STAGES,
    AccompanyingBody,
    Stage,
)
from cpts.models import CPTS, ACIContract, StageChange, StepCompletion
from cpts.selectors.region import first_stage_dates
from interurps.models import Department, Meeting

# --- Follow-up: what the dashboard watches, and what the annual report tells of a year ----------------------

# A CPTS with no meeting logged for longer than this is flagged on the dashboard.
STALE_AFTER_DAYS = 60
# The dashboard announces the ACI anniversaries this many days ahead.
ANNIVERSARY_NOTICE_DAYS = 60
FIRST_CONTACT_LABEL = "premier contact"


@dataclass(frozen=True)
class NamedPopulation:
    pk: int
    name: str
    population: int


def population_extremes(queryset=None):
    """(smallest, largest): the CPTS (active ones by default, territory known) with the fewest and the most
    inhabitants, as `NamedPopulation`; (None, None) without any. One query."""
    queryset = CPTS.objects.active() if queryset is None else queryset
    rows = list(
        queryset.with_population()
        .filter(population__gt=0)
        .order_by("population", "name")
        .values_list("pk", "name", "population")
    )
    if not rows:
        return None, None
    return NamedPopulation(*rows[0]), NamedPopulation(*rows[-1])


def first_contact_dates():
    """{cpts id: the date of the first contact with the CPTS}: the earliest of the start of its accompaniment,
    its first « pré-projet » stage and its first completed step of the method. A CPTS known only from a
    later stage, with none of these dates, is left out: its first contact is unknown. One query."""
    first_step = StepCompletion.objects.filter(cpts=OuterRef("pk")).order_by("completed_on").values("completed_on")
    first_pre_project = (
        StageChange.objects.filter(cpts=OuterRef("pk"), stage=Stage.PRE_PROJECT).order_by("date").values("date")
    )
    rows = (
        CPTS.objects.order_by()
        .annotate(first_step=Subquery(first_step[:1]), first_pre_project=Subquery(first_pre_project[:1]))
        .values_list("pk", "accompaniment_start", "first_step", "first_pre_project")
    )
    result = {}
    for pk, *dates in rows:
        known = [date for date in dates if date is not None]
        if known:
            result[pk] = min(known)
    return result


@dataclass(frozen=True)
class Duration:
    from_label: str
    to_label: str
    count: int  # CPTS that went through both milestones
    median_days: float | None

    @property
    def label(self):
        return f"de « {self.from_label} » à « {self.to_label} »"

    @property
    def median_months(self):
        return None if self.median_days is None else round(self.median_days / 30.44, 1)


def median_duration(from_label, starts, to_label, ends):
    """The median number of days from `starts` to `ends` ({cpts id: date}), over the CPTS present in both
    whose end does not precede the start."""
    days = [(ends[pk] - start).days for pk, start in starts.items() if pk in ends and ends[pk] >= start]
    return Duration(from_label, to_label, len(days), statistics.median(days) if days else None)


def path_durations():
    """Median durations along the path first contact → lettre d'intention → projet de santé → ACI signé, then
    from the first contact to the ACI (two queries)."""
    first_dates = first_stage_dates()
    milestones = [(FIRST_CONTACT_LABEL, first_contact_dates())]
    for stage in PROGRESS_STAGES[1:]:
        milestones.append((Stage(stage).label, {pk: date for (pk, s), date in first_dates.items() if s == stage}))
    pairs = list(zip(milestones, milestones[1:], strict=False)) + [(milestones[0], milestones[-1])]
    return [median_duration(start[0], start[1], end[0], end[1]) for start, end in pairs]


def without_recent_meeting(days=STALE_AFTER_DAYS, today=None):
    """Active CPTS whose latest linked meeting (`CPTS.meetings`, on or before `today`) is more than `days` days
    old, or that have none; the longest silent first. Each has `last_meeting_date` (None when no meeting) and
    `current_stage`. One query."""
    today = today or timezone.localdate()
    latest = Meeting.objects.filter(cpts=OuterRef("pk"), date__lte=today).order_by("-date").values("date")[:1]
    threshold = today - datetime.timedelta(days=days)
    return list(
        CPTS.objects.active()
        .with_current_stage()
        .annotate(last_meeting_date=Subquery(latest))
        .filter(Q(last_meeting_date__isnull=True) | Q(last_meeting_date__lt=threshold))
        .select_related("department")
        .order_by(F("last_meeting_date").asc(nulls_first=True), "name")
    )


@dataclass(frozen=True)
class Anniversary:
    contract: ACIContract
    date: datetime.date
    number: int  # 1 for the first anniversary of the signature

    @property
    def cpts(self):
        return self.contract.cpts

    @property
    def label(self):
        return f"{'1er' if self.number == 1 else f'{self.number}e'} anniversaire"


def upcoming_aci_anniversaries(days=ANNIVERSARY_NOTICE_DAYS, today=None):
    """The anniversaries of the ACI of active CPTS from `today` to `days` days later, soonest first (one query):
    on each, the variable part of the year is paid on results."""
    today = today or timezone.localdate()
    last = today + datetime.timedelta(days=days)
    contracts = ACIContract.objects.filter(cpts__in=CPTS.objects.active()).select_related("cpts__department")
    anniversaries = [
        Anniversary(contract, date, number)
        for contract in contracts
        for number, date in enumerate(contract.anniversaries(), start=1)
        if today <= date <= last
    ]
    return sorted(anniversaries, key=lambda anniversary: (anniversary.date, anniversary.cpts.name))


@dataclass(frozen=True)
class DepartmentStageRow:
    department: object  # a Department
    counts: list  # per stage, in the order of the table's stages
    total: int


@dataclass(frozen=True)
class StageDepartmentTable:
    stages: list  # [(stage, label)]
    rows: list  # DepartmentStageRow, by department code
    totals: list  # per stage
    total: int


def counts_by_stage_and_department(on=None):
    """How many CPTS stand at each stage (on the date `on`) in each department: the departments of the region,
    and any other where a CPTS has its main department. CPTS without a stage are not counted. Two queries."""
    rows = (
        CPTS.objects.with_current_stage(on)
        .filter(current_stage__isnull=False)
        .order_by()
        .values_list("department_id", "current_stage")
        .annotate(total=Count("pk"))
    )
    counts = {(department, stage): total for department, stage, total in rows}
    stages = [(stage, Stage(stage).label) for stage in [*PROGRESS_STAGES, *INACTIVE_STAGES]]
    departments = Department.objects.filter(
        Q(code__in=settings.REGION_DEPARTMENTS) | Q(pk__in={department for department, _ in counts})
    ).order_by("code")
    table_rows = []
    for department in departments:
        cells = [counts.get((department.pk, stage), 0) for stage, _ in stages]
        table_rows.append(DepartmentStageRow(department, cells, sum(cells)))
    totals = [sum(row.counts[index] for row in table_rows) for index in range(len(stages))]
    return StageDepartmentTable(stages, table_rows, totals, sum(totals))


def year_bounds(year):
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def accompanied_during(year):
    """The CPTS the InterURPS accompanied during `year`, by department then name (one query).

    A CPTS counts when all of these hold:
    - it is accompanied by the InterURPS (`accompanied_by`), not by another body;
    - its accompaniment had begun by the end of the year: `accompaniment_start` on or before 31/12, or a step
      of the method completed, or a meeting about it (`CPTS.meetings`) logged, during the year;
    - it had not signed its ACI before the year began (a signed ACI ends the accompaniment: a CPTS that signs
      during the year was accompanied until then, and counts);
    - it was active (neither dormant nor abandoned) at the start or at the end of the year.

    Each CPTS has `aci_signed_on` (its ACI's signature date, or None) and `started_in_year` (its accompaniment
    began during the year: « venaient de commencer leur accompagnement »).
    """
    start, end = year_bounds(year)
    signed_before = ACIContract.objects.filter(signed_on__lt=start).values("cpts")
    active_before = CPTS.objects.active(on=start - datetime.timedelta(days=1)).values("pk")
    active_at_end = CPTS.objects.active(on=end).values("pk")
    steps = StepCompletion.objects.filter(cpts=OuterRef("pk"), completed_on__range=(start, end))
    meetings = Meeting.objects.filter(cpts=OuterRef("pk"), date__range=(start, end))
    accompanied = (
        CPTS.objects.filter(accompanied_by=AccompanyingBody.INTERURPS)
        .exclude(pk__in=signed_before)
        .filter(Q(pk__in=active_before) | Q(pk__in=active_at_end))
        .filter(Q(accompaniment_start__lte=end) | Exists(steps) | Exists(meetings))
        .annotate(aci_signed_on=F("aci__signed_on"))
        .select_related("department")
        .order_by("department__code", "name")
    )
    result = list(accompanied)
    for cpts in result:
        cpts.started_in_year = bool(cpts.accompaniment_start and start <= cpts.accompaniment_start <= end)
    return result


def aci_signed_during(year):
    """The ACI contracts signed during `year`, with their CPTS and its department, by date (one query)."""
    start, end = year_bounds(year)
    return list(
        ACIContract.objects.filter(signed_on__range=(start, end))
        .select_related("cpts__department")
        .order_by("signed_on", "cpts__name")
    )
