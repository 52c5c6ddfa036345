"""The assembled report as HTML (browser preview or print) and as PDF."""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation

from interurps.pdf import collector_paused, render_document
from interurps.report.assembly import assemble
from interurps.templatetags.fr_format import narrow_spaces_for_print


@dataclass(frozen=True)
class RenderedPDF:
    content: bytes
    page_count: int


def report_filename(year, extension="pdf"):
    return f"rapport-activite-{year}.{extension}"


def render_report_html(report):
    """The print HTML of an assembled report (what WeasyPrint lays out; also `annual_report --html`)."""
    with translation.override("fr"):
        return narrow_spaces_for_print(render_to_string("report/print.html", {"report": report, "preview": False}))


# Tagged PDF (PDF/UA-1): a structure tree that screen readers follow, the language and the title of the HTML.
PDF_VARIANT = "pdf/ua-1"


def render_report_pdf(report):
    with collector_paused():
        html = render_report_html(report)
        document = render_document(html)
        return RenderedPDF(content=document.write_pdf(pdf_variant=PDF_VARIANT), page_count=len(document.pages))


def render_year_pdf(year):
    with collector_paused():
        return render_report_pdf(assemble(year))
