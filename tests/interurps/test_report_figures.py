"""Live figures in the edition's prose, and what the preview lists before publishing."""

import pytest
from django.urls import reverse

from interurps.models import ReportText
from interurps.report import registry
from interurps.report.assembly import assemble
from interurps.report.checklist import missing_before_publishing
from interurps.report.figures import in_words
from interurps.report.rendering import render_report_html
from tests.factories import ReportEditionFactory, ReportTextFactory

pytestmark = pytest.mark.django_db


def fake_build(year):
    return {"body": "", "meeting_total": 16, "partners": ["ARS", "CHU"], "has_map": True}


@pytest.fixture
def fake_section(monkeypatch):
    monkeypatch.setattr(registry, "_sections", {})
    registry.register_section(
        key="sas", title="SAS", order=30, build=f"{__name__}.fake_build", template="report/sections/free.html"
    )


def test_the_catalogue_holds_every_number_and_list_length_a_section_prints(fake_section):
    figures = assemble(2021).figures

    assert {key: figure.value for key, figure in figures.items()} == {"sas.meeting_total": 16, "sas.partners.nombre": 2}


def test_a_reference_prints_the_value_of_the_editions_year(fake_section):
    edition = ReportEditionFactory(year=2021)
    body = "<p>M. CASSARD a participé à [[sas.meeting_total]] rencontres.</p>"
    ReportTextFactory(edition=edition, section_key="sas", kind=ReportText.Kind.INTRODUCTION, body=body)

    html = render_report_html(assemble(2021))

    assert "M. CASSARD a participé à 16 rencontres." in html
    assert "[[" not in html


def test_an_unknown_reference_is_shown_in_the_preview_and_listed_before_publishing(fake_section, board_client):
    edition = ReportEditionFactory(year=2021, presentation="<p>[[sas.inconnu]] rencontres</p>")

    content = board_client.get(reverse("interurps:report", args=[2021])).content.decode()

    assert '<mark class="broken-figure">[[sas.inconnu]] (chiffre inconnu)</mark>' in content
    assert "Le chiffre [[sas.inconnu]] n&#x27;existe pas dans le catalogue de 2021" in content
    assert edition.versions.count() == 0


def test_an_unknown_reference_blocks_publishing(fake_section, staff_client):
    edition = ReportEditionFactory(year=2021, presentation="<p>[[sas.inconnu]]</p>")

    response = staff_client.post(reverse("interurps:report_publish", args=[2021]), follow=True)

    assert "Rapport non publié : chiffre inconnu dans les textes ([[sas.inconnu]])." in response.content.decode()
    assert edition.versions.count() == 0


def test_the_editor_offers_the_catalogue_with_current_values(fake_section, staff_client):
    content = staff_client.get(reverse("interurps:report_edit", args=[2021])).content.decode()

    assert "<code>[[sas.meeting_total]]</code>" in content
    assert "<td>16</td>" in content


def test_the_checklist_names_the_missing_texts_and_the_sections_without_data(fake_section, monkeypatch):
    monkeypatch.setitem(globals(), "fake_build", lambda year: {"meeting_total": 0})
    missing = missing_before_publishing(assemble(2021))

    assert "Le mot des présidents n'est pas rédigé." in missing
    assert "SAS : l'introduction n'est pas rédigée." in missing


def test_a_reference_may_write_a_small_number_in_words(fake_section):
    edition = ReportEditionFactory(year=2021)
    body = (
        "<p>[[sas.partners.nombre:Lettres]] partenaires, [[sas.partners.nombre:lettres]] en tout,"
        " [[sas.meeting_total:lettres]] rencontres.</p>"
    )
    ReportTextFactory(edition=edition, section_key="sas", kind=ReportText.Kind.INTRODUCTION, body=body)

    html = render_report_html(assemble(2021))

    assert "Deux partenaires, deux en tout, seize rencontres." in html
    assert assemble(2021).broken_figures == []
    # Beyond seize, and for a share, the number stays in digits.
    assert (in_words(17), in_words(16), in_words(37.5)) == ("17", "seize", "37,5")
