"""The report as a PDF: its text, what the renderer may fetch, the export command, publishing versions.

PDF renders take a second or two each: the tests that need a real one are few; the others replace
the renderer by a stub.
"""

import datetime
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from interurps import pdf
from interurps.models import Funding, PublishedReport
from interurps.report import services
from interurps.report.rendering import RenderedPDF, render_year_pdf
from tests.factories import (
    FreeSectionFactory,
    FundingFactory,
    MeetingFactory,
    ReportEditionFactory,
    UserFactory,
    category,
)

pytestmark = pytest.mark.django_db


def pdf_text(content, tmp_path):
    """The text of a PDF (pdftotext, from poppler-utils), spaces normalised; None if the tool is missing."""
    if not shutil.which("pdftotext"):
        return None
    path = tmp_path / "rapport.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


@pytest.fixture
def year_2021():
    for month in range(1, 12):
        MeetingFactory(
            date=datetime.date(2021, month, 10),
            category=category("association", "Conseil d'administration"),
            programmes=["association"],
        )
    FundingFactory(source=Funding.Source.ARS_FIR, amount=Decimal("686000"))
    edition = ReportEditionFactory(year=2021, presidents_message="<p>2021 marque une année de croissance.</p>")
    FreeSectionFactory(edition=edition, title="GE InterURPS", body="<p>Un groupement d'employeurs.</p>")
    return edition


def test_report_pdf_contains_the_year_its_sections_and_figures(year_2021, tmp_path):
    rendered = render_year_pdf(2021)
    assert rendered.content.startswith(b"%PDF")
    assert rendered.page_count >= 5
    text = pdf_text(rendered.content, tmp_path)
    if text is None:
        pytest.skip("pdftotext (poppler-utils) n'est pas installé : texte du PDF non vérifié.")
    assert "2021" in text
    assert "Rapport d'activité" in text
    assert "Sommaire" in text
    assert "Vie de l'union" in text
    assert "11 conseils d'administration" in text
    assert "686 000 €" in text
    assert "2021 marque une année de croissance." in text
    assert "Un groupement d'employeurs." in text
    assert "texte à rédiger" not in text


def test_report_pdf_fetches_only_the_apps_static_files(year_2021, monkeypatch):
    """Even text stored without the form's sanitising cannot make the renderer read a file or the network."""
    year_2021.presentation = (
        '<img src="file:///etc/passwd"><link rel="stylesheet" href="http://example.org/x.css">'
        '<p style="background: url(http://example.org/track.png)">Présentation</p>'
    )
    year_2021.save()
    fetched = []
    original = pdf.StaticFilesURLFetcher.fetch

    def recording_fetch(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(pdf.StaticFilesURLFetcher, "fetch", recording_fetch)
    render_year_pdf(2021)
    assert fetched  # the style sheets and the fonts
    assert all(url.startswith(pdf.PDF_BASE_URL + "static/") for url in fetched), fetched


# The command


def test_annual_report_command_writes_the_pdf_and_the_html(year_2021, tmp_path, capsys):
    output, html = tmp_path / "r.pdf", tmp_path / "r.html"
    call_command("annual_report", "2021", "-o", str(output), "--html", str(html))
    assert output.read_bytes().startswith(b"%PDF")
    assert "Sommaire" in html.read_text(encoding="utf-8")
    printed = capsys.readouterr().out
    assert "Rapport 2021 écrit dans" in printed
    assert "pages" in printed
    assert "Terminé en" in printed


@pytest.mark.parametrize("year", ["1850", "deux-mille", "3000"])
def test_annual_report_command_refuses_a_bad_year_in_french(year, tmp_path):
    with pytest.raises(CommandError, match="Année invalide"):
        call_command("annual_report", year, "-o", str(tmp_path / "r.pdf"))


def test_annual_report_command_asks_for_an_output_file():
    with pytest.raises(CommandError, match="Indiquez un fichier"):
        call_command("annual_report", "2021")


# Publishing


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def stub_renderer(monkeypatch):
    """Each render returns a different small 'PDF', so that versions can be told apart."""
    renders = []

    def render(report):
        renders.append(report.year)
        return RenderedPDF(content=f"%PDF-stub render {len(renders)}".encode(), page_count=12)

    monkeypatch.setattr(services, "render_report_pdf", render)
    return renders


def test_publishing_stores_the_rendered_pdf_with_its_date_and_author(media):
    edition = ReportEditionFactory(year=2021)
    author = UserFactory()
    published = services.publish(edition, by=author)
    assert published.version == 1
    assert published.published_by == author
    assert published.published_at is not None
    assert published.page_count >= 3
    assert published.file.name == "rapports/2021/rapport-activite-2021-v1.pdf"
    assert (media / published.file.name).read_bytes().startswith(b"%PDF")


def test_publishing_again_keeps_the_first_version_beside_the_new_one(media, stub_renderer):
    edition = ReportEditionFactory(year=2021)
    first = services.publish(edition, by=UserFactory())
    second = services.publish(edition, by=UserFactory())
    assert [p.version for p in PublishedReport.objects.filter(edition=edition).order_by("version")] == [1, 2]
    assert (media / first.file.name).read_bytes() == b"%PDF-stub render 1"
    assert (media / second.file.name).read_bytes() == b"%PDF-stub render 2"


def test_publishing_never_overwrites_a_file_already_there(media, stub_renderer):
    stray = media / "rapports" / "2021" / "rapport-activite-2021-v1.pdf"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"%PDF-earlier")
    published = services.publish(ReportEditionFactory(year=2021), by=UserFactory())
    assert stray.read_bytes() == b"%PDF-earlier"
    assert published.file.name != "rapports/2021/rapport-activite-2021-v1.pdf"
    assert published.file.name.startswith("rapports/2021/rapport-activite-2021-v1")
