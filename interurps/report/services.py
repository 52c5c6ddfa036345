"""Writing the annual report: editions, their texts, publishing a version."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from interurps.models import PublishedReport, ReportEdition, ReportText
from interurps.report.assembly import assemble
from interurps.report.checklist import BrokenFigureReferences
from interurps.report.comparison import save_snapshot
from interurps.report.rendering import render_report_pdf


def get_or_create_edition(year):
    edition, _ = ReportEdition.objects.get_or_create(year=year)
    return edition


def set_section_texts(edition, bodies):
    """Store the editorial texts {(section_key, kind): body}; an empty body removes the text."""
    for (section_key, kind), body in bodies.items():
        if body.strip():
            ReportText.objects.update_or_create(
                edition=edition, section_key=section_key, kind=kind, defaults={"body": body}
            )
        else:
            ReportText.objects.filter(edition=edition, section_key=section_key, kind=kind).delete()


@transaction.atomic
def publish(edition, by):
    """Render the edition's PDF and keep it as a new version (v1, v2…), with a snapshot of its figures and texts;
    earlier versions stay as they are."""
    edition = ReportEdition.objects.select_for_update().get(pk=edition.pk)
    report = assemble(edition.year)
    if report.broken_figures:
        keys = ", ".join(f"[[{key}]]" for key in report.broken_figures)
        raise BrokenFigureReferences(f"Rapport non publié : chiffre inconnu dans les textes ({keys}).")
    rendered = render_report_pdf(report)
    version = (edition.versions.aggregate(last=Max("version"))["last"] or 0) + 1
    published = PublishedReport(
        edition=edition, version=version, page_count=rendered.page_count, published_at=timezone.now(), published_by=by
    )
    # The storage never replaces an existing file: a name already taken gets a suffix.
    published.file.save(published.filename, ContentFile(rendered.content), save=False)
    published.full_clean()
    published.save()
    # What the version printed, figures and texts, to compare it with another version of the year.
    save_snapshot(published, report)
    return published
