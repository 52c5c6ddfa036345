"""Aggregate reads of the REPER pages: each in a constant number of queries."""

from django.db.models import Count, Prefetch, Q, Sum
from django.db.models.functions import Coalesce, ExtractYear

from interurps.models import Meeting, Organisation, Union
from reper.models import FIGURE_FIELDS, ExperimentationTerritory, ReperProject, TerritoryFigures

PROGRAMME_CODE = "reper"
# The code of the meeting category the report counts (« une trentaine de réunions des élus des huit URPS »).
ELECTED_MEMBERS_CATEGORY = "elected_members"
# The code of the category a territory's « enregistrer une réunion » link pre-selects.
TERRITORY_CATEGORY = "experimentation_territory"


def figure_labels():
    """(field name, French label) of the five figures, in the order of the ICOPE steps."""
    return [(name, TerritoryFigures._meta.get_field(name).verbose_name) for name in FIGURE_FIELDS]


def figure_rows(*columns):
    """One row per figure: its label and its value in each of `columns` (dicts of figure -> value)."""
    return [{"label": label, "values": [column[name] for column in columns]} for name, label in figure_labels()]


def territory_totals(territory, prefix="total_"):
    return {name: getattr(territory, f"{prefix}{name}") for name in FIGURE_FIELDS}


def projects_with_parties():
    """Projects with their unions and consortium members prefetched."""
    return ReperProject.objects.prefetch_related(
        Prefetch("unions", queryset=Union.objects.order_by("order", "name")),
        Prefetch("consortium_members", queryset=Organisation.objects.order_by("name")),
    )


def current_project():
    """The project the REPER page shows: the most recently started one."""
    return projects_with_parties().first()


def reper_meeting_counts(year):
    """Meetings of the REPER programme in `year`: all of them, and those of elected members."""
    return Meeting.objects.of_programme(PROGRAMME_CODE).aggregate(
        total=Count("pk", filter=Q(date__year=year), distinct=True),
        elected_members=Count("pk", filter=Q(date__year=year, category__code=ELECTED_MEMBERS_CATEGORY), distinct=True),
    )


def project_overview(project, year):
    """What the REPER home page shows of a project (5 queries, whatever the number of rows)."""
    territories = list(ExperimentationTerritory.objects.filter(project=project).for_list().with_totals().with_figures())
    region_year, region_totals = TerritoryFigures.objects.filter(territory__project=project).totals_of_year_and_overall(
        year
    )
    return {
        "milestones": list(project.milestones.all()),
        "territories": territories,
        "totals": figure_rows(region_year, region_totals),
        "has_figures": any(region_totals.values()),
        "meeting_counts": reper_meeting_counts(year),
    }


def territory_figures(territory):
    """A territory's periods (newest first), its totals per year and overall, and what looks inconsistent."""
    figures = list(territory.figures.order_by("-period_start"))
    per_year = list(
        territory.figures.annotate(year=ExtractYear("period_start"))
        .values("year")
        .annotate(**{name: Coalesce(Sum(name), 0) for name in FIGURE_FIELDS})
        .order_by("year")
    )
    totals = {name: sum(getattr(row, name) for row in figures) for name in FIGURE_FIELDS}
    return {
        "figures": figures,
        "years": [row["year"] for row in per_year],
        "year_rows": figure_rows(*per_year, totals) if per_year else [],
        "totals": totals,
        "warnings": consistency_warnings(totals),
    }


def consistency_warnings(totals):
    """Cumulative counts that break the order of the ICOPE steps: worth checking, not refused.

    Period by period no order holds (a step-2 evaluation may follow a screening of the previous
    quarter), but over the whole experimentation each step follows the one before it.
    """
    warnings = []
    if totals["assessments"] > totals["screenings"]:
        warnings.append(
            f"Plus d'évaluations approfondies ({totals['assessments']}) que de repérages ({totals['screenings']}) "
            "au total : vérifiez les chiffres saisis."
        )
    if totals["care_plans"] > totals["assessments"]:
        warnings.append(
            f"Plus de plans de soins ({totals['care_plans']}) que d'évaluations approfondies "
            f"({totals['assessments']}) au total : vérifiez les chiffres saisis."
        )
    return warnings
