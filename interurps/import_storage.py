"""Where an uploaded file waits between its preview and the confirmed import.

A folder of its own (`IMPORT_TMP_DIR`, by default `interurps-imports` in the system's temporary
folder) so that abandoned previews can be found and deleted: every import (staff pages and admin)
deletes the files older than `IMPORT_PENDING_MAX_AGE` seconds (two hours by default), and
`manage.py cleanup_imports`, run daily by cron, deletes them even when no one imports.
"""

import datetime
import decimal
import json
import os
import tempfile
import time
import uuid

import tablib
from django.conf import settings
from import_export.tmp_storages import TempFolderStorage

DEFAULT_MAX_AGE = 2 * 60 * 60


def pending_dir():
    folder = getattr(settings, "IMPORT_TMP_DIR", None) or os.path.join(tempfile.gettempdir(), "interurps-imports")
    os.makedirs(folder, mode=0o700, exist_ok=True)
    return folder


def max_age():
    return getattr(settings, "IMPORT_PENDING_MAX_AGE", DEFAULT_MAX_AGE)


def delete_abandoned(now=None):
    """Delete the waiting files older than the maximum age; returns how many were deleted."""
    limit = (now if now is not None else time.time()) - max_age()
    deleted = 0
    folder = pending_dir()
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        try:
            if os.path.isfile(path) and os.path.getmtime(path) < limit:
                os.remove(path)
                deleted += 1
        except FileNotFoundError:
            continue  # deleted meanwhile by another request
    return deleted


class PendingImportStorage(TempFolderStorage):
    """django-import-export's temporary folder storage, in our own folder, with names we choose."""

    def get_full_path(self):
        name = os.path.basename(self.name)  # a name comes back from a form: never a path
        return os.path.join(pending_dir(), name)

    def save(self, data):
        with self._open(mode="wb" if isinstance(data, bytes) else "w") as file:
            file.write(data)

    def _open(self, mode="r"):
        if not self.name:
            delete_abandoned()
            self.name = f"{uuid.uuid4().hex}.upload"
        return open(self.get_full_path(), mode, encoding=None if "b" in mode else self.encoding)


# --- the previewed file, kept as read ------------------------------------------------------

# The preview keeps the rows it read (JSON, its cells typed) rather than the uploaded file: the
# confirmation reads them back in a fraction of the time that parsing a large workbook again takes.
DATASET_FORMAT = "dataset-json"


def _encode_cell(value):
    if isinstance(value, datetime.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    if isinstance(value, datetime.time):
        return {"time": value.isoformat()}
    if isinstance(value, decimal.Decimal):
        return {"decimal": str(value)}
    return str(value)


def _decode_cell(value):
    if not isinstance(value, dict):
        return value
    ((kind, text),) = value.items()
    if kind == "datetime":
        return datetime.datetime.fromisoformat(text)
    if kind == "date":
        return datetime.date.fromisoformat(text)
    if kind == "time":
        return datetime.time.fromisoformat(text)
    return decimal.Decimal(text)


def dump_dataset(dataset):
    """The headers and rows of a dataset as JSON bytes (dates, times and decimals keep their type)."""
    return json.dumps({"headers": list(dataset.headers or []), "rows": list(dataset)}, default=_encode_cell).encode()


def load_dataset(data):
    """The dataset `dump_dataset` wrote."""
    content = json.loads(data)
    dataset = tablib.Dataset(headers=content["headers"])
    for row in content["rows"]:
        dataset.append([_decode_cell(value) for value in row])
    return dataset
