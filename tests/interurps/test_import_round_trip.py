"""Every export of the demo base reads back through its import unchanged: no creation, no change."""

import io
import tempfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from import_export.results import RowResult

from interurps.import_registry import import_kinds

# The list pages show one choice of records by default; these parameters ask for all of them.
ALL_RECORDS = {"interurps:meeting_list": {"qui": "toutes"}}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The communes and the demo data, loaded once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_communes", stdout=io.StringIO())
        call_command("load_demo", force=True, stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def tmp_storage_in_tmp_path(monkeypatch, tmp_path):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))


@pytest.fixture
def demo_client(demo, db, admin_client_):
    return admin_client_


# The demo holds no SAS indicators nor REPER figures: their export is a header row, which reads back as such.
EMPTY_IN_THE_DEMO = {"indicateurs-sas", "reper-chiffres"}
NO_ROW = "Le fichier ne contient aucune ligne à importer sous ses en-têtes."

KINDS = [kind for kind in import_kinds() if kind.list_url]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("kind", KINDS, ids=[kind.key for kind in KINDS])
def test_an_export_of_the_demo_base_imports_back_unchanged(demo_client, kind, fmt):
    exported = demo_client.get(reverse(kind.list_url), {"export": fmt, **ALL_RECORDS.get(kind.list_url, {})})
    assert exported.status_code == 200
    response = demo_client.post(
        reverse("interurps:import", args=[kind.key]),
        {"file": SimpleUploadedFile(f"export.{fmt}", exported.content)},
    )
    if kind.key in EMPTY_IN_THE_DEMO:
        assert response.context["form"].errors == {"file": [NO_ROW]}
        return
    assert response.context["form"].errors == {}
    preview = response.context["preview"]
    refused = [(row["number"], row["errors"]) for row in preview["rows"] if row["errors"]]
    assert (preview["file_errors"], refused) == ([], [])
    assert preview["row_count"] > 0
    statuses = {row["status"] for row in preview["rows"]}
    assert statuses == {RowResult.IMPORT_TYPE_SKIP}, preview["summary"]
