"""File formats for imports and exports, as French offices write them.

Excel in France saves CSV with semicolons, in UTF-8 with a BOM or in Windows-1252;
both are read, and exports are written with semicolons and a BOM so Excel opens them
with the accents right.
"""

import csv
import io

import tablib
from import_export.formats import base_formats


class ImportFileError(ValueError):
    """A file that cannot be read; its message is shown to the user as it is (in French)."""


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
        text = decode_text(in_stream)
        if not text.strip():
            raise ImportFileError("Le fichier est vide.")
        rows = list(csv.reader(io.StringIO(text), delimiter=detect_delimiter(text)))
        rows = [row for row in rows if any(cell.strip() for cell in row)]
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
        writer.writerow(dataset.headers or [])
        for row in dataset:
            writer.writerow(["" if value is None else value for value in row])
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")


class XLSX(base_formats.XLSX):
    def create_dataset(self, in_stream):
        import zipfile

        try:
            return super().create_dataset(in_stream)
        except (zipfile.BadZipFile, KeyError, OSError, StopIteration) as error:
            raise ImportFileError("Ce fichier n'est pas un classeur Excel (.xlsx) lisible.") from error
