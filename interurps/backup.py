"""Backup and restore of the whole instance: the database as JSON fixtures and the media files, in one archive.

`manage.py backup` writes a `.tar.gz` with `manifest.json` (when, which version, how many rows per
model), `data.json` (`dumpdata` of every model with natural keys, without what the migrations or the
server recreate: content types, permissions, sessions, login attempts) and `media/` (published
reports, pictures). `manage.py restore ARCHIVE` migrates the database, refuses one that already holds
accounts, people or meetings, loads the data in one transaction and puts the media files back. The
archive does not depend on the database engine: an SQLite backup restores into PostgreSQL.
"""

import io
import json
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

FORMAT_VERSION = 1
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes", "admin.logentry"]
# Tables whose rows mean "this database is in use": a restore refuses to mix two instances.
IN_USE_MODELS = ["interurps.Person", "interurps.Meeting"]


class BackupError(Exception):
    """A backup that cannot be restored here: the message is in French."""


def dumped_models():
    excluded_apps = {label for label in EXCLUDED if "." not in label}
    excluded_models = {label.lower() for label in EXCLUDED if "." in label}
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in excluded_apps and model._meta.label_lower not in excluded_models
    ]


def row_counts():
    return {model._meta.label: model._default_manager.count() for model in dumped_models()}


def backup(path):
    """Write the archive to `path`; return its manifest."""
    data = io.StringIO()
    call_command(
        "dumpdata",
        *[f"--exclude={label}" for label in EXCLUDED],
        natural_foreign=True,
        natural_primary=True,
        stdout=data,
    )
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "region": settings.REGION_NAME,
        "counts": row_counts(),
    }
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(path, "w:gz") as archive:
        add_bytes(archive, "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2).encode())
        add_bytes(archive, "data.json", data.getvalue().encode())
        if media_root.is_dir():
            for file in sorted(media_root.rglob("*")):
                if file.is_file():
                    archive.add(file, arcname=str(PurePosixPath("media", file.relative_to(media_root).as_posix())))
    return manifest


def add_bytes(archive, name, content):
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(content))


def database_in_use():
    models = [apps.get_model(label) for label in IN_USE_MODELS]
    return get_user_model().objects.exists() or any(model._default_manager.exists() for model in models)


def restore(path):
    """Load the archive at `path` into this (empty) database and media folder; return its manifest."""
    try:
        archive = tarfile.open(path, "r:gz")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"« {path} » n'est pas une sauvegarde lisible ({error}).") from error
    with archive:
        try:
            manifest = json.load(archive.extractfile("manifest.json"))
            data = archive.extractfile("data.json").read()
        except (KeyError, ValueError) as error:
            raise BackupError(f"« {path} » n'est pas une sauvegarde de l'application.") from error
        if manifest.get("format") != FORMAT_VERSION:
            raise BackupError(f"Format de sauvegarde inconnu : {manifest.get('format')}.")
        if database_in_use():
            raise BackupError(
                "La base contient déjà des comptes, des personnes ou des réunions : "
                "restaurez dans une base vide (créée puis migrée)."
            )
        with tempfile.TemporaryDirectory() as folder:
            fixture = Path(folder) / "data.json"
            fixture.write_bytes(data)
            # The history comes from the backup: none is written while its rows are loaded (the links of a
            # meeting would otherwise write history rows under keys the backup's own rows hold).
            with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
                call_command("loaddata", str(fixture), verbosity=0)
        restore_media(archive)
    return manifest


def restore_media(archive):
    """Put the media files back under MEDIA_ROOT, never outside it, never over an existing file."""
    media_root = Path(settings.MEDIA_ROOT).resolve()
    for member in archive.getmembers():
        name = PurePosixPath(member.name)
        if not member.isfile() or name.parts[:1] != ("media",) or ".." in name.parts or name.is_absolute():
            continue
        target = media_root.joinpath(*name.parts[1:]).resolve()
        if not target.is_relative_to(media_root) or target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with archive.extractfile(member) as source:
            target.write_bytes(source.read())
