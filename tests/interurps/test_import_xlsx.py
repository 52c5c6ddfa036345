"""The fast reader of the imports gives the values openpyxl's own reader gives, on the same workbooks."""

import datetime
import io

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interurps.formats import XLSX, ImportFileError
from interurps.import_xlsx import FastXLSX


def workbook_bytes(rows, formats=None, inline=None):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for reference, number_format in (formats or {}).items():
        sheet[reference].number_format = number_format
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def both(data):
    fast, slow = FastXLSX().create_dataset(data), XLSX().create_dataset(data)
    return (fast.headers, list(fast)), (slow.headers, list(slow))


def test_typed_cells_read_as_openpyxl_reads_them():
    data = workbook_bytes(
        [
            ["date", "heure", "moment", "nombre", "décimal", "oui", "texte", "formule", "vide"],
            [
                datetime.date(2021, 3, 12),
                datetime.time(14, 30),
                datetime.datetime(2021, 3, 12, 9, 5),  # noqa: DTZ001 (a spreadsheet's moment has no zone)
                44,
                2.5,
                True,
                "Réunion « CPTS »",
                "=1+1",
                None,
            ],
            [None, None, None, None, None, False, "  espaces  ", "=A2", None],
            [None] * 9,
            ["12/03/2021", "14h30", "", 0, -1.25e-7, None, '=HYPERLINK("x")', None, "dernière"],
        ],
        formats={"D2": "0.00", "E2": "0%"},
    )
    fast, slow = both(data)
    assert fast == slow
    assert fast[1][0][:3] == (
        datetime.datetime(2021, 3, 12),  # noqa: DTZ001 (a spreadsheet's date is read as a moment without zone)
        datetime.time(14, 30),
        datetime.datetime(2021, 3, 12, 9, 5),  # noqa: DTZ001
    )


def test_a_sheet_with_gaps_and_a_short_header_reads_as_openpyxl_reads_it():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"], sheet["C1"] = "date", "intitulé"
    sheet["A3"], sheet["C3"], sheet["E3"] = "04/01/2021", "Réunion", "au-delà des en-têtes"
    sheet["B7"] = "seule"
    buffer = io.BytesIO()
    book.save(buffer)
    fast, slow = both(buffer.getvalue())
    assert fast == slow


def test_the_row_cap_and_unreadable_files_are_refused_as_by_the_other_reader(settings):
    settings.IMPORT_MAX_ROWS = 2
    with pytest.raises(ImportFileError, match="plus de 2 lignes"):
        FastXLSX().create_dataset(workbook_bytes([["a"], [1], [2], [3]]))
    with pytest.raises(ImportFileError, match="pas un classeur"):
        FastXLSX().create_dataset(b"PK\x03\x04 pas un zip")


cells = st.one_of(
    st.none(),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=20),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.dates(datetime.date(1901, 1, 1), datetime.date(2099, 12, 31)),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(cells, min_size=1, max_size=6), min_size=2, max_size=8))
def test_any_workbook_reads_as_openpyxl_reads_it(rows):
    rows = [["a", "b", "c", "d", "e", "f"], *rows]
    fast, slow = both(workbook_bytes(rows))
    assert fast == slow
