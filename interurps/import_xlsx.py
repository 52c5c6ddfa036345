"""A workbook's active sheet read for the staff imports, several times faster than openpyxl's reader.

openpyxl opens the workbook (its sheets, styles, shared strings, date system) as usual; only the cells
of the sheet, where the time goes on a file of 20 000 rows, are read here, with the C parser of the
standard library (expat), by the rules of openpyxl's own reader (`openpyxl.worksheet._reader`): shared
and inline strings, numbers (whole or not), booleans, errors, ISO dates, and numbers whose style is a
date format turned into dates, times or durations. The values are those `iter_rows(values_only=True)`
gives (a test compares them on the same files). The checks before parsing (file and uncompressed
sizes) and the row cap are those of `interurps.formats.XLSX`.
"""

import io
import zipfile
from xml.parsers import expat

import tablib
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import from_excel, from_ISO8601

from interurps.formats import XLSX, ImportFileError, check_size, check_xlsx_sizes, max_rows, too_many_rows_error

CHUNK = 1 << 16


def cast_number(text):
    """As openpyxl: a float when the text has a decimal point or an exponent, else an int."""
    if "." in text or "E" in text or "e" in text:
        return float(text)
    return int(text)


def column_of(reference):
    letters = reference.rstrip("0123456789")
    return column_index_from_string(letters) if letters else None


class SheetReader:
    """The rows of one worksheet's XML, each a list of values from column A to its last cell."""

    def __init__(self, shared_strings, epoch, date_formats, timedelta_formats):
        self.shared_strings = shared_strings
        self.epoch = epoch
        self.date_formats = date_formats
        self.timedelta_formats = timedelta_formats
        self.rows = []
        self.row = None
        self.cell = None  # (column, type, style) of the cell being read
        self.text = None  # the texts of its <v> or inline <t>, or None when not in one
        self.value_text = None
        self.inline = []
        self.saw_inline = False
        self.in_inline = False
        self.in_phonetic = False
        self.column = 0
        self.width = 0  # the sheet's width as its <dimension> tells it: every row is as wide, as openpyxl gives it

    def parse(self, source):
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.characters
        while True:
            chunk = source.read(CHUNK)
            if not chunk:
                break
            parser.Parse(chunk, False)
            yield from self.rows
            self.rows = []
        parser.Parse(b"", True)
        yield from self.rows
        self.rows = []

    @staticmethod
    def local(name):
        return name.rpartition(" ")[2].rpartition(":")[2]

    def start(self, name, attributes):
        tag = self.local(name)
        if tag == "dimension":
            reference = dict(attributes).get("ref", "").rpartition(":")[2]
            self.width = (column_of(reference) or 0) if reference else 0
        elif tag == "row":
            self.row = {}
            self.column = 0
        elif tag == "c" and self.row is not None:
            attributes = {self.local(key): value for key, value in attributes.items()}
            reference = attributes.get("r")
            column = column_of(reference) if reference else None
            self.column = column if column else self.column + 1
            style = attributes.get("s")
            self.cell = (self.column, attributes.get("t", "n"), int(style) if style else 0)
            self.value_text = None
            self.inline = []
            self.saw_inline = False
        elif self.cell is not None:
            if tag == "v":
                self.text = []
            elif tag == "is":
                self.in_inline = self.saw_inline = True
            elif tag == "rPh":
                self.in_phonetic = True
            elif tag == "t" and self.in_inline and not self.in_phonetic:
                self.text = []

    def characters(self, data):
        if self.text is not None:
            self.text.append(data)

    def end(self, name):
        tag = self.local(name)
        if tag == "v" and self.text is not None:
            self.value_text = "".join(self.text)
            self.text = None
        elif tag == "t" and self.text is not None:
            self.inline.append("".join(self.text))
            self.text = None
        elif tag == "rPh":
            self.in_phonetic = False
        elif tag == "is":
            self.in_inline = False
        elif tag == "c" and self.cell is not None:
            column, data_type, style = self.cell
            self.row[column] = self.value(data_type, style)
            self.cell = None
        elif tag == "row" and self.row is not None:
            width = max(self.width, max(self.row, default=0))
            self.rows.append([self.row.get(column) for column in range(1, width + 1)])
            self.row = None

    def value(self, data_type, style):
        if data_type == "inlineStr":
            return "".join(self.inline) if self.saw_inline else None
        text = self.value_text or None
        if text is None:
            return None
        if data_type == "n":
            number = cast_number(text)
            if style in self.date_formats:
                try:
                    return from_excel(number, self.epoch, timedelta=style in self.timedelta_formats)
                except (OverflowError, ValueError):
                    return "#VALUE!"
            return number
        if data_type == "s":
            return self.shared_strings[int(text)]
        if data_type == "b":
            return bool(int(text))
        if data_type == "d":
            return from_ISO8601(text)
        return text  # "str" (a formula's text result), "e" (an error such as #N/A)


def active_sheet_rows(workbook):
    """The rows of the active sheet of a workbook opened by openpyxl in read-only mode."""
    sheet = workbook.active
    reader = SheetReader(
        sheet._shared_strings,
        workbook.epoch,
        workbook._date_formats,
        workbook._timedelta_formats,
    )
    with sheet._get_source() as source:
        yield from reader.parse(source)


class FastXLSX(XLSX):
    """`interurps.formats.XLSX` for reading, with the sheet's cells read by `SheetReader`."""

    def create_dataset(self, in_stream):
        import openpyxl  # noqa: PLC0415 (as the format it replaces: only when a workbook is read)

        check_size(len(in_stream))
        check_xlsx_sizes(in_stream)
        try:
            workbook = openpyxl.load_workbook(io.BytesIO(in_stream), read_only=True, data_only=True)
            try:
                rows = active_sheet_rows(workbook)
                headers = list(next(rows))
                dataset = tablib.Dataset(headers=headers)
                limit = max_rows()
                width = len(headers)
                for values in rows:
                    if all(value is None for value in values):
                        continue
                    if len(dataset) >= limit:
                        raise too_many_rows_error()
                    values = values[:width]
                    dataset.append(values + [None] * (width - len(values)))
            finally:
                workbook.close()
        except (zipfile.BadZipFile, KeyError, OSError, StopIteration, TypeError, expat.ExpatError) as error:
            raise ImportFileError("Ce fichier n'est pas un classeur Excel (.xlsx) lisible.") from error
        return dataset
