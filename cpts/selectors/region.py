"""Stages, population and territory of the region's CPTS: the state of play as the ARS presents it."""

import statistics
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Min, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce

from cpts.enums import (
    INACTIVE_STAGES,
    PROGRESS_STAGES,
    STAGE_RANK,
    SizeClass,
    Stage,
)
from cpts.models import CPTS, StageChange
from cpts.querysets import latest_stage_change
from interurps.models import Commune

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
    # Two plain sets of commune keys (no join through the territory table twice, whose plan PostgreSQL can get
    # wrong by minutes on a large region).
    links = CPTS.communes.through.objects
    own = links.filter(cpts=cpts).values("commune_id")
    elsewhere = links.filter(cpts__in=CPTS.objects.active().exclude(pk=cpts.pk).values("pk")).values("commune_id")
    return list(Commune.objects.filter(pk__in=own).filter(pk__in=elsewhere).order_by("name"))


@dataclass(frozen=True)
class Overlap:
    commune: Commune
    cpts: list


def claims_of_shared_communes(active=None, communes=None, limit=None):
    """The communes two active CPTS or more claim, by name, each with those CPTS by name: one query.

    `communes` narrows the communes looked at (a CPTS's own); `limit` keeps the first ones. The shared communes
    are found by a grouped query over the territory table (not a count in a correlated subquery, whose plan
    took PostgreSQL minutes on a large region), and only their claims are read, with the names and codes the
    lists print (not the communes' boundaries).
    """
    links = _active_claims(active, communes)
    shared = _shared(links).order_by("commune__name", "commune__insee_code")
    if limit is not None:
        shared = shared[:limit]
    rows = (
        links.filter(commune__in=shared)
        .select_related("commune", "cpts")
        .only("commune__name", "commune__insee_code", "commune__department_id", "cpts__name")
        .order_by("commune__name", "commune__insee_code", "cpts__name", "cpts__pk")
    )
    grouped = {}
    for row in rows:
        grouped.setdefault(row.commune_id, (row.commune, []))[1].append(row.cpts)
    return [Overlap(commune, claimants) for commune, claimants in grouped.values()]


def _active_claims(active=None, communes=None):
    """The rows of the territory table of the active CPTS (or of `active`), on `communes` when given."""
    active = CPTS.objects.active() if active is None else active
    links = CPTS.communes.through.objects.filter(cpts__in=active.values("pk"))
    return links if communes is None else links.filter(commune__in=communes)


def _shared(links):
    """The pks of the communes that two rows of `links` or more claim."""
    return links.values("commune_id").annotate(claims=Count("cpts_id")).filter(claims__gte=2).values("commune_id")


def overlaps():
    """Every commune claimed by two active CPTS or more, with those CPTS (one query)."""
    return claims_of_shared_communes()


@dataclass(frozen=True)
class OverlapSummary:
    first: list  # Overlap: the first shared communes by name, with their CPTS
    count: int  # the shared communes in all


def overlap_summary(limit):
    """The first `limit` communes claimed by two active CPTS or more, and how many there are (two queries)."""
    return OverlapSummary(claims_of_shared_communes(limit=limit), _shared(_active_claims()).count())


# --- The ARS figure: population covered by operational CPTS -------------------------------------------------

# A CPTS is « opérationnelle » for the ARS once its projet de santé is validated (ACI in negotiation) or its
# ACI signed; the most advanced first, as the figure is read (« 72,1 % + 2,2 % »).
OPERATIONAL_STAGES = [Stage.ACI_SIGNED, Stage.HEALTH_PROJECT]


@dataclass(frozen=True)
class AreaCoverage:
    """The coverage of one department, or of the region (`code` None)."""

    code: str | None
    name: str
    population: int  # inhabitants of the area's communes
    by_stage: dict  # {operational stage: inhabitants whose most advanced CPTS stands at it}
    any_stage_population: int  # inhabitants in the territory of an active CPTS, whatever its stage

    @property
    def operational_population(self):
        return sum(self.by_stage.values())

    @property
    def operational_share_percent(self):
        return _percent(self.operational_population, self.population)

    @property
    def stage_shares(self):
        """[(stage, label, share %)] in the order of OPERATIONAL_STAGES: « 72,1 % ACI signé + 2,2 % … »."""
        return [(stage, Stage(stage).label, _percent(self.by_stage[stage], self.population)) for stage in self.by_stage]

    @property
    def any_stage_share_percent(self):
        return _percent(self.any_stage_population, self.population)


@dataclass(frozen=True)
class OperationalCoverage:
    on: object  # the date of the figure
    region: AreaCoverage
    departments: list  # AreaCoverage, by department code


def operational_coverage(on=None, departments=None):
    """The share of the population living in the territory of an operational CPTS, on the date `on` (today when
    None), for each department of the region and for the region: the figure the ARS publishes.

    Counted on communes, each once, at the most advanced stage among the CPTS that claim it; dormant and
    abandoned CPTS do not count. `any_stage_population` counts every active CPTS, pré-projets included.
    Three queries.
    """
    from django.utils import timezone

    from interurps.models import Department

    on = on or timezone.localdate()
    departments = departments or settings.REGION_DEPARTMENTS
    names = dict(Department.objects.filter(code__in=departments).values_list("code", "name"))
    rows = (
        Commune.objects.filter(department__code__in=departments)
        .order_by()
        .values("department__code")
        .annotate(total=Coalesce(Sum("population"), 0))
    )
    populations = {row["department__code"]: row["total"] for row in rows}
    links = (
        CPTS.communes.through.objects.filter(commune__department__code__in=departments)
        .annotate(stage=Subquery(latest_stage_change(OuterRef("cpts"), on).values("stage")[:1]))
        .values_list("commune_id", "commune__department__code", "commune__population", "stage")
    )
    best = {}  # commune pk -> (department, population, most advanced progress stage)
    for commune_id, department, population, stage in links:
        if stage not in STAGE_RANK:
            continue
        known = best.get(commune_id)
        if known is None or STAGE_RANK[stage] > STAGE_RANK[known[2]]:
            best[commune_id] = (department, population, stage)

    def area(code, name, codes):
        by_stage = {stage: 0 for stage in OPERATIONAL_STAGES}
        any_stage = 0
        for department, population, stage in best.values():
            if department in codes:
                any_stage += population
                if stage in by_stage:
                    by_stage[stage] += population
        return AreaCoverage(code, name, sum(populations.get(c, 0) for c in codes), by_stage, any_stage)

    codes = sorted(set(departments))
    return OperationalCoverage(
        on=on,
        region=area(None, settings.REGION_NAME, set(codes)),
        departments=[area(code, names.get(code, code), {code}) for code in codes],
    )
