"""The CPTS section of the annual report, computed from records (registered in `CptsConfig.ready`)."""

from django.conf import settings

from cpts import selectors
from cpts.dashboard import ars_sentence
from cpts.enums import PROGRESS_STAGES, AccompanyingBody
from cpts.map import SHORT_STAGE_LABELS, build_map
from interurps.names import user_display_name
from interurps.report.sections import meetings_in_category, staff_active_in

PROGRAMME = "cpts"
QUINTET = "quintet"  # the code of the quintet's meeting category (reference data)


def team(year):
    """The staff members working on the CPTS programme at some point of `year`, arrivals of the year last."""
    start, _ = selectors.year_bounds(year)
    members = (
        staff_active_in(year)
        .filter(programmes__code=PROGRAMME)
        .select_related("user")
        .distinct()
        .order_by("user__last_name", "user__first_name")
    )
    people = [
        {
            "name": user_display_name(member.user),
            "job_title": member.job_title,
            "start_date": member.start_date,
            "end_date": member.end_date,
            "arrived_this_year": bool(member.start_date and member.start_date >= start),
            "left_this_year": bool(member.end_date and member.end_date.year == year),
        }
        for member in members
    ]
    return sorted(people, key=lambda person: person["arrived_this_year"])


def stage_table(on):
    """The CPTS by stage and department on the date `on`; the columns of dormant or abandoned CPTS only when
    there are some."""
    table = selectors.counts_by_stage_and_department(on=on)
    kept = [index for index, (stage, _) in enumerate(table.stages) if stage in PROGRESS_STAGES or table.totals[index]]
    return {
        "stages": [SHORT_STAGE_LABELS[table.stages[index][0]] for index in kept],
        "stage_keys": [table.stages[index][0] for index in kept],
        "rows": [
            {"department": row.department, "counts": [row.counts[index] for index in kept], "total": row.total}
            for row in table.rows
        ],
        "totals": [table.totals[index] for index in kept],
        "total": table.total,
    }


def area_figures(area):
    """The coverage figures of a department or of the region, as the catalogue names them."""
    return {
        "population": area.population,
        "operational_population": area.operational_population,
        "operational_percent": area.operational_share_percent,
        "any_stage_percent": area.any_stage_share_percent,
        **{f"{stage}_percent": share for stage, _, share in area.stage_shares},
    }


def stage_figures(stage_counts, table):
    """Each stage's CPTS on 31 December (`count`, and `reached` for the progress stages), and the table's cells."""
    figures = {
        row.stage: {"count": row.count, "reached": row.reached} for row in stage_counts if row.count or row.reached
    }
    figures["departments"] = {
        row["department"].code: {"total": row["total"], **dict(zip(table["stage_keys"], row["counts"], strict=True))}
        for row in table["rows"]
    }
    return figures


def build_section(year):
    """Figures and lists of the CPTS section for `year`, in a constant number of queries.

    - `team`, `arrivals`: the CPTS team during the year (name, job title, arrival), and who arrived in it;
    - `quintet_count`: the meetings of the quintet (programme CPTS, category coded `quintet`) in the year;
    - `accompanied`: the CPTS the InterURPS accompanied during the year (`selectors.accompanied_during`),
      `in_progress` those of them still without an ACI at the end of the year (« en cours d'accompagnement »);
    - `aci_signed`: the ACI signed in the year, by date (every CPTS of the region, whoever accompanied it;
      `accompanied` when the InterURPS did);
    - `stages`, `sentence`, `coverage`: the state of play on 31 December, as the ARS presents it;
    - `stage_table`: the CPTS by stage and department on 31 December;
    - `operational`: the share of the population covered by operational CPTS (projet de santé validé or ACI
      signé) on 31 December, by department and for the region (`selectors.operational_coverage`);
    - `map`: the map of the region on 31 December;
    - `team_at_start`, `stage_figures`, `coverage_figures`: the same facts as figures of the catalogue
      (`cpts.stage_figures.aci_signed.count`, `cpts.coverage_figures.region.operational_percent`).
    """
    start, end = selectors.year_bounds(year)
    people = team(year)
    accompanied = selectors.accompanied_during(year)
    stage_counts = selectors.counts_by_stage(on=end)
    aci_signed = [
        {
            "date": contract.signed_on,
            "cpts": contract.cpts,
            "accompanied": contract.cpts.accompanied_by == AccompanyingBody.INTERURPS,
        }
        for contract in selectors.aci_signed_during(year)
    ]
    operational = selectors.operational_coverage(on=end)
    table = stage_table(end)
    region_map = build_map(on=end, id_prefix=f"carte-{year}", operational=operational.region)
    return {
        "year": year,
        "end": end,
        "region": settings.REGION_NAME,
        "team": people,
        "arrivals": [person for person in people if person["arrived_this_year"]],
        "team_at_start": sum(not person["arrived_this_year"] for person in people),
        "quintet_count": meetings_in_category(year, PROGRAMME, QUINTET).count(),
        "accompanied": accompanied,
        "in_progress": [cpts for cpts in accompanied if not (cpts.aci_signed_on and cpts.aci_signed_on <= end)],
        "aci_signed": aci_signed,
        "signed_accompanied": sum(item["accompanied"] for item in aci_signed),
        "stages": [row for row in stage_counts if row.count or row.reached],
        "sentence": ars_sentence(stage_counts),
        "coverage": selectors.coverage_by_stage(on=end),
        "stage_table": table,
        "stage_figures": stage_figures(stage_counts, table),
        "operational": operational,
        "coverage_figures": {
            "region": area_figures(operational.region),
            **{area.code: area_figures(area) for area in operational.departments},
        },
        "map": region_map,
        "map_figures": {
            "communes": region_map.commune_count,
            **{item.key: item.count for item in region_map.legend if item.count is not None},
        },
    }
