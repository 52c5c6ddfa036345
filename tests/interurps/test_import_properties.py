"""Property-based tests (hypothesis) of the import parsers and cleaners: dates, numbers, names, cells.

Derandomised, so a run is reproducible: the examples are the same at each run.
"""

import csv
import datetime
import io

import pytest
import tablib
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from cpts.resources import PopulationWidget
from interurps.formats import FORMULA_TRIGGERS, XLSX, FrenchCSV, ImportFileError, neutralise
from interurps.resources.base import (
    FrenchDateWidget,
    FrenchTimeWidget,
    YesNoWidget,
    cell_text,
    simplify,
    suggestions,
)
from sas.resources import CountWidget

PROPERTY = hypothesis_settings(derandomize=True, database=None, deadline=None, max_examples=150)

# Text a person can type in a cell: no control characters (a CSV with NUL is refused as binary).
typed_text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)
cell_values = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30)
dates = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 12, 31))


# --- dates and times ---------------------------------------------------------------------------


@PROPERTY
@given(dates)
def test_a_date_written_by_the_export_reads_back(date):
    widget = FrenchDateWidget()
    assert widget.clean(widget.render(date)) == date


@PROPERTY
@given(dates)
def test_an_iso_date_reads_as_the_same_date(date):
    assert FrenchDateWidget().clean(date.isoformat()) == date


@PROPERTY
@given(typed_text)
def test_any_date_cell_is_a_date_empty_or_a_french_error(text):
    try:
        value = FrenchDateWidget().clean(text)
    except ValueError as error:
        assert str(error).startswith("Date invalide")
    else:
        assert value is None or isinstance(value, datetime.date)


@PROPERTY
@given(st.times())
def test_a_time_written_hh_mm_or_with_h_reads_back_to_the_minute(time):
    minute = time.replace(second=0, microsecond=0)
    widget = FrenchTimeWidget()
    assert widget.clean(widget.render(time)) == minute
    assert widget.clean(time.strftime("%Hh%M")) == minute


@PROPERTY
@given(typed_text)
def test_any_time_cell_is_a_time_empty_or_a_french_error(text):
    try:
        value = FrenchTimeWidget().clean(text)
    except ValueError as error:
        assert str(error).startswith("Heure invalide")
    else:
        assert value is None or isinstance(value, datetime.time)


# --- numbers and yes/no ------------------------------------------------------------------------


@PROPERTY
@given(st.integers(min_value=0, max_value=10**8), st.sampled_from(["", " ", "\u202f", "\u00a0", "."]))
def test_a_population_reads_with_any_thousands_separator(number, separator):
    written = f"{number:,}".replace(",", separator)
    assert PopulationWidget().clean(written) == number


@PROPERTY
@given(typed_text)
def test_any_population_cell_is_a_number_empty_or_a_french_error(text):
    try:
        value = PopulationWidget().clean(text)
    except ValueError as error:
        assert str(error).startswith("Population invalide")
    else:
        assert value is None or (isinstance(value, int) and value >= 0)


@PROPERTY
@given(typed_text)
def test_any_count_cell_is_an_integer_empty_or_a_french_error(text):
    try:
        value = CountWidget().clean(text)
    except ValueError as error:
        assert str(error).startswith("Nombre entier attendu")
    else:
        assert value is None or isinstance(value, int)


@PROPERTY
@given(typed_text)
def test_any_yes_no_cell_is_a_boolean_or_a_french_error(text):
    try:
        value = YesNoWidget().clean(text)
    except ValueError as error:
        assert str(error).startswith("Valeur non reconnue")
    else:
        assert isinstance(value, bool)


# --- names and cells ---------------------------------------------------------------------------


@PROPERTY
@given(typed_text)
def test_simplify_is_idempotent(text):
    assert simplify(simplify(text)) == simplify(text)


@PROPERTY
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèêëàâäîïôöùûüçœ '’-…", max_size=30))
def test_simplify_ignores_case_accents_and_typography_of_french_words(text):
    plain = text.replace("’", "'").replace("…", "...")
    assert simplify(text.upper()) == simplify(text) == simplify(plain)
    assert simplify(text).isascii()


@PROPERTY
@given(st.lists(st.text(alphabet="abcdefghij ", min_size=3, max_size=12), min_size=1, max_size=8), st.data())
def test_a_known_name_is_its_own_first_suggestion(names, data):
    name = data.draw(st.sampled_from(names))
    if simplify(name):
        assert simplify(suggestions(name, names)[0]) == simplify(name)


@PROPERTY
@given(typed_text)
def test_cell_text_is_idempotent(text):
    assert cell_text(cell_text(text)) == cell_text(text)


@PROPERTY
@given(cell_values)
def test_a_neutralised_cell_never_starts_a_formula(text):
    assert not str(neutralise(text)).startswith(FORMULA_TRIGGERS)


@PROPERTY
@given(st.lists(st.lists(cell_values, min_size=2, max_size=2), min_size=1, max_size=5))
def test_every_csv_cell_exported_reads_back_as_it_was(rows):
    """The export neutralises formula triggers and the import undoes it: nothing is lost or changed."""
    content = FrenchCSV().export_data(tablib.Dataset(*rows, headers=["a", "b"]))
    exported = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))[1:]
    assert all(not cell.startswith(FORMULA_TRIGGERS) for row in exported for cell in row)
    expected = [[cell_text(cell) for cell in row] for row in rows if any(cell.strip() for cell in row)]
    try:
        dataset = FrenchCSV().create_dataset(content)
    except ImportFileError:
        assert not expected  # only blank rows: "Le fichier est vide" is not raised (headers), never else
        return
    assert [[cell_text(cell) for cell in row] for row in dataset] == expected


@PROPERTY
@given(st.lists(typed_text, min_size=1, max_size=5))
def test_every_xlsx_text_cell_is_a_string_and_reads_back(values):
    content = XLSX().export_data(tablib.Dataset(*[[value] for value in values], headers=["a"]))
    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type == "s" for cell in cells if cell.value is not None)
    assert [cell.value or "" for cell in cells] == values[: len(cells)]


@pytest.mark.parametrize("trigger", ["=", "+", "-", "@", "\t", "\r"])
def test_each_formula_trigger_is_neutralised(trigger):
    assert neutralise(trigger + "1") == "'" + trigger + "1"
