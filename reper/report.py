"""The REPER/ICOPE section of the annual report, computed from records."""

import datetime

from django.db.models import Prefetch, Q
from django.utils.text import slugify

from interurps.models import Meeting
from reper.models import ExperimentationTerritory, Milestone, TerritoryFigures
from reper.selectors import PROGRAMME_CODE, figure_rows, projects_with_parties, reper_meeting_counts, territory_totals


def project_of_year(year):
    """The project the report of `year` is about: the latest one started by the end of that year."""
    year_end = datetime.date(year, 12, 31)
    return (
        projects_with_parties()
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=year_end))
        .prefetch_related(Prefetch("milestones", queryset=Milestone.objects.filter(date__lte=year_end)))
        .first()
    )


def recruitment_semester(territories, year):
    """1 or 2 when every territory recruited in `year` was recruited in that half of the year, else None."""
    halves = {1 if t.recruitment_date.month <= 6 else 2 for t in territories if t.recruitment_date.year == year}
    return halves.pop() if len(halves) == 1 else None


def recruitment_period(semester, year):
    """How the report says when the territories were recruited: « durant le deuxième semestre 2021 »."""
    if semester is None:
        return f"en {year}"
    return f"durant le {'premier' if semester == 1 else 'deuxième'} semestre {year}"


def empty_section(year):
    return {
        "year": year,
        "project": None,
        "unions": [],
        "union_count": 0,
        "consortium": [],
        "milestones": [],
        "territories": [],
        "recruited_in_year": [],
        "recruitment_semester": None,
        "recruitment_period": recruitment_period(None, year),
        "figures": [],
        "has_figures": False,
        "meeting_count": 0,
        "elected_members_meeting_count": 0,
        "highlights": [],
        "year_figures": {},
        "cumulative_figures": {},
        "territory_figures": {},
    }


def build_section(year):
    """The figures, lists and dates of the REPER section for `year`, in 8 queries.

    - the participating unions and the consortium members;
    - the milestones up to the end of the year (earlier ones give the context), each flagged `in_year`;
    - the territories that took part in the year, with their recruitment dates and their figures of the year;
    - the region's figures of the year and since the start;
    - the meetings of the programme in the year, and among them those of the elected members;
    - the programme's highlights (« temps forts ») of the year.
    """
    section = empty_section(year)
    counts = reper_meeting_counts(year)
    section["meeting_count"] = counts["total"]
    section["elected_members_meeting_count"] = counts["elected_members"]
    section["highlights"] = list(
        Meeting.objects.of_programme(PROGRAMME_CODE).in_year(year).filter(is_highlight=True).order_by("date", "pk")
    )
    project = project_of_year(year)
    if project is None:
        return section

    year_end = datetime.date(year, 12, 31)
    territories = [
        territory
        for territory in ExperimentationTerritory.objects.filter(project=project, recruitment_date__lte=year_end)
        .for_list()
        .with_totals(year)
        .order_by("recruitment_date", "cpts__name")
        if territory.took_part_in(year)
    ]
    for territory in territories:
        territory.year_totals = territory_totals(territory)
    year_totals, cumulative = TerritoryFigures.objects.filter(
        territory__project=project, period_start__lte=year_end
    ).totals_of_year_and_overall(year)
    unions = list(project.unions.all())
    milestones = list(project.milestones.all())
    for milestone in milestones:
        milestone.in_year = milestone.date.year == year

    semester = recruitment_semester(territories, year)
    section.update(
        project=project,
        unions=unions,
        union_count=len(unions),
        consortium=list(project.consortium_members.all()),
        milestones=milestones,
        territories=territories,
        recruited_in_year=[t for t in territories if t.recruitment_date.year == year],
        recruitment_semester=semester,
        recruitment_period=recruitment_period(semester, year),
        figures=figure_rows(year_totals, cumulative),
        has_figures=any(cumulative.values()),
        # The same figures as the catalogue names them: `reper.year_figures.screenings`…
        year_figures=dict(year_totals),
        cumulative_figures=dict(cumulative),
        territory_figures={slugify(t.cpts.name).replace("-", "_"): dict(t.year_totals) for t in territories},
    )
    return section
