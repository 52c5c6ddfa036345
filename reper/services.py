"""Writes of the REPER app that are more than saving one form."""

from django.db import transaction

from reper.models import FIGURE_FIELDS, TerritoryFigures


@transaction.atomic
def record_figures(territory, period_start, period_end, values, notes=None):
    """Record a territory's figures for a period: update the period if it is already recorded, else create it.

    `values` maps each of FIGURE_FIELDS to a count. Raises ValidationError (in French) for a period
    that overlaps another one of the territory, spans two years or has not started yet.
    Returns (figures, created).
    """
    figures = TerritoryFigures.objects.filter(
        territory=territory, period_start=period_start, period_end=period_end
    ).first()
    created = figures is None
    if created:
        figures = TerritoryFigures(territory=territory, period_start=period_start, period_end=period_end)
    for name in FIGURE_FIELDS:
        setattr(figures, name, values[name])
    if notes is not None:
        figures.notes = notes
    figures.full_clean()
    figures.save()
    return figures, created
