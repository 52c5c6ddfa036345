"""The annual activity report: editions, browser preview, PDF export, publishing."""

import logging

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView, View

from interurps.mixins import RolePermissionMixin
from interurps.models import PublishedReport, ReportEdition
from interurps.report import comparison, outline, registry, selectors, services
from interurps.report.assembly import assemble, get_edition
from interurps.report.checklist import BrokenFigureReferences, missing_before_publishing
from interurps.report.forms import (
    FreeSectionFormSet,
    OutlineForm,
    ReportEditionForm,
    SectionTextsForm,
    SignatoryFormSet,
)
from interurps.report.rendering import render_year_pdf, report_filename

MIN_YEAR, MAX_YEAR = 2000, 2100
PDF_FAILED = (
    "Le PDF du rapport {year} n'a pas pu être produit : un texte de l'édition est sans doute trop long "
    "ou trop imbriqué (listes dans des listes…). Simplifiez-le dans « Modifier les textes » puis réessayez."
)
logger = logging.getLogger(__name__)


def pdf_failed(request, year):
    """Any failure of the PDF renderer on the edition's texts: a French message on the preview, never a 500."""
    logger.exception("Échec du rendu PDF du rapport %s", year)
    messages.error(request, PDF_FAILED.format(year=year))
    return HttpResponseRedirect(reverse("interurps:report", args=[year]))


class ReportYearMixin:
    """Views of one year's report: `year` in the URL, within the years an edition may have."""

    def dispatch(self, request, *args, **kwargs):
        self.year = kwargs["year"]
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise Http404(f"Pas de rapport pour l'année {self.year}.")
        return super().dispatch(request, *args, **kwargs)


class ReportListView(RolePermissionMixin, TemplateView):
    """The editions, and the current and last years even before anyone starts writing them."""

    template_name = "interurps/report_list.html"
    permission_required = "interurps.view_reportedition"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        editions = {edition.year: edition for edition in selectors.editions_with_publication()}
        this_year = timezone.localdate().year
        rows = []
        for year in sorted(set(editions) | {this_year, this_year - 1}, reverse=True):
            edition = editions.get(year)
            rows.append(
                {
                    "year": year,
                    "edition": edition,
                    "version_count": edition.version_count if edition else 0,
                    "last_published_at": edition.last_published_at if edition else None,
                    "status": selectors.status_label(
                        edition or ReportEdition(year=year), edition.last_published_at if edition else None
                    ),
                }
            )
        context["rows"] = rows
        return context


class ReportPreviewView(RolePermissionMixin, ReportYearMixin, TemplateView):
    """The report in the browser, with the placeholders of the texts still to write."""

    template_name = "interurps/report_preview.html"
    permission_required = "interurps.view_reportedition"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = assemble(self.year, preview=True)
        versions = list(selectors.published_versions(report.edition))
        context.update(
            report=report,
            preview=True,
            versions=versions,
            next_version=(versions[0].version + 1) if versions else 1,
            status=selectors.status_label(report.edition, versions[0].published_at if versions else None),
            pdf_filename=report_filename(self.year),
            missing=missing_before_publishing(report),
        )
        return context


class ReportPDFView(RolePermissionMixin, ReportYearMixin, View):
    """The report as a PDF, rendered now from the current data and texts."""

    permission_required = "interurps.export_report"

    def get(self, request, *args, **kwargs):
        try:
            rendered = render_year_pdf(self.year)
        except Exception:  # WeasyPrint on user texts (RecursionError…): see pdf_failed
            return pdf_failed(request, self.year)
        response = HttpResponse(rendered.content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{report_filename(self.year)}"'
        return response


class ReportEditView(RolePermissionMixin, ReportYearMixin, TemplateView):
    """Write the edition's texts: mot des présidents and signatories, presentation, section texts, free sections."""

    template_name = "interurps/report_form.html"
    permission_required = "interurps.change_reportedition"

    def get_forms(self):
        edition = get_edition(self.year) or ReportEdition(year=self.year)
        data = self.request.POST if self.request.method == "POST" else None
        bodies = {(text.section_key, text.kind): text.body for text in edition.texts.all()} if edition.pk else {}
        free_sections = list(edition.free_sections.all()) if edition.pk else []
        entries = outline.resolve(edition.outline, free_sections, self.year)
        return {
            "form": ReportEditionForm(data, instance=edition),
            "signatories": SignatoryFormSet(data, instance=edition, prefix="signataires"),
            "texts": SectionTextsForm(data, sections=registry.sections(), year=self.year, bodies=bodies),
            "free_sections": FreeSectionFormSet(data, instance=edition, prefix="libres"),
            "outline": OutlineForm(data, entries=entries, prefix="plan"),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["year"] = self.year
        context["figures"] = assemble(self.year).figures.values()
        context.update(kwargs.get("forms") or self.get_forms())
        return context

    def post(self, request, *args, **kwargs):
        forms = self.get_forms()
        if not all([form.is_valid() for form in forms.values()]):
            messages.error(request, "Les textes n'ont pas été enregistrés : corrigez les erreurs signalées.")
            return self.render_to_response(self.get_context_data(forms=forms))
        with transaction.atomic():
            edition = forms["form"].save(commit=False)
            edition.updated_by = request.user
            edition.outline = forms["outline"].stored_outline()
            edition.save()
            for name in ("signatories", "free_sections"):
                forms[name].instance = edition
                forms[name].save()
            services.set_section_texts(edition, forms["texts"].bodies())
        messages.success(request, f"Textes du rapport {self.year} enregistrés.")
        return HttpResponseRedirect(reverse("interurps:report", args=[self.year]))


class ReportPublishView(RolePermissionMixin, ReportYearMixin, View):
    """Publish the report as it is now: a new PDF version, the earlier ones kept."""

    permission_required = "interurps.add_publishedreport"

    def post(self, request, *args, **kwargs):
        edition = services.get_or_create_edition(self.year)
        try:
            with transaction.atomic():
                published = services.publish(edition, by=request.user)
        except BrokenFigureReferences as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(reverse("interurps:report", args=[self.year]))
        except Exception:  # nothing is published: see pdf_failed
            return pdf_failed(request, self.year)
        note = " Les versions précédentes sont conservées." if published.version > 1 else ""
        messages.success(request, f"Rapport {self.year} publié (version {published.version}).{note}")
        return HttpResponseRedirect(reverse("interurps:report", args=[self.year]))


class PublishedReportDownloadView(RolePermissionMixin, ReportYearMixin, View):
    """A published version's PDF, served to the roles allowed to see it (never a public media URL)."""

    permission_required = "interurps.view_publishedreport"

    def get(self, request, *args, **kwargs):
        published = get_object_or_404(
            PublishedReport.objects.select_related("edition"), edition__year=self.year, version=kwargs["version"]
        )
        try:
            handle = published.file.open("rb")
        except FileNotFoundError as error:
            raise Http404("Le fichier de cette version est introuvable.") from error
        return FileResponse(handle, as_attachment=True, filename=published.filename, content_type="application/pdf")


def year_param(request, name, default):
    """A year read from the query string: `default` when absent; None (with a French message) when not a year."""
    value = request.GET.get(name, "").strip()
    if not value:
        return default
    try:
        year = int(value)
    except ValueError:
        year = None
    if year is None or not MIN_YEAR <= year <= MAX_YEAR:
        messages.error(request, f"« {value} » n'est pas une année entre {MIN_YEAR} et {MAX_YEAR}.")
        return None
    return year


class ReportCompareView(RolePermissionMixin, ReportYearMixin, TemplateView):
    """The year's figures beside another year's (N-1 by default), and two published versions of the year."""

    template_name = "interurps/report_compare.html"
    permission_required = "interurps.view_reportedition"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        other = year_param(self.request, "avec", self.year - 1) or self.year - 1
        rows = comparison.compare_years(self.year, other)
        edition = get_edition(self.year)
        versions = list(selectors.published_versions(edition)) if edition else []
        context.update(
            year=self.year,
            other=other,
            rows=rows,
            changed_count=sum(row.changed for row in rows),
            versions=versions,
            years=range(self.year - 5, self.year + 2),
            **self.version_comparison(versions),
        )
        return context

    def version_comparison(self, versions):
        """The two versions chosen (`de`, `a`; by default the last two) and what changed between them."""
        by_number = {published.version: published for published in versions}
        if len(by_number) < 2:
            return {"version_pair": None}
        numbers = sorted(by_number)
        older = self.version_param("de", numbers[-2], by_number)
        newer = self.version_param("a", numbers[-1], by_number)
        if older.version > newer.version:
            older, newer = newer, older
        shots = comparison.load_snapshot(older), comparison.load_snapshot(newer)
        missing = [published for published, shot in zip((older, newer), shots, strict=True) if shot is None]
        result = {"version_pair": (older, newer), "snapshots_missing": missing}
        if None not in shots:
            result["version_figures"], result["version_texts"] = comparison.compare_versions(*shots)
        return result

    def version_param(self, name, default, by_number):
        value = self.request.GET.get(name, "")
        if value.isdigit() and int(value) in by_number:
            return by_number[int(value)]
        if value:
            messages.error(self.request, f"La version « {value} » du rapport {self.year} n'existe pas.")
        return by_number[default]
