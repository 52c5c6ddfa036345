"""Assembling a year's report: registered sections in order, the edition's texts, the free sections last."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interurps.models import ReportEdition, ReportText
from interurps.report import registry
from interurps.report.assembly import assemble
from tests.factories import (
    FreeSectionFactory,
    MeetingFactory,
    ReportEditionFactory,
    ReportSignatoryFactory,
    ReportTextFactory,
    StaffMemberFactory,
    category,
)

pytestmark = pytest.mark.django_db


def fake_build(year):
    return {"body": f"<p>Données {year}</p>"}


@pytest.fixture
def fake_sections(monkeypatch):
    """Replace the registered sections by three fake ones, registered out of order."""
    monkeypatch.setattr(registry, "_sections", {})
    for key, order in [("c", 30), ("a", 10), ("b", 20)]:
        registry.register_section(
            key=key,
            title=key.upper(),
            order=order,
            build=f"{__name__}.fake_build",
            template="report/sections/free.html",
        )


@pytest.fixture
def no_sections(monkeypatch):
    monkeypatch.setattr(registry, "_sections", {})


def keys(report):
    return [section.key for section in report.sections]


def test_sections_come_in_the_registered_order(fake_sections):
    assert keys(assemble(2021)) == ["a", "b", "c"]


def test_each_section_is_built_for_the_year(fake_sections):
    assert assemble(2021).sections[0].data == {"body": "<p>Données 2021</p>"}


def test_free_sections_come_after_the_registered_ones_in_their_order(fake_sections):
    edition = ReportEditionFactory(year=2021)
    seminar = FreeSectionFactory(edition=edition, title="Séminaire", order=3)
    ors = FreeSectionFactory(edition=edition, title="ORS", order=1)
    report = assemble(2021)
    assert keys(report) == ["a", "b", "c", f"libre-{ors.pk}", f"libre-{seminar.pk}"]
    assert [section.is_free for section in report.sections] == [False, False, False, True, True]


def test_a_sections_introduction_and_perspectives_come_from_the_edition(fake_sections):
    edition = ReportEditionFactory(year=2021)
    ReportTextFactory(edition=edition, section_key="b", kind=ReportText.Kind.INTRODUCTION, body="<p>Intro B</p>")
    ReportTextFactory(edition=edition, section_key="b", kind=ReportText.Kind.PERSPECTIVES, body="<p>Persp B</p>")
    section_b = assemble(2021).sections[1]
    assert (section_b.introduction, section_b.perspectives) == ("<p>Intro B</p>", "<p>Persp B</p>")


def test_another_years_texts_are_not_used(fake_sections):
    ReportTextFactory(edition=ReportEditionFactory(year=2020), section_key="a", body="<p>2020</p>")
    assert assemble(2021).sections[0].introduction == ""


def test_a_year_without_edition_is_assembled_from_an_unsaved_empty_one(fake_sections):
    report = assemble(2022)
    assert report.edition.pk is None
    assert report.edition.year == 2022
    assert report.signatories == []
    assert keys(report) == ["a", "b", "c"]
    assert not ReportEdition.objects.exists()


def test_nothing_registered_still_assembles_the_edition(no_sections):
    edition = ReportEditionFactory(year=2021)
    FreeSectionFactory(edition=edition, title="ORS")
    report = assemble(2021)
    assert [section.title for section in report.sections] == ["ORS"]


def test_signatories_come_in_their_order():
    edition = ReportEditionFactory(year=2021)
    second = ReportSignatoryFactory(edition=edition, name="Jean-Baptiste CAILLARD", order=2)
    first = ReportSignatoryFactory(edition=edition, name="Elsa BENARD", order=1)
    assert assemble(2021).signatories == [first, second]


def test_the_unions_are_the_ten_urps():
    assert len(assemble(2021).unions) == 10


def test_the_core_sections_are_registered_at_their_orders():
    orders = {section.key: section.order for section in registry.sections()}
    assert (orders["association"], orders["financement"], orders["reunions"]) == (10, 20, 70)


def make_data(size, start=0):
    edition = ReportEditionFactory(year=2021)
    for index in range(start, start + size):
        ReportSignatoryFactory(edition=edition, order=index)
        FreeSectionFactory(edition=edition, order=index)
        ReportTextFactory(edition=edition, section_key=f"section-{index}")
        MeetingFactory(date=datetime.date(2021, 5, 1 + index % 28), category=category("cpts", "Journée régionale"))
        StaffMemberFactory()


def test_assembly_queries_do_not_grow_with_the_records(django_assert_num_queries):
    make_data(2)
    with CaptureQueriesContext(connection) as few:
        assemble(2021)
    make_data(12, start=2)
    with django_assert_num_queries(len(few.captured_queries)):
        assemble(2021)
