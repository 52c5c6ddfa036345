"""Aggregate reads of the CPTS domain: the figures of the dashboard, the annual report and the ARS tables.

Each function runs a small, fixed number of queries whatever the number of CPTS.
"""

import datetime
import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, DecimalField, Exists, F, Min, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from cpts.enums import (
    INACTIVE_STAGES,
    PROGRESS_STAGES,
    STAGE_RANK,
    AccompanyingBody,
    ContactRole,
    Mission,
    PaymentKind,
    SizeClass,
    Stage,
)
from cpts.models import CPTS, AccompanimentStep, ACIContract, Payment, StageChange, StepCompletion
from cpts.querysets import latest_stage_change
from interurps.models import Commune, Department, Meeting

# --- Stages -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StageCount:
    stage: str
    label: str
    count: int  # CPTS whose current stage this is
    reached: int | None  # CPTS at this stage or further on (progress stages only)


def counts_by_stage(on=None):
    """How many CPTS stand at each stage (on the date `on`), in the order the ARS presents them.

    `count` is exclusive (« 30 en négociation de l'ACI, 85 ACI signés »); `reached` is cumulative
    (« 12 projets validés, dont 7 ACI signés »). CPTS with no stage recorded yet are not counted.
    """
    rows = CPTS.objects.with_current_stage(on).order_by().values("current_stage").annotate(total=Count("pk"))
    counts = {row["current_stage"]: row["total"] for row in rows}
    result = []
    for stage in [*PROGRESS_STAGES, *INACTIVE_STAGES]:
        reached = None
        if stage in STAGE_RANK:
            reached = sum(counts.get(s, 0) for s in PROGRESS_STAGES if STAGE_RANK[s] >= STAGE_RANK[stage])
        result.append(StageCount(stage, Stage(stage).label, counts.get(stage, 0), reached))
    return result


def first_stage_dates():
    """{(cpts id, stage): the date the CPTS first reached that stage}."""
    rows = StageChange.objects.order_by().values_list("cpts_id", "stage").annotate(first=Min("date"))
    return {(cpts_id, stage): first for cpts_id, stage, first in rows}


@dataclass(frozen=True)
class StageDuration:
    from_stage: str
    to_stage: str
    count: int  # CPTS that went through both stages
    median_days: float | None

    @property
    def label(self):
        return f"de « {Stage(self.from_stage).label} » à « {Stage(self.to_stage).label} »"

    @property
    def median_months(self):
        return None if self.median_days is None else round(self.median_days / 30.44, 1)


def median_days_between(from_stage, to_stage, first_dates=None):
    """The median number of days CPTS took from first reaching `from_stage` to first reaching `to_stage`."""
    first_dates = first_dates if first_dates is not None else first_stage_dates()
    days = [
        (first_dates[(cpts_id, to_stage)] - date).days
        for (cpts_id, stage), date in first_dates.items()
        if stage == from_stage and (cpts_id, to_stage) in first_dates
    ]
    return StageDuration(from_stage, to_stage, len(days), statistics.median(days) if days else None)


def stage_durations():
    """Median durations between consecutive stages, then from pré-projet to ACI signé (one query)."""
    first_dates = first_stage_dates()
    pairs = list(zip(PROGRESS_STAGES, PROGRESS_STAGES[1:], strict=False))
    pairs.append((PROGRESS_STAGES[0], PROGRESS_STAGES[-1]))
    return [median_days_between(start, end, first_dates) for start, end in pairs]


# --- Population and territory ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PopulationStats:
    count: int
    total: int
    mean: int | None
    median: int | None
    smallest: int | None
    largest: int | None
    by_size_class: dict = field(default_factory=dict)  # {size class: number of CPTS}, sizes 1 to 4


def population_stats(queryset=None):
    """Population of the CPTS (the active ones by default) whose territory is known: « taille moyenne 88 000
    habitants, la plus petite 30 000, la plus importante 220 000 »."""
    queryset = CPTS.objects.active() if queryset is None else queryset
    rows = [row for row in queryset.with_size_class().values_list("population", "size_class") if row[0]]
    populations = [population for population, _ in rows]
    by_size = {size: 0 for size in SizeClass.values}
    for _, size in rows:
        by_size[size] += 1
    return PopulationStats(
        count=len(populations),
        total=sum(populations),
        mean=round(statistics.mean(populations)) if populations else None,
        median=round(statistics.median(populations)) if populations else None,
        smallest=min(populations, default=None),
        largest=max(populations, default=None),
        by_size_class=by_size,
    )


@dataclass(frozen=True)
class StageCoverage:
    stage: str
    label: str
    population: int  # inhabitants of the communes of CPTS at this stage
    share_percent: float | None
    cumulative_population: int  # … at this stage or further on
    cumulative_share_percent: float | None


@dataclass(frozen=True)
class Coverage:
    region_population: int
    covered_population: int
    covered_share_percent: float | None
    stages: list


def _percent(part, whole):
    return round(100 * part / whole, 1) if whole else None


def coverage_by_stage(on=None, departments=None):
    """Share of the region's population living in the territory of a CPTS, by current stage (on the date `on`).

    Counted on communes, each once even when two CPTS claim it (declared populations are not used here).
    The region is `settings.REGION_DEPARTMENTS` unless `departments` (INSEE codes) is given.
    """
    departments = departments or settings.REGION_DEPARTMENTS
    region_population = Commune.objects.filter(department__code__in=departments).aggregate(
        total=Coalesce(Sum("population"), 0)
    )["total"]
    links = (
        CPTS.communes.through.objects.filter(commune__department__code__in=departments)
        .annotate(stage=Subquery(latest_stage_change(OuterRef("cpts"), on).values("stage")[:1]))
        .values_list("commune_id", "commune__population", "stage")
    )
    populations, communes_by_stage = {}, {stage: set() for stage in PROGRESS_STAGES}
    for commune_id, population, stage in links:
        if stage in communes_by_stage:
            populations[commune_id] = population
            communes_by_stage[stage].add(commune_id)

    def population_of(communes):
        return sum(populations[commune] for commune in communes)

    stages = []
    for stage in PROGRESS_STAGES:
        further = set().union(*(communes_by_stage[s] for s in PROGRESS_STAGES if STAGE_RANK[s] >= STAGE_RANK[stage]))
        population, cumulative = population_of(communes_by_stage[stage]), population_of(further)
        stages.append(
            StageCoverage(
                stage,
                Stage(stage).label,
                population,
                _percent(population, region_population),
                cumulative,
                _percent(cumulative, region_population),
            )
        )
    covered = population_of(populations)
    return Coverage(region_population, covered, _percent(covered, region_population), stages)


def territory_overlaps(cpts):
    """The communes of `cpts` that another active CPTS also claims."""
    others = CPTS.objects.active().exclude(pk=cpts.pk)
    return list(Commune.objects.filter(cpts=cpts).filter(cpts__in=others).distinct().order_by("name"))


@dataclass(frozen=True)
class Overlap:
    commune: Commune
    cpts: list


def overlaps():
    """Every commune claimed by two active CPTS or more, with those CPTS (two queries)."""
    active = CPTS.objects.active()
    communes = (
        Commune.objects.annotate(claims=Count("cpts", filter=Q(cpts__in=active)))
        .filter(claims__gte=2)
        .select_related("department")
        .prefetch_related(Prefetch("cpts", queryset=CPTS.objects.active().order_by("name"), to_attr="active_cpts"))
        .order_by("name")
    )
    return [Overlap(commune, commune.active_cpts) for commune in communes]


# --- Accompaniment and adhesion ----------------------------------------------------------------------------


def next_step(cpts):
    """The first step of the accompaniment method `cpts` has not completed yet; None when all are done."""
    return AccompanimentStep.objects.exclude(completions__cpts=cpts).order_by("order").first()


@dataclass(frozen=True)
class AdhesionPoint:
    date: object
    professional_count: int
    member_count: int
    rate: Decimal  # per cent
    change: Decimal | None  # points since the count before
    pk: int | None = None  # the Adhesion's


def adhesion_history(cpts):
    """The adhesion counts of `cpts`, oldest first, with their rate and its change since the count before."""
    points, previous = [], None
    for adhesion in cpts.adhesions.order_by("date"):
        rate = adhesion.rate
        change = None if previous is None else rate - previous
        points.append(
            AdhesionPoint(adhesion.date, adhesion.professional_count, adhesion.member_count, rate, change, adhesion.pk)
        )
        previous = rate
    return points


# --- ACI and payments --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class YearCount:
    year: int
    count: int
    cumulative: int


def aci_signed_per_year():
    """How many ACI were signed each year, and how many in all by the end of it."""
    rows = (
        ACIContract.objects.annotate(year=ExtractYear("signed_on"))
        .order_by()
        .values("year")
        .annotate(total=Count("pk"))
        .order_by("year")
    )
    result, cumulative = [], 0
    for row in rows:
        cumulative += row["total"]
        result.append(YearCount(row["year"], row["total"], cumulative))
    return result


def _sums():
    zero = Value(Decimal(0), output_field=DecimalField(max_digits=12, decimal_places=2))
    return {"planned": Coalesce(Sum("planned_amount"), zero), "paid": Coalesce(Sum("paid_amount"), zero)}


def payments_by_cpts(year=None):
    """[{"cpts_id", "cpts_name", "planned", "paid"}], by CPTS name, for one year or all years."""
    payments = Payment.objects.all() if year is None else Payment.objects.filter(year=year)
    return list(
        payments.order_by()
        .values(cpts_id=F("contract__cpts_id"), cpts_name=F("contract__cpts__name"))
        .annotate(**_sums())
        .order_by("cpts_name")
    )


def payments_by_year():
    """[{"year", "planned", "paid", "contract_count"}], by year."""
    return list(
        Payment.objects.order_by()
        .values("year")
        .annotate(**_sums(), contract_count=Count("contract", distinct=True))
        .order_by("year")
    )


def region_payments(year=None):
    """{"planned", "paid", "contract_count"} for the whole region, for one year or all years:
    « 686 000 € versés en 2020 pour les 7 premiers ACI »."""
    payments = Payment.objects.all() if year is None else Payment.objects.filter(year=year)
    return payments.aggregate(**_sums(), contract_count=Count("contract", distinct=True))


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


# --- The page of one CPTS ----------------------------------------------------------------------------------


def shared_communes(cpts):
    """The communes of `cpts` that another active CPTS also claims, each with those other CPTS (two queries)."""
    others = CPTS.objects.active().exclude(pk=cpts.pk).order_by("name")
    communes = (
        Commune.objects.filter(cpts=cpts)
        .filter(cpts__in=others)
        .distinct()
        .order_by("name")
        .prefetch_related(Prefetch("cpts", queryset=others, to_attr="other_cpts"))
    )
    return [Overlap(commune, commune.other_cpts) for commune in communes]


@dataclass(frozen=True)
class ContactsByPeriod:
    current: list  # roles held today (or starting later)
    past: list  # roles that ended

    @property
    def coordinators(self):
        return [contact for contact in self.current if contact.role == ContactRole.COORDINATOR]


def contacts_by_period(cpts, today=None):
    """The contacts of `cpts` (with their person), split into current and past roles (one query)."""
    today = today or timezone.localdate()
    current, past = [], []
    for contact in cpts.contacts.select_related("person__organisation").order_by("role", "-start_date", "pk"):
        (past if contact.end_date and contact.end_date < today else current).append(contact)
    return ContactsByPeriod(current, past)


@dataclass(frozen=True)
class PaymentYear:
    year: int
    payments: list
    planned: Decimal
    paid: Decimal


def payments_table(contract):
    """The payments of `contract` by year (each with its totals), and the totals of the contract (one query)."""
    kinds, missions = list(PaymentKind.values), list(Mission.values)
    years = {}
    payments = sorted(
        contract.payments.all(),
        key=lambda p: (p.year, kinds.index(p.kind), missions.index(p.mission) if p.mission else -1),
    )
    for payment in payments:
        years.setdefault(payment.year, []).append(payment)
    rows = [
        PaymentYear(
            year,
            payments,
            sum((p.planned_amount for p in payments), Decimal(0)),
            sum((p.paid_amount for p in payments), Decimal(0)),
        )
        for year, payments in years.items()
    ]
    totals = {
        "planned": sum((row.planned for row in rows), Decimal(0)),
        "paid": sum((row.paid for row in rows), Decimal(0)),
    }
    return rows, totals


@dataclass(frozen=True)
class TimelineEvent:
    """One dated fact of the history of a CPTS."""

    date: datetime.date
    kind: str  # a key of TIMELINE_KINDS
    title: str
    detail: str = ""
    record: object = None  # the StageChange, StepCompletion, Meeting, ACIContract… behind the event

    @property
    def kind_label(self):
        return TIMELINE_KINDS[self.kind]


# The kinds of events and their labels; facts of the same day in the order they follow one another.
TIMELINE_KINDS = {
    "aci": "ACI",
    "stage": "étape",
    "step": "accompagnement",
    "mission": "mission",
    "meeting": "réunion",
    "anniversary": "anniversaire",
    "payment": "versement",
}


def _ordinal(number):
    return "1er" if number == 1 else f"{number}e"


def timeline(cpts, today=None):
    """The history of `cpts`, oldest first: stage changes, accompaniment steps completed, meetings linked to it,
    the signature of its ACI, missions started, anniversaries passed and payments made.

    Six queries whatever the number of events.
    """
    today = today or timezone.localdate()
    events = []
    contract = ACIContract.objects.filter(cpts=cpts).prefetch_related("missions").first()
    for change in StageChange.objects.filter(cpts=cpts).order_by("date", "pk"):
        if contract and change.stage == Stage.ACI_SIGNED and change.date == contract.signed_on:
            continue  # the signature of the contract, below, tells it
        title = f"Passage à l'étape « {change.get_stage_display()} »"
        events.append(TimelineEvent(change.date, "stage", title, change.note, change))
    for completion in StepCompletion.objects.filter(cpts=cpts).select_related("step"):
        title = f"Étape {completion.step.order} de l'accompagnement franchie : {completion.step.name}"
        events.append(TimelineEvent(completion.completed_on, "step", title, completion.note, completion))
    for meeting in cpts.meetings.select_related("category").order_by("date", "start_time", "pk"):
        detail = meeting.category.name if meeting.category else meeting.get_kind_display()
        events.append(TimelineEvent(meeting.date, "meeting", meeting.title, detail, meeting))
    if contract is not None:
        missions = contract.missions.all()
        detail = (
            f"{SizeClass(contract.size_class_at_signature).label.capitalize()} à la signature ; "
            f"missions : {', '.join(mission.get_mission_display() for mission in missions)}."
        )
        events.append(TimelineEvent(contract.signed_on, "aci", "Signature de l'ACI", detail, contract))
        for mission in missions:
            if mission.started_on:
                title = f"Démarrage de la mission « {mission.get_mission_display()} »"
                events.append(TimelineEvent(mission.started_on, "mission", title, "", mission))
        for number, anniversary in enumerate(contract.anniversaries(), start=1):
            if anniversary <= today:
                title = f"{_ordinal(number)} anniversaire de l'ACI"
                events.append(TimelineEvent(anniversary, "anniversary", title, "", contract))
        for payment in contract.payments.filter(paid_on__isnull=False):
            events.append(
                TimelineEvent(payment.paid_on, "payment", f"Versement ACI : {payment}", payment.note, payment)
            )
    rank = {kind: index for index, kind in enumerate(TIMELINE_KINDS)}
    return sorted(events, key=lambda event: (event.date, rank[event.kind]))
