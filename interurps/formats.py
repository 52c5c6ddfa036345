"""File formats for imports and exports, as French offices write them.

Excel in France saves CSV with semicolons, in UTF-8 with a BOM or in Windows-1252;
both are read, and exports are written with semicolons and a BOM so Excel opens them
with the accents right.

Limits, checked before a file is parsed (here, so the staff import pages and the admin's import
share them): `IMPORT_MAX_BYTES` (the file, and for an .xlsx the sum of the uncompressed sizes of
its parts, read from the zip's directory before openpyxl opens it) and `IMPORT_MAX_ROWS` (rows
under the headers, counted while reading and refused at the first one over).

Exports are inert: a text cell that a spreadsheet would read as a formula (starting with
`= + - @`, a tab or a carriage return) is written with a leading `'` in CSV; in XLSX every text
cell is a string cell, never a formula.
"""

import csv
import io
import zipfile

import tablib
from django.conf import settings
from import_export.formats import base_formats

DEFAULT_MAX_ROWS = 20_000
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


class ImportFileError(ValueError):
    """A file that cannot be read; its message is shown to the user as it is (in French)."""


def max_rows():
    return getattr(settings, "IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS)


def max_bytes():
    return getattr(settings, "IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def megabytes(size):
    return f"{size / (1024 * 1024):.0f} Mo".replace(".", ",")


def check_size(size, what="Le fichier"):
    if size > max_bytes():
        raise ImportFileError(
            f"{what} est trop volumineux ({megabytes(size)}) : {megabytes(max_bytes())} au plus. "
            "Découpez-le en plusieurs fichiers."
        )


def too_many_rows_error():
    limit = f"{max_rows():,}".replace(",", "\u202f")
    return ImportFileError(
        f"Le fichier a plus de {limit} lignes : {limit} lignes au plus par import. Découpez-le en plusieurs fichiers."
    )


def check_xlsx_sizes(data):
    """Refuse a workbook whose parts would uncompress past the limit (a "zip bomb"), before opening it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as error:
        raise ImportFileError("Ce fichier n'est pas un classeur Excel (.xlsx) lisible.") from error
    check_size(total, "Le classeur, une fois décompressé,")


def neutralise(value):
    """A text cell that a spreadsheet would run as a formula, prefixed with `'` so it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def unneutralise(text):
    """The text of a cell that an export neutralised (`'=…`), as it was before."""
    if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


def decode_text(data):
    """Decode bytes written as UTF-8 (with or without BOM) or Windows-1252; refuse anything else."""
    if isinstance(data, str):
        return data
    if b"\x00" in data[:4096]:
        raise ImportFileError(
            "Encodage du fichier non reconnu (UTF-16 ou fichier binaire ?) : "
            "enregistrez-le en « CSV UTF-8 » ou « CSV (séparateur : point-virgule) »."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            "Encodage du fichier non reconnu : seuls UTF-8 et Windows-1252 (Excel) sont acceptés."
        ) from error


def detect_delimiter(text):
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") >= header.count(",") else ","


class FrenchCSV(base_formats.CSV):
    """CSV with `;` or `,`, UTF-8 (BOM or not) or Windows-1252. Reads bytes itself."""

    def get_title(self):
        return "csv"

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        check_size(len(in_stream))
        text = decode_text(in_stream)
        if not text.strip():
            raise ImportFileError("Le fichier est vide.")
        if text.count("\n") > 2 * (max_rows() + 1):
            raise too_many_rows_error()  # cheap first look; rows are counted exactly below
        limit = max_rows()
        rows = []
        for row in csv.reader(io.StringIO(text), delimiter=detect_delimiter(text)):
            if any(cell.strip() for cell in row):
                rows.append(row)
                if len(rows) > limit + 1:
                    raise too_many_rows_error()
        if not rows:
            raise ImportFileError("Le fichier est vide.")
        headers = [header.strip() for header in rows[0]]
        dataset = tablib.Dataset(headers=headers)
        for number, row in enumerate(rows[1:], start=2):
            if len(row) > len(headers):
                raise ImportFileError(
                    f"Ligne {number} : plus de colonnes ({len(row)}) que d'en-têtes ({len(headers)})."
                )
            dataset.append([cell.strip() for cell in row] + [""] * (len(headers) - len(row)))
        return dataset

    def export_data(self, dataset, **kwargs):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow([neutralise(header) for header in dataset.headers or []])
        for row in dataset:
            writer.writerow(["" if value is None else neutralise(value) for value in row])
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")


class XLSX(base_formats.XLSX):
    def create_dataset(self, in_stream):
        import openpyxl

        check_size(len(in_stream))
        check_xlsx_sizes(in_stream)
        try:
            workbook = openpyxl.load_workbook(io.BytesIO(in_stream), read_only=True, data_only=True)
            try:
                rows = workbook.active.iter_rows(values_only=True)
                headers = list(next(rows))
                dataset = tablib.Dataset(headers=headers)
                limit = max_rows()
                for values in rows:
                    if all(value is None for value in values):
                        continue
                    if len(dataset) >= limit:
                        raise too_many_rows_error()
                    values = list(values)[: len(headers)]
                    dataset.append(values + [None] * (len(headers) - len(values)))
            finally:
                workbook.close()
        except (zipfile.BadZipFile, KeyError, OSError, StopIteration, TypeError) as error:
            raise ImportFileError("Ce fichier n'est pas un classeur Excel (.xlsx) lisible.") from error
        return dataset

    def export_data(self, dataset, **kwargs):
        """Every cell written as a value, a text cell always as a string (never a formula)."""
        from openpyxl import Workbook
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        from openpyxl.styles import Font

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "Export"
        for row_number, row in enumerate([dataset.headers or [], *dataset], start=1):
            for column_number, value in enumerate(row, start=1):
                cell = sheet.cell(row=row_number, column=column_number)
                if isinstance(value, str):
                    cell.value = ILLEGAL_CHARACTERS_RE.sub("\N{REPLACEMENT CHARACTER}", value)
                    cell.data_type = "s"
                else:
                    cell.value = value
                if row_number == 1:
                    cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
