"""French typography and the text layer of the 2021 report, read as a person copying it from the PDF would.

The demo data are loaded once for the module (the fixtures of `tests/test_demo.py`); the PDF is rendered once.
"""

import re
import shutil
import subprocess

import pytest

from interurps.pdf import render_document
from interurps.report.assembly import assemble
from interurps.report.rendering import PDF_VARIANT, render_report_html, render_report_pdf
from interurps.templatetags.fr_format import TAG
from tests.test_demo import YEAR, demo_db  # noqa: F401 (fixture)

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")

MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
# Words in capitals that are acronyms or the report's way of writing surnames (Jean CASSARD).
WORDS_ENDING_IN_S = {"fois", "mois", "avis", "accès", "cas", "temps", "plus", "sans", "dans", "sous", "vers"}


_CACHE = {}


@pytest.fixture
def rendered(demo_db):  # noqa: F811
    """The 2021 report's print HTML and PDF, rendered once for the module."""
    if "html" not in _CACHE:
        report = assemble(YEAR)
        _CACHE.update(html=render_report_html(report), pdf=render_report_pdf(report))
    return _CACHE


@pytest.fixture
def pdf_lines(rendered, tmp_path):
    path = tmp_path / "rapport.pdf"
    path.write_bytes(rendered["pdf"].content)
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return text.splitlines()


def words_of(lines):
    return " ".join(" ".join(lines).replace("\u202f", " ").replace("\u00a0", " ").split())


def test_no_line_of_the_pdf_starts_with_a_high_punctuation_mark_or_ends_on_an_opening_quote(pdf_lines):
    assert [line for line in pdf_lines if re.match(r"\s*[:;!?%»]", line)] == []
    assert [line for line in pdf_lines if line.rstrip().endswith("«")] == []


def test_the_html_of_the_report_has_no_breakable_space_before_high_punctuation_or_inside_quotes(rendered):
    text = "".join(part for index, part in enumerate(TAG.split(rendered["html"])) if index % 2 == 0)
    assert re.findall(r".{12}[ \t\r\n]+[:;!?%»]", text) == []
    assert re.findall(r"«[ \t\r\n].{12}", text) == []


def test_dates_in_running_text_say_1er_and_have_no_leading_zero(pdf_lines):
    text = words_of(pdf_lines)
    assert re.findall(rf"\b1 (?:{MONTHS})\b", text) == []
    assert re.findall(rf"\b0\d (?:{MONTHS})\b", text) == []
    assert "1er juin 2021" in text


def test_zero_and_one_take_the_singular(pdf_lines):
    text = words_of(pdf_lines)
    plurals = re.findall(r"(?<![\d,./])\b[01] ([a-zàâçéèêëîïôûù'-]+s)\b", text)
    assert [word for word in plurals if word not in WORDS_ENDING_IN_S] == []


def test_numbers_of_five_digits_or_more_are_grouped_by_thousands(pdf_lines):
    text = words_of(pdf_lines)
    assert re.findall(r"(?<![\d/])\d{5,}(?![\d/])", text) == []


def test_no_heading_or_sentence_is_written_in_capitals(pdf_lines):
    """Capitals are for acronyms and surnames: never three words in a row in capitals but acronyms."""
    acronyms = {"URPS", "URML", "CPTS", "SAS", "ARS", "ARM", "MRG", "OSNP", "SNP", "PACTE", "EHESP", "REPER", "ICOPE"}
    acronyms |= {"PDL", "GE", "CHU", "ARL", "MSP", "CPAM", "FIR", "ACI", "ORS", "GRADeS", "ADOPS", "DMP", "OMS"}
    runs = []
    for line in pdf_lines:
        run = []
        for word in re.findall(r"[\wÀ-ÿ'-]+", line) + [""]:
            if len(word) > 1 and word.isupper():
                run.append(word)
                continue
            if len(run) >= 3 and any(w not in acronyms for w in run) and sum(w not in acronyms for w in run) >= 3:
                runs.append(" ".join(run))
            run = []
    assert runs == []


def test_each_key_figure_extracts_with_its_label(pdf_lines):
    text = words_of(pdf_lines)
    for figure in ["11 conseils d'administration", "1 assemblée générale", "18 réunions de quintet"]:
        assert figure in text


def test_no_hyphenation_character_lands_inside_an_extracted_word(pdf_lines):
    """A word may break at its own hyphen (Maine-et-Loire), never at one the renderer adds."""
    assert [line for line in pdf_lines if re.search(r"[\u2010\u00ad]", line)] == []


def test_the_pdf_is_tagged_with_its_language_and_title(rendered, tmp_path):
    path = tmp_path / "rapport.pdf"
    path.write_bytes(rendered["pdf"].content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE)
    assert re.search(r"^Title:\s+Rapport d'activité 2021", info, re.MULTILINE)
    uncompressed = render_document(rendered["html"]).write_pdf(pdf_variant=PDF_VARIANT, uncompressed_pdf=True)
    assert re.search(rb"/Lang\s*\(fr\)", uncompressed)


def test_one_fact_is_printed_with_one_value(pdf_lines):
    text = words_of(pdf_lines)
    quintet = set(re.findall(r"(\d+) réunions? de quintet", text))
    grades = set(re.findall(r"(\d+) (?:échanges?|rencontres?) avec le GRADeS", text))
    grades |= set(re.findall(r"GRADeS[^:.]*: (\d+) rencontres?", text))
    assert (quintet, grades) == ({"18"}, {"5"})
    assert "environ 283 réunions sur l'année 2021" in text
    assert "257" not in text


@pytest.mark.parametrize("year", [2020, 2022])
def test_a_sparse_year_prints_no_zero_figure(demo_db, year):  # noqa: F811
    html = render_report_html(assemble(year))
    assert re.findall(r"<strong>0</strong>", html) == []
    assert re.findall(r"\b0\s+(?:conseil|réunion|rencontre|assemblée)", html) == []
