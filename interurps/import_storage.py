"""Where an uploaded file waits between its preview and the confirmed import.

A folder of its own (`IMPORT_TMP_DIR`, by default `interurps-imports` in the system's temporary
folder) so that abandoned previews can be found and deleted: every import (staff pages and admin)
deletes the files older than `IMPORT_PENDING_MAX_AGE` seconds (two hours by default), and
`manage.py cleanup_imports`, run daily by cron, deletes them even when no one imports.
"""

import os
import tempfile
import time
import uuid

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
