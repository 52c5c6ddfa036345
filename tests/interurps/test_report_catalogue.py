"""Every figure a section prints is in the catalogue of live figures, and the demo texts cite only real figures.

Each registered section is rendered for the demo years (its template only, without the edition's texts); every
number of its text must be the value of a figure of that section in the catalogue. Dates, years and department
codes are not figures, nor a number that is part of a record's own wording (« Centre 15 », « Table ronde 1 »).
"""

import re
from decimal import Decimal
from html import unescape

import pytest
from django.conf import settings
from django.db.models import Model
from django.template import Context, Template
from django.utils.html import strip_tags

from interurps.report import demo_texts, figures, registry
from interurps.report.assembly import assemble
from tests.test_demo import demo_db  # noqa: F401 (fixture; `demo` is in conftest)

MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
DAY = r"\d{1,2}(?:er)?"
DATES = [
    re.compile(rf"{DAY}(?:\s+(?:{MONTHS}))?(?:\s*(?:et|au|-|–)\s*{DAY})?\s+(?:{MONTHS})(?:\s+\d{{4}})?"),
    re.compile(r"\d{2}/\d{2}/\d{4}"),
    re.compile(rf"(?:{MONTHS})\s+\d{{4}}", re.IGNORECASE),
    re.compile(r"\b(?:19|20)\d{2}\b"),
]
NUMBER = re.compile(r"\d+(?:[\u202f\u00a0 ]\d{3})*(?:,\d+)?")
WORDING_ATTRIBUTES = ("title", "name", "highlight_summary", "note", "summary", "label")


def record_wording(value, found):
    """The free text of the records a section's data hold: their titles, names and summaries."""
    if isinstance(value, str):
        if len(value) > 3:
            found.add(value)
    elif isinstance(value, dict):
        for item in value.values():
            record_wording(item, found)
    elif isinstance(value, (list, tuple)):
        for item in value:
            record_wording(item, found)
    elif isinstance(value, Model) or hasattr(value, "__dataclass_fields__"):
        found.add(str(value))
        for attribute in WORDING_ATTRIBUTES:
            text = getattr(value, attribute, None)
            if isinstance(text, str) and len(text) > 3:
                found.add(text)
    return found


def section_text(report, section):
    html = Template("{% load report_tags %}{% render_section section %}").render(
        Context({"report": report, "preview": False, "section": section})
    )
    html = re.sub(r"<(style|script)\b.*?</\1>", " ", html, flags=re.DOTALL)
    return " ".join(unescape(strip_tags(html.replace(">", "> "))).split())


def printed_numbers(text, wording):
    for words in sorted(wording, key=len, reverse=True):
        text = text.replace(" ".join(words.split()), " ")
    for pattern in DATES:
        text = pattern.sub(" ", text)
    codes = "|".join(settings.REGION_DEPARTMENTS)
    text = re.sub(rf"(?<![\d,]){codes}(?![\d,])", " ", text)
    return {as_decimal(found) for found in NUMBER.findall(text)}


def as_decimal(printed):
    """`1 398 077` → 1398077, `37,2` → 37.2."""
    whole, _, decimals = printed.partition(",")
    return Decimal(re.sub(r"\D", "", whole) + (f".{decimals}" if decimals else ""))


def catalogue_values(report, section_key):
    values = set()
    for key, figure in report.figures.items():
        if key.startswith(f"{section_key}."):
            values.add(as_decimal(figures.display(figure.value)))
    return values


@pytest.mark.parametrize("year", [2021, 2022])
def test_every_number_a_section_prints_is_a_figure_of_the_catalogue(demo_db, year):  # noqa: F811
    report = assemble(year)
    missing = {}
    for section in report.sections:
        if section.is_free:
            continue
        numbers = printed_numbers(section_text(report, section), record_wording(section.data, set()))
        absent = numbers - catalogue_values(report, section.key)
        if absent:
            missing[section.key] = sorted(absent)
    assert missing == {}


def test_the_catalogue_covers_every_registered_section(demo_db):  # noqa: F811
    report = assemble(2021)
    keys = {key.split(".")[0] for key in report.figures}
    assert {section.key for section in registry.sections()} <= keys


def test_the_demo_texts_cite_only_figures_of_the_2021_catalogue(demo_db):  # noqa: F811
    report = assemble(2021)
    cited = [key for _, _, path in demo_texts.text_files() for key in figures.references(path.read_text())]
    assert len(cited) > 15
    assert report.broken_figures == []
    assert [key for key in cited if key not in report.figures] == []


def test_the_demo_chapters_print_the_seeds_figures_from_the_records(demo_db):  # noqa: F811
    from interurps.report.rendering import render_report_html

    text = " ".join(unescape(strip_tags(render_report_html(assemble(2021)))).split()).replace("\u202f", " ")
    for sentence in [
        "Les 6 premiers mois, M. CASSARD a participé à",
        "16 rencontres en interne",
        "25 rencontres avec l'ARS concernant les points de synchronisation",
        "11 rencontres avec l'équipe de suivi SAS",
        "19 rencontres pour faire le lien avec les différentes URPS",
        "4 rencontres avec les URPS pour travailler sur les premières réflexions quant à un SAS pédiatrie",
        "la participation à 6 webinaires de formation",
        "5 échanges avec le GRADeS",
        "par le biais de 2 formateurs relais InterURPS",
        "environ 283 réunions sur l'année 2021",
        "Huit unions de l'InterURPS",
        "Des élus des huit URPS ont participé à 30 réunions en 2021",
        "deux projets ont été proposés pour les Pays de la Loire",
        "Il y a eu 18 réunions de quintet en 2021",
        "L'équipe CPTS, composée de deux chargées de mission",
    ]:
        assert sentence in text
    # What the texts say, the section's own template does not repeat.
    assert "rencontres SAS en 2021, dont" not in text
    assert text.count("réunions de quintet") == 1
