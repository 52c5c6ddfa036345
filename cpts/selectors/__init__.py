"""Aggregate reads of the CPTS domain: the figures of the dashboard, the annual report and the ARS tables.

Each function runs a small, fixed number of queries whatever the number of CPTS.

A package by subject; every read is importable from `cpts.selectors` as before.
"""

from cpts.selectors.followup import (  # noqa: F401
    ANNIVERSARY_NOTICE_DAYS,
    FIRST_CONTACT_LABEL,
    STALE_AFTER_DAYS,
    Anniversary,
    DepartmentStageRow,
    Duration,
    NamedPopulation,
    StageDepartmentTable,
    accompanied_during,
    aci_signed_during,
    counts_by_stage_and_department,
    first_contact_dates,
    median_duration,
    path_durations,
    population_extremes,
    upcoming_aci_anniversaries,
    without_recent_meeting,
    year_bounds,
)
from cpts.selectors.page import (  # noqa: F401
    TIMELINE_KINDS,
    AdhesionPoint,
    ContactsByPeriod,
    PaymentYear,
    TimelineEvent,
    adhesion_history,
    contacts_by_period,
    contract_missions,
    next_step,
    payments_table,
    shared_communes,
    steps_with_completions,
    territory_communes,
    timeline,
)
from cpts.selectors.payments import (  # noqa: F401
    YearCount,
    aci_signed_per_year,
    payments_by_cpts,
    payments_by_year,
    region_payments,
)
from cpts.selectors.region import (  # noqa: F401
    OPERATIONAL_STAGES,
    AreaCoverage,
    Coverage,
    OperationalCoverage,
    Overlap,
    PopulationStats,
    StageCount,
    StageCoverage,
    StageDuration,
    counts_by_stage,
    coverage_by_stage,
    first_stage_dates,
    median_days_between,
    operational_coverage,
    overlap_summary,
    overlaps,
    population_stats,
    stage_durations,
    territory_overlaps,
)
from cpts.selectors.territory import (  # noqa: F401
    SEARCH_LIMIT,
    ClaimedCommune,
    TerritorySummary,
    claimed_label,
    claims_elsewhere,
    search_communes,
    territory_summary,
)
