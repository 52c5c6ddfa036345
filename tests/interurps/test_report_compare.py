"""Year N beside N-1: the key figures of a section that compares, and the comparison page (years and versions)."""

import re

import pytest
from django.urls import reverse

from interurps.models import ReportText
from interurps.report import registry, services
from interurps.report.assembly import assemble
from interurps.report.rendering import RenderedPDF, render_report_html
from tests.factories import ReportEditionFactory, ReportTextFactory, UserFactory

pytestmark = pytest.mark.django_db

BOARD_MEETINGS = {2019: 4, 2020: 9, 2021: 11}


def fake_build(year):
    return {"board_meeting_count": BOARD_MEETINGS.get(year, 0), "general_assemblies": [], "partners": ["ARS"]}


@pytest.fixture
def fake_section(monkeypatch):
    monkeypatch.setattr(registry, "_sections", {})
    registry.register_section(
        key="association",
        title="Vie de l'union",
        order=10,
        build=f"{__name__}.fake_build",
        template="report/sections/association.html",
    )


def page(client, url):
    """The page's HTML without the whitespace around its tags."""
    return re.sub(r"\s*(<[^>]+>)\s*", r"\1", client.get(url).content.decode())


def compared_edition(year=2021):
    return ReportEditionFactory(
        year=year, outline=[{"key": "association", "visible": True, "level": 1, "compare": True}]
    )


def test_a_section_that_compares_shows_the_previous_years_value_and_the_change(fake_section):
    compared_edition()

    html = render_report_html(assemble(2021))

    assert '<span class="figure-previous">9 en 2020, <span class="figure-change">+2</span></span>' in html


def test_an_unchanged_figure_says_so_without_a_plus_zero(fake_section, monkeypatch):
    monkeypatch.setitem(BOARD_MEETINGS, 2020, 11)
    compared_edition()

    html = render_report_html(assemble(2021))

    assert '<span class="figure-previous">comme en 2020</span>' in html
    assert "+0" not in html


def test_a_section_that_does_not_compare_shows_its_year_only(fake_section):
    ReportEditionFactory(year=2021)

    html = render_report_html(assemble(2021))

    assert "figure-previous" not in html
    assert assemble(2021).figures["association.board_meeting_count"].previous is None


def test_the_preview_shows_the_previous_year_too(fake_section, board_client):
    compared_edition()

    content = board_client.get(reverse("interurps:report", args=[2021])).content.decode()

    assert "9 en 2020" in content


def test_the_comparison_page_puts_the_whole_catalogue_of_two_years_side_by_side(fake_section, board_client):
    content = page(board_client, reverse("interurps:report_compare", args=[2021]))

    assert "Les chiffres de 2021 et de 2020" in content
    assert "<code>[[association.board_meeting_count]]</code>" in content
    assert '<td class="number">9</td>' in content and '<td class="number">11</td>' in content
    assert '<td class="number">+2</td>' in content
    # An unchanged figure (one partner each year) shows no change at all.
    assert "<code>[[association.partners.nombre]]</code>" in content
    assert "+0" not in content
    assert "3 chiffres du catalogue, dont 1 qui change entre 2020 et 2021" in content


def test_the_comparison_page_compares_with_the_year_chosen(fake_section, staff_client):
    content = page(staff_client, reverse("interurps:report_compare", args=[2021]) + "?avec=2019")

    assert "Les chiffres de 2021 et de 2019" in content
    assert '<td class="number">+7</td>' in content


def test_a_bad_year_to_compare_with_gets_a_french_message(fake_section, staff_client):
    response = staff_client.get(reverse("interurps:report_compare", args=[2021]) + "?avec=hier")

    content = response.content.decode()
    assert response.status_code == 200
    assert "« hier » n&#x27;est pas une année entre 2000 et 2100." in content
    assert "Les chiffres de 2021 et de 2020" in content


@pytest.fixture
def stub_renderer(monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(services, "render_report_pdf", lambda report: RenderedPDF(content=b"%PDF-stub", page_count=3))


def test_two_published_versions_show_which_figures_and_texts_changed(
    fake_section, stub_renderer, board_client, monkeypatch
):
    edition = ReportEditionFactory(year=2021)
    text = ReportTextFactory(
        edition=edition,
        section_key="association",
        kind=ReportText.Kind.INTRODUCTION,
        body="<p>[[association.board_meeting_count]] conseils.</p>",
    )
    services.publish(edition, by=UserFactory())
    monkeypatch.setitem(BOARD_MEETINGS, 2021, 12)  # a board meeting recorded late
    text.body = "<p>[[association.board_meeting_count]] conseils d'administration.</p>"
    text.save()
    services.publish(edition, by=UserFactory())

    content = page(board_client, reverse("interurps:report_compare", args=[2021]))

    assert "Deux versions publiées du rapport 2021" in content
    assert "Vie de l&#x27;union ·<code>[[association.board_meeting_count]]</code>" in content
    assert '<td class="number">+1</td>' in content
    assert "Vie de l&#x27;union – introduction" in content
    assert "<p>11 conseils.</p>" in content
    assert "<p>12 conseils d&#x27;administration.</p>" in content
    # The unchanged figure is not listed among the changes of the versions.
    assert content.count("[[association.partners.nombre]]") == 1


def test_a_version_without_a_snapshot_is_named_with_its_pdf_only(fake_section, stub_renderer, staff_client):
    edition = ReportEditionFactory(year=2021)
    first = services.publish(edition, by=UserFactory())
    first.file.storage.delete(f"{first.file.name}.json")
    services.publish(edition, by=UserFactory())

    content = page(staff_client, reverse("interurps:report_compare", args=[2021]))

    assert "La version 1 a été publiée avant que les versions gardent leurs chiffres et leurs textes" in content
