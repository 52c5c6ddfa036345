"""The CPTS panels of the dashboard (the home page), registered in `CptsConfig.ready()`.

- « Les CPTS en région »: where the CPTS of the region stand, as the ARS presents it, their population,
  the share of the region they cover, the ACI signed per year, the time between stages and the map;
- « CPTS à suivre »: CPTS without a meeting for 60 days, the coming ACI anniversaries, the overlaps.

Each `build_*(request)` returns the panel's data from the selectors, in a constant number of queries.
"""

from django.utils import timezone

from cpts import selectors
from cpts.enums import Stage
from interurps.report.charts import horizontal_bar_chart

PANEL_PERMISSION = "cpts.view_cpts"
STYLESHEETS = ("cpts/cpts-dashboard.css",)


def register():
    """Register the panels (called from `CptsConfig.ready`)."""
    from interurps.dashboard import register_panel

    register_panel(
        key="cpts",
        title="Les CPTS en région",
        order=10,
        build="cpts.dashboard.build_panel",
        template="cpts/dashboard_panel.html",
        permission=PANEL_PERMISSION,
        stylesheets=STYLESHEETS,
        cached=True,  # region-wide: the same for every reader, built again when a record changes
    )
    register_panel(
        key="cpts-suivi",
        title="CPTS à suivre",
        order=11,
        build="cpts.dashboard.build_watch_panel",
        template="cpts/dashboard_watch.html",
        permission=PANEL_PERMISSION,
        stylesheets=STYLESHEETS,
        cached=True,  # region-wide: the same for every reader, built again when a record changes
    )


def _plural(count, singular, plural):
    return f"{count} {singular if count < 2 else plural}"


def ars_sentence(stage_counts):
    """Where the CPTS stand, as the ARS writes it: « 12 projets validés dont 7 ACI signés, 11 lettres
    d'intention, 5 en réflexion ». `stage_counts` is what `selectors.counts_by_stage` returns.

    « Projets validés » counts the CPTS whose projet de santé is validated, or further on (ACI signed);
    the letters of intent and the pre-projects are the CPTS standing at that stage.
    """
    by_stage = {row.stage: row for row in stage_counts}
    validated = by_stage[Stage.HEALTH_PROJECT].reached
    signed = by_stage[Stage.ACI_SIGNED].count
    letters = by_stage[Stage.LETTER_OF_INTENT].count
    thinking = by_stage[Stage.PRE_PROJECT].count
    parts = [
        _plural(validated, "projet validé", "projets validés"),
        _plural(signed, "ACI signé", "ACI signés"),
        _plural(letters, "lettre d'intention", "lettres d'intention"),
        f"{thinking} en réflexion",
    ]
    return f"{parts[0]} dont {parts[1]}, {parts[2]}, {parts[3]}"


def aci_chart(per_year):
    return horizontal_bar_chart(
        [(str(row.year), row.count) for row in per_year],
        title="ACI signés par année",
        width=420,
        label_width=50,
    )


def stage_rows(stage_counts, coverage):
    """One row per stage: the CPTS at it, those at it or further on, and the share of the region's population
    their communes hold (at it, and at it or further on; progress stages only)."""
    shares = {row.stage: row for row in coverage.stages}
    rows = []
    for row in stage_counts:
        share = shares.get(row.stage)
        rows.append(
            {
                "stage": row.stage,
                "label": row.label,
                "count": row.count,
                "reached": row.reached,
                "share": share.share_percent if share else None,
                "cumulative_share": share.cumulative_share_percent if share else None,
            }
        )
    return rows


def build_panel(request):
    """Where the CPTS of the region stand today: stages, population, coverage, ACI per year, durations, map."""
    stage_counts = selectors.counts_by_stage()
    coverage = selectors.coverage_by_stage()
    smallest, largest = selectors.population_extremes()
    per_year = selectors.aci_signed_per_year()
    operational = selectors.operational_coverage()
    return {
        "today": timezone.localdate(),
        "sentence": ars_sentence(stage_counts),
        "stages": stage_rows(stage_counts, coverage),
        "population": selectors.population_stats(),
        "smallest": smallest,
        "largest": largest,
        "coverage": coverage,
        "operational": operational,
        "aci_per_year": per_year,
        "aci_chart": aci_chart(per_year),
        "durations": selectors.path_durations(),
    }


# The watch lists show their first items and say how many there are: a page of the whole lists of a large
# region (hundreds of CPTS, of shared communes) would be slow to build and to read.
WATCH_LIST_LENGTH = 12


def build_watch_panel(request):
    """What needs attention: CPTS without a recent meeting, ACI anniversaries to come, overlapping territories."""
    stale = selectors.without_recent_meeting()
    anniversaries = selectors.upcoming_aci_anniversaries()
    overlaps = selectors.overlap_summary(WATCH_LIST_LENGTH)
    return {
        "stale_days": selectors.STALE_AFTER_DAYS,
        "stale": stale[:WATCH_LIST_LENGTH],
        "stale_count": len(stale),
        "stale_more": max(0, len(stale) - WATCH_LIST_LENGTH),
        "notice_days": selectors.ANNIVERSARY_NOTICE_DAYS,
        "anniversaries": anniversaries[:WATCH_LIST_LENGTH],
        "anniversaries_more": max(0, len(anniversaries) - WATCH_LIST_LENGTH),
        "overlaps": overlaps.first,
        "overlap_count": overlaps.count,
        "overlaps_more": max(0, overlaps.count - len(overlaps.first)),
    }
