"""The SAS section of the annual report, computed from records."""

from django.db.models import Count
from django.utils.text import slugify

from interurps.names import user_display_name
from sas import selectors
from sas.models import SASDeploymentStatus


def category_key(row):
    """The stable key of a category's figure: its code, else its name (`sas.by_category.internal.count`)."""
    if row.category is None:
        return "other"
    return row.category.code or slugify(row.label).replace("-", "_")


def department_key(department):
    return department.code.lower() if department else "none"


def first_months(staff, year):
    """The whole months from the earliest arrival of the year to its end (« les 6 premiers mois »), else 0."""
    arrivals = [member.start_date for member in staff if member.start_date and member.start_date.year == year]
    if not arrivals:
        return 0
    first = min(arrivals)
    return 12 - first.month + (1 if first.day == 1 else 0)


def build_section(year):
    """Figures and lists of the SAS section for `year` (a constant number of queries).

    - `staff`: the team members on the SAS during the year (name, job, arrival date);
    - `deployments`: each department of the region with its status at the end of the year,
      the dated statuses up to then and the participating CPTS;
    - `meeting_total`, `by_category`, `by_department`: counts over the SAS meetings of the year;
    - `departmental_instances`: the departmental SAS instances, per department where some took place;
    - `training_webinars`, `grades_exchanges`: counts of two categories the report quotes alone;
    - `by_organisation`: the organisations met and how many times;
    - `highlights`: the "temps forts" (date, end date, one-line summary);
    - `departments_by_status`: the departments that went through each status by the end of the year;
    - `first_months`: the whole months between the arrival of the year's SAS staff and the end of the year;
    - `indicators`, `indicator_totals`: platform figures (slots offered and taken, fill rate…).
    """
    start, end = selectors.year_bounds(year)
    counts = selectors.meeting_counts(year)
    # A highlight that stands for several meetings of one title (« l'ADOPS 49 (8 rencontres) ») is counted, not dated.
    title_counts = dict(
        selectors.sas_meetings(year).order_by().values_list("title").annotate(count=Count("pk", distinct=True))
    )
    summaries = selectors.indicator_summaries(year)
    totals = selectors.region_indicator_totals(summaries)
    staff = list(selectors.programme_staff(year))
    deployments = selectors.deployments_on(end)
    return {
        "year": year,
        "first_months": first_months(staff, year),
        "staff": [
            {
                "name": user_display_name(member.user),
                "job_title": member.job_title,
                "start_date": member.start_date,
                "started_this_year": bool(member.start_date and member.start_date >= start),
            }
            for member in staff
        ],
        "deployments": [
            {
                "department": entry.department,
                "status": entry.status.get_status_display() if entry.status else "",
                "status_date": entry.status.date if entry.status else None,
                "history": [
                    {"status": status.get_status_display(), "date": status.date, "note": status.note}
                    for status in entry.history
                ],
                "cpts": [str(cpts) for cpts in entry.cpts],
            }
            for entry in deployments
        ],
        # How many departments went through each status by the end of the year (« deux projets ont été proposés »,
        # « les 3 autres départements » in preparation): `sas.departments_by_status.proposed`.
        "departments_by_status": {
            status: sum(any(step.status == status for step in entry.history) for entry in deployments)
            for status in SASDeploymentStatus.Status.values
        },
        "meeting_total": counts.total,
        "by_category": [
            {"figure_key": category_key(row), "name": row.label, "count": row.count}
            for row in counts.all_rows
            if row.count
        ],
        "by_department": [
            {"figure_key": department_key(department), "department": department, "count": count}
            for department, count in counts.by_department
            if count
        ],
        "departmental_instances": [
            {"figure_key": department_key(department), "department": department, "count": count}
            for department, count in counts.departments_of(selectors.CategoryCode.DEPARTMENTAL_INSTANCE)
        ],
        "training_webinars": counts.count(selectors.CategoryCode.TRAINING),
        "grades_exchanges": counts.count(selectors.CategoryCode.GRADES),
        "by_organisation": [
            {"name": str(organisation), "count": organisation.meeting_count}
            for organisation in selectors.organisation_counts(year)
        ],
        "highlights": [
            {
                "figure_key": slugify(" ".join(meeting.title.split()[:4])).replace("-", "_"),
                "date": meeting.date,
                "end_date": meeting.end_date,
                "summary": meeting.highlight_summary or meeting.title,
                "department": meeting.department,
                "meeting_count": title_counts.get(meeting.title, 1),
            }
            for meeting in selectors.highlights(year)
        ],
        "indicators": summaries,
        "indicator_totals": totals,
        "platform": platform_figures(summaries, totals),
    }


def platform_figures(summaries, totals):
    """The platform's figures as the report's catalogue names them: per scope, and for the region."""
    figures = {}
    for summary in [*summaries, *([totals] if totals else [])]:
        key = "region" if summary is totals else slugify(str(summary.scope)).replace("-", "_")
        figures[key] = {
            "registered_providers": summary.registered_providers,
            "regulators": summary.regulators,
            "slots_offered": summary.slots_offered,
            "slots_taken": summary.slots_taken,
        }
    return figures
