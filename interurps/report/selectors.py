"""Reads of the annual report editions for the pages."""

from django.db.models import Count, Max

from interurps.models import PublishedReport, ReportEdition


def editions_with_publication():
    """Editions with the number of published versions and the date of the last one."""
    return ReportEdition.objects.annotate(
        version_count=Count("versions"), last_published_at=Max("versions__published_at")
    )


def published_versions(edition):
    if edition.pk is None:
        return PublishedReport.objects.none()
    return edition.versions.select_related("published_by").order_by("-version")


def status_label(edition, last_published_at):
    """Where an edition stands: not started, draft, published, or changed since its last publication."""
    if edition.pk is None:
        return "pas encore rédigé"
    if last_published_at is None:
        return "brouillon"
    if edition.updated_at > last_published_at:
        return "modifié depuis la dernière publication"
    return "publié"
