"""The sections of the annual report that the core app provides: vie de l'association, financement,
réunions diverses (of the categories the apps register, `interurps.registry`). Each `build_*(year)` returns
the figures and lists of its section, computed from records in a fixed number of queries; the templates are
in `templates/report/sections/`.
"""

import datetime

from django.db.models import Count, Q
from django.utils.text import capfirst

from interurps import registry
from interurps.models import Funding, Meeting, Programme, StaffMember
from interurps.report.charts import horizontal_bar_chart
from interurps.templatetags.fr_format import euros

# The meeting categories the sections count, by their stable code (reference data created by migration 0002,
# coded by 0006): an administrator may rename a category without changing the figures.
ASSOCIATION = "association"
BOARD_MEETING = "board_meeting"
GENERAL_ASSEMBLY = "general_assembly"


def register():
    """Register the core app's sections (called from `InterurpsConfig.ready`)."""
    from interurps.report.registry import register_section

    register_section(
        key="association",
        title="Vie de l'union",
        order=10,
        build="interurps.report.sections.build_association",
        template="report/sections/association.html",
    )
    register_section(
        key="financement",
        title="Financement",
        order=20,
        build="interurps.report.sections.build_funding",
        template="report/sections/funding.html",
    )
    register_section(
        key="reunions",
        title="Réunions diverses",
        order=70,
        build="interurps.report.sections.build_various_meetings",
        template="report/sections/various_meetings.html",
    )


def meetings_in_category(year, programme_code, category_code):
    """The meetings of `year` in the category of `programme_code` whose code is `category_code`."""
    return (
        Meeting.objects.in_year(year)
        .filter(category__programme__code=programme_code, category__code=category_code)
        .order_by("date", "start_time", "pk")
    )


def staff_active_in(year):
    """Staff members whose time with the association overlaps the year."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return StaffMember.objects.filter(
        Q(start_date__isnull=True) | Q(start_date__lte=last), Q(end_date__isnull=True) | Q(end_date__gte=first)
    )


def build_association(year):
    """Governance (conseils d'administration, assemblées générales), staff made available, year's activity."""
    seconded = list(
        staff_active_in(year)
        .filter(seconded_by__isnull=False)
        .select_related("user", "seconded_by")
        .order_by("seconded_by__order", "user__last_name", "user__first_name")
    )
    seconding_unions = list(dict.fromkeys(member.seconded_by for member in seconded))
    programmes = list(Programme.objects.annotate(meeting_count=Count("meetings", filter=Q(meetings__date__year=year))))
    activity = [(programme.name, programme.meeting_count) for programme in programmes if programme.meeting_count]
    return {
        "board_meeting_count": meetings_in_category(year, ASSOCIATION, BOARD_MEETING).count(),
        "general_assemblies": list(meetings_in_category(year, ASSOCIATION, GENERAL_ASSEMBLY)),
        "seconded_staff": seconded,
        "seconding_unions": seconding_unions,
        "meeting_total": Meeting.objects.in_year(year).count(),
        "activity_chart": horizontal_bar_chart(activity, title=f"Réunions de l'année {year} par programme"),
    }


def build_funding(year):
    """The year's funding rows, their total per source and the overall total."""
    rows = list(Funding.objects.filter(year=year).select_related("programme").order_by("source", "programme__order"))
    totals = {}
    for row in rows:
        totals[row.source] = totals.get(row.source, 0) + row.amount
    labels = dict(Funding.Source.choices)
    by_source = [{"label": capfirst(labels[source]), "amount": amount} for source, amount in totals.items()]
    return {
        "fundings": rows,
        "by_source": by_source,
        "total": sum(totals.values()),
        "funding_chart": horizontal_bar_chart(
            [(item["label"], item["amount"]) for item in by_source],
            title=f"Financements {year} par source",
            value_format=euros,
        )
        if len(by_source) > 1
        else "",
    }


def build_various_meetings(year):
    """The year's meetings of each category the apps register for this section (e.g. the pauses visio
    between coordinators, with their subject, and the journées régionales), one list per category.

    Also each list's meetings under its key, for the section's figures.
    """
    lists = [
        {"key": item.key, "title": item.title, "empty": item.empty, "meetings": meetings}
        for item in registry.various_meetings()
        for meetings in [list(meetings_in_category(year, item.programme, item.category))]
    ]
    return {
        "lists": lists,
        "has_meetings": any(item["meetings"] for item in lists),
        **{item["key"]: item["meetings"] for item in lists},
    }
