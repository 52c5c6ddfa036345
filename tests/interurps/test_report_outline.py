"""The edition decides its outline: order, visibility and level of every part; sommaire and headings follow it."""

import pytest
from django.urls import reverse

from interurps.models import ReportEdition, ReportText
from interurps.report import registry
from interurps.report.assembly import assemble
from interurps.report.rendering import render_report_html
from tests.factories import FreeSectionFactory, ReportEditionFactory, ReportTextFactory

pytestmark = pytest.mark.django_db

BUILT = []


def fake_build(year):
    BUILT.append(year)
    return {"body": f"<p>Données {year}</p>"}


@pytest.fixture
def fake_sections(monkeypatch):
    monkeypatch.setattr(registry, "_sections", {})
    BUILT.clear()
    for key, title, order in [("sas", "SAS", 30), ("cpts", "CPTS", 50), ("pacte", "PACTE", 60)]:
        registry.register_section(
            key=key, title=title, order=order, build=f"{__name__}.fake_build", template="report/sections/free.html"
        )


def item_keys(report):
    return [item.key for item in report.items]


def test_without_an_outline_the_parts_follow_the_registry_each_section_before_its_perspectives(fake_sections):
    edition = ReportEditionFactory(year=2021, presidents_message="<p>Le mot.</p>")
    ReportTextFactory(edition=edition, section_key="cpts", kind=ReportText.Kind.PERSPECTIVES, body="<p>Suite.</p>")
    free = FreeSectionFactory(edition=edition, title="ORS")

    assert item_keys(assemble(2021)) == [
        "mot-des-presidents",
        "interurps",
        "sas",
        "cpts",
        "perspectives-cpts",
        "pacte",
        f"libre-{free.pk}",
    ]


def test_an_edition_places_the_cpts_perspectives_after_pacte_and_a_free_section_first(fake_sections):
    edition = ReportEditionFactory(year=2021)
    ReportTextFactory(edition=edition, section_key="cpts", kind=ReportText.Kind.PERSPECTIVES, body="<p>Suite.</p>")
    free = FreeSectionFactory(edition=edition, title="ORS")
    edition.outline = [
        {"key": f"libre-{free.pk}", "visible": True, "level": 1},
        {"key": "cpts", "visible": True, "level": 1},
        {"key": "pacte", "visible": True, "level": 1},
        {"key": "perspectives-cpts", "visible": True, "level": 1},
    ]
    edition.save()

    # Parts the outline does not name take their default place, after the part before them in the default order.
    assert item_keys(assemble(2021)) == ["interurps", "sas", f"libre-{free.pk}", "cpts", "pacte", "perspectives-cpts"]


def test_a_hidden_programme_is_neither_computed_nor_printed(fake_sections):
    ReportEditionFactory(year=2021, outline=[{"key": "sas", "visible": False, "level": 1}])

    report = assemble(2021)

    assert [section.key for section in report.sections] == ["cpts", "pacte"]
    assert len(BUILT) == 2
    assert "SAS" not in render_report_html(report)


def test_a_level_2_part_is_indented_in_the_sommaire_and_titled_within_its_chapter(fake_sections):
    ReportEditionFactory(year=2021, outline=[{"key": "cpts", "visible": True, "level": 2}])

    html = render_report_html(assemble(2021))

    assert '<li class="level-2">\n        <a href="#chapitre-cpts">CPTS</a>' in html
    assert '<h2 class="chapter-title">CPTS</h2>' in html
    assert '<h1 class="chapter-title">PACTE</h1>' in html


def test_the_edit_page_saves_the_outline_chosen(staff_client, fake_sections):
    data = {
        "title": "Rapport d'activité",
        "signataires-TOTAL_FORMS": "0",
        "signataires-INITIAL_FORMS": "0",
        "libres-TOTAL_FORMS": "0",
        "libres-INITIAL_FORMS": "0",
        "plan-pacte__order": "1",
        "plan-sas__visible": "0",
        "plan-cpts__level": "2",
        "plan-cpts__compare": "1",
    }

    response = staff_client.post(reverse("interurps:report_edit", args=[2021]), data)

    assert response.status_code == 302
    outline = ReportEdition.objects.get(year=2021).outline
    assert outline[0] == {"key": "pacte", "visible": True, "level": 1, "compare": False}
    assert {"key": "sas", "visible": False, "level": 1, "compare": False} in outline
    assert {"key": "cpts", "visible": True, "level": 2, "compare": True} in outline


def test_the_edit_page_offers_every_part_of_the_outline(staff_client, fake_sections):
    content = staff_client.get(reverse("interurps:report_edit", args=[2021])).content.decode()

    assert "Plan du rapport" in content
    assert "Perspectives CPTS 2022 – niveau" in content
    # Only a registered section's key figures can show the year before.
    assert "CPTS – comparer avec l&#x27;année précédente" in content
    assert "Perspectives CPTS 2022 – comparer" not in content
