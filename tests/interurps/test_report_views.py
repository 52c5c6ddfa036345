"""The annual report pages: list of editions, browser preview, writing the texts, PDF export, publishing."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from interurps.models import FreeSection, PublishedReport, ReportEdition, ReportSignatory, ReportText
from interurps.report import services
from interurps.report.rendering import RenderedPDF
from tests.factories import (
    AdminUserFactory,
    BoardUserFactory,
    FreeSectionFactory,
    MeetingFactory,
    PersonFactory,
    ReportEditionFactory,
    ReportSignatoryFactory,
    ReportTextFactory,
    StaffMemberFactory,
    StaffUserFactory,
    UserFactory,
    category,
)

pytestmark = pytest.mark.django_db


# The conftest users are named like the demo accounts, which cannot log in when DEBUG is off.
@pytest.fixture
def staff_user(db):
    return StaffUserFactory()


@pytest.fixture
def board_user(db):
    return BoardUserFactory()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def stub_renderer(monkeypatch):
    monkeypatch.setattr(services, "render_report_pdf", lambda report: RenderedPDF(content=b"%PDF-stub", page_count=12))


def page(response):
    return response.content.decode()


def published(edition, version, by=None):
    return PublishedReport.objects.create(
        edition=edition,
        version=version,
        file=ContentFile(f"%PDF-version {version}".encode(), name=f"rapport-v{version}.pdf"),
        page_count=14,
        published_at=timezone.now(),
        published_by=by or UserFactory(),
    )


# List


def test_list_shows_editions_with_their_state_and_versions(board_client):
    edition = ReportEditionFactory(year=2021)
    published(edition, 1)
    ReportEditionFactory(year=2020)
    content = page(board_client.get(reverse("interurps:report_list")))
    assert "2021" in content and "2020" in content
    assert "publié" in content
    assert "brouillon" in content


def test_list_says_when_an_edition_changed_after_its_last_publication(board_client):
    edition = ReportEditionFactory(year=2021)
    published(edition, 1)
    edition.presentation = "<p>Corrigée.</p>"
    edition.save()
    content = page(board_client.get(reverse("interurps:report_list")))
    assert "modifié depuis la dernière publication" in content


def test_list_offers_the_current_year_before_its_edition_exists(board_client):
    content = page(board_client.get(reverse("interurps:report_list")))
    this_year = timezone.localdate().year
    assert reverse("interurps:report", args=[this_year]) in content
    assert "pas encore rédigé" in content


def test_list_queries_do_not_grow_with_editions(board_client, django_assert_num_queries):
    def add(years):
        for year in years:
            published(ReportEditionFactory(year=year), 1)

    add(range(2010, 2012))
    url = reverse("interurps:report_list")
    with CaptureQueriesContext(connection) as few:
        board_client.get(url)
    add(range(2012, 2020))
    with django_assert_num_queries(len(few.captured_queries)):
        board_client.get(url)


# Preview


def test_preview_shows_the_computed_sections_and_the_edition_texts(board_client):
    MeetingFactory(
        date=datetime.date(2021, 3, 9),
        category=category("association", "Assemblée générale"),
        programmes=["association"],
    )
    edition = ReportEditionFactory(year=2021, presidents_message="<p>Une année de croissance.</p>")
    ReportSignatoryFactory(edition=edition, name="Elsa BENARD", title="co-présidente InterURPS")
    FreeSectionFactory(edition=edition, title="Séminaire InterURPS")
    content = page(board_client.get(reverse("interurps:report", args=[2021])))
    assert "Vie de l&#x27;union" in content
    assert "Assemblée générale le 9 mars 2021" in content
    assert "Une année de croissance." in content
    assert "Elsa BENARD" in content
    assert "Séminaire InterURPS" in content
    assert 'href="#chapitre-financement"' in content


def test_preview_of_a_year_without_edition_shows_sections_and_texts_to_write(board_client):
    content = page(board_client.get(reverse("interurps:report", args=[2024])))
    assert "Financement" in content
    assert "texte à rédiger" in content
    assert not ReportEdition.objects.exists()


def test_preview_escapes_and_sanitises_stored_texts(board_client):
    edition = ReportEditionFactory(
        year=2021, presentation='<p>Bonjour</p><script>alert("x")</script><img src="x" onerror="alert(1)">'
    )
    ReportSignatoryFactory(edition=edition, name="<b>Nom</b>")
    content = page(board_client.get(reverse("interurps:report", args=[2021])))
    assert "<p>Bonjour</p>" in content
    assert 'alert("x")' not in content
    assert "onerror" not in content
    assert "&lt;b&gt;Nom&lt;/b&gt;" in content


def test_preview_has_an_export_button_that_works_without_javascript(board_client):
    content = page(board_client.get(reverse("interurps:report", args=[2021])))
    assert f'href="{reverse("interurps:report_pdf", args=[2021])}"' in content
    assert "Exporter en PDF" in content
    assert "report/export.js" in content
    assert "<script>" not in content  # no inline script


def test_board_sees_neither_the_edit_nor_the_publish_button(board_client):
    content = page(board_client.get(reverse("interurps:report", args=[2021])))
    assert reverse("interurps:report_edit", args=[2021]) not in content
    assert reverse("interurps:report_publish", args=[2021]) not in content


def test_staff_see_the_edit_and_publish_buttons(staff_client):
    content = page(staff_client.get(reverse("interurps:report", args=[2021])))
    assert reverse("interurps:report_edit", args=[2021]) in content
    assert reverse("interurps:report_publish", args=[2021]) in content


def test_preview_lists_published_versions_with_download_links(board_client):
    edition = ReportEditionFactory(year=2021)
    published(edition, 1)
    published(edition, 2)
    content = page(board_client.get(reverse("interurps:report", args=[2021])))
    assert reverse("interurps:report_version", args=[2021, 1]) in content
    assert reverse("interurps:report_version", args=[2021, 2]) in content
    assert "Versions publiées" in content


def test_preview_of_an_impossible_year_is_not_found(board_client):
    assert board_client.get(reverse("interurps:report", args=[1850])).status_code == 404


def test_preview_queries_do_not_grow_with_the_records(staff_client, django_assert_num_queries):
    edition = ReportEditionFactory(year=2021)

    def add(count, start):
        for index in range(start, start + count):
            ReportSignatoryFactory(edition=edition)
            FreeSectionFactory(edition=edition)
            ReportTextFactory(edition=edition, section_key=f"cle-{index}")
            StaffMemberFactory(seconded_by_id=1 + index % 10)
            MeetingFactory(date=datetime.date(2021, 6, 1), category=category("cpts", "Journée régionale"))
            published(edition, index + 1)

    add(2, 0)
    url = reverse("interurps:report", args=[2021])
    with CaptureQueriesContext(connection) as few:
        staff_client.get(url)
    add(10, 2)
    with django_assert_num_queries(len(few.captured_queries)):
        staff_client.get(url)


# Writing the texts


def edit_data(**overrides):
    data = {
        "title": "Rapport d'activité",
        "presidents_message": "<p>Le mot.</p>",
        "presentation": "",
        "signataires-TOTAL_FORMS": "1",
        "signataires-INITIAL_FORMS": "0",
        "signataires-0-person": "",
        "signataires-0-name": "Elsa BENARD",
        "signataires-0-title": "co-présidente InterURPS",
        "signataires-0-order": "1",
        "libres-TOTAL_FORMS": "1",
        "libres-INITIAL_FORMS": "0",
        "libres-0-title": "ORS",
        "libres-0-body": "Des réunions avec l'ORS.",
        "libres-0-order": "1",
        "financement__introduction": "<p>Fonds propres et FIR.</p>",
    }
    data.update(overrides)
    return data


def test_edit_page_offers_a_text_per_section_and_kind(staff_client):
    content = page(staff_client.get(reverse("interurps:report_edit", args=[2021])))
    assert "Financement – introduction" in content
    assert "Réunions diverses – perspectives 2022" in content
    assert "report/editor.js" in content


def test_saving_the_texts_creates_the_edition_with_its_parts(staff_client, staff_user):
    response = staff_client.post(reverse("interurps:report_edit", args=[2021]), edit_data())
    assert response.status_code == 302
    edition = ReportEdition.objects.get(year=2021)
    assert edition.presidents_message == "<p>Le mot.</p>"
    assert edition.updated_by == staff_user
    assert edition.signatories.get().name == "Elsa BENARD"
    assert edition.free_sections.get().body == "<p>Des réunions avec l'ORS.</p>"
    assert edition.texts.get(section_key="financement").body == "<p>Fonds propres et FIR.</p>"


def test_saving_sanitises_the_rich_text(staff_client):
    staff_client.post(
        reverse("interurps:report_edit", args=[2021]),
        edit_data(presidents_message='<p onclick="x()">Mot</p><script>alert(1)</script><img src="file:///etc/passwd">'),
    )
    assert ReportEdition.objects.get(year=2021).presidents_message == "<p>Mot</p>"


def test_emptying_a_section_text_removes_it(staff_client):
    edition = ReportEditionFactory(year=2021)
    ReportTextFactory(edition=edition, section_key="financement", kind=ReportText.Kind.INTRODUCTION)
    staff_client.post(reverse("interurps:report_edit", args=[2021]), edit_data(financement__introduction=""))
    assert not ReportText.objects.filter(section_key="financement").exists()


def test_a_signatory_without_a_name_or_person_is_refused_in_french_and_nothing_is_lost(staff_client):
    edition = ReportEditionFactory(year=2021, presidents_message="<p>Avant.</p>")
    response = staff_client.post(
        reverse("interurps:report_edit", args=[2021]),
        edit_data(**{"signataires-0-name": "", "presidents_message": "<p>Nouveau mot.</p>"}),
    )
    assert response.status_code == 200
    content = page(response)
    assert "Choisissez une personne ou saisissez un nom." in content
    assert "Nouveau mot." in content  # what was typed is still in the form
    edition.refresh_from_db()
    assert edition.presidents_message == "<p>Avant.</p>"
    assert not ReportSignatory.objects.exists()
    assert not FreeSection.objects.exists()


def test_a_signatory_may_be_a_known_person(staff_client):
    person = PersonFactory(first_name="Alain", last_name="Guilleminot")
    staff_client.post(
        reverse("interurps:report_edit", args=[2021]),
        edit_data(**{"signataires-0-name": "", "signataires-0-person": str(person.pk)}),
    )
    assert ReportSignatory.objects.get().display_name == "Alain GUILLEMINOT"


def test_board_cannot_write_the_texts(board_client):
    response = board_client.post(reverse("interurps:report_edit", args=[2021]), edit_data())
    assert response.status_code == 403
    assert not ReportEdition.objects.exists()


# PDF export


def test_pdf_export_returns_a_pdf_with_a_french_file_name(board_client):
    response = board_client.get(reverse("interurps:report_pdf", args=[2021]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="rapport-activite-2021.pdf"'
    assert response.content.startswith(b"%PDF")


def test_board_role_has_the_export_permission(board_user):
    assert board_user.has_perm("interurps.export_report")
    assert not board_user.has_perm("interurps.add_publishedreport")


# Publishing and downloading


def test_publishing_from_the_page_adds_a_version_and_says_so(staff_client, staff_user, stub_renderer):
    response = staff_client.post(reverse("interurps:report_publish", args=[2021]), follow=True)
    version = PublishedReport.objects.get()
    assert (version.edition.year, version.version, version.published_by) == (2021, 1, staff_user)
    assert "Rapport 2021 publié (version 1)." in page(response)


def test_publishing_a_published_year_keeps_the_earlier_version(staff_client, stub_renderer):
    edition = ReportEditionFactory(year=2021)
    first = published(edition, 1)
    response = staff_client.post(reverse("interurps:report_publish", args=[2021]), follow=True)
    assert "version 2" in page(response)
    assert "Les versions précédentes sont conservées." in page(response)
    first.refresh_from_db()
    with first.file.open("rb") as handle:
        assert handle.read() == b"%PDF-version 1"
    assert PublishedReport.objects.count() == 2


def test_board_cannot_publish(board_client, stub_renderer):
    assert board_client.post(reverse("interurps:report_publish", args=[2021])).status_code == 403
    assert not PublishedReport.objects.exists()


def test_downloading_a_version_serves_its_stored_pdf(board_client):
    published(ReportEditionFactory(year=2021), 1)
    response = board_client.get(reverse("interurps:report_version", args=[2021, 1]))
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="rapport-activite-2021-v1.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == b"%PDF-version 1"
    response.close()


def test_admin_shows_an_editions_versions_with_their_download_link(client):
    client.force_login(AdminUserFactory())
    edition = ReportEditionFactory(year=2021)
    published(edition, 1)
    response = client.get(reverse("admin:interurps_reportedition_change", args=[edition.pk]))
    assert reverse("interurps:report_version", args=[2021, 1]) in page(response)


def test_downloading_a_missing_version_is_not_found(board_client):
    ReportEditionFactory(year=2021)
    assert board_client.get(reverse("interurps:report_version", args=[2021, 3])).status_code == 404
