"""The SAS section of the annual report, computed from records."""

from django.db.models import Count

from interurps.names import user_display_name
from sas import selectors


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
    - `indicators`, `indicator_totals`: platform figures (slots offered and taken, fill rate…).
    """
    start, end = selectors.year_bounds(year)
    counts = selectors.meeting_counts(year)
    # A highlight that stands for several meetings of one title (« l'ADOPS 49 (8 rencontres) ») is counted, not dated.
    title_counts = dict(
        selectors.sas_meetings(year).order_by().values_list("title").annotate(count=Count("pk", distinct=True))
    )
    summaries = selectors.indicator_summaries(year)
    return {
        "year": year,
        "staff": [
            {
                "name": user_display_name(member.user),
                "job_title": member.job_title,
                "start_date": member.start_date,
                "started_this_year": bool(member.start_date and member.start_date >= start),
            }
            for member in selectors.programme_staff(year)
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
            for entry in selectors.deployments_on(end)
        ],
        "meeting_total": counts.total,
        "by_category": [{"name": row.label, "count": row.count} for row in counts.all_rows if row.count],
        "by_department": [
            {"department": department, "count": count} for department, count in counts.by_department if count
        ],
        "departmental_instances": [
            {"department": department, "count": count}
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
                "date": meeting.date,
                "end_date": meeting.end_date,
                "summary": meeting.highlight_summary or meeting.title,
                "department": meeting.department,
                "meeting_count": title_counts.get(meeting.title, 1),
            }
            for meeting in selectors.highlights(year)
        ],
        "indicators": summaries,
        "indicator_totals": selectors.region_indicator_totals(summaries),
    }
