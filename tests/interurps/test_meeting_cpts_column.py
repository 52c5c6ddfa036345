"""The `CPTS` column of the meetings export and import."""

import tempfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from interurps.formats import FrenchCSV
from interurps.models import Meeting
from interurps.resources.meetings import MeetingResource
from tests.cpts.factories import CPTSFactory
from tests.factories import DepartmentFactory, MeetingFactory

HEADER = "date;intitulé;programmes;CPTS\n"


@pytest.fixture(autouse=True)
def tmp_storage_in_tmp_path(monkeypatch, tmp_path):
    """Files waiting between preview and confirmation go to the test's own folder."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))


@pytest.fixture
def department(db):
    return DepartmentFactory(code="49")


@pytest.fixture
def saumurois(department):
    return CPTSFactory(name="CPTS du Grand Saumurois", department=department)


@pytest.fixture
def evre(department):
    return CPTSFactory(name="CPTS Èvre et Mauges", department=department)


def csv_dataset(text):
    return FrenchCSV().create_dataset(text.encode("utf-8"))


def import_csv(text):
    return MeetingResource().import_data(csv_dataset(HEADER + text))


def row_errors(result):
    return {row.number: row.error.message_dict for row in result.invalid_rows}


def export_rows(queryset=None):
    dataset = MeetingResource().export(queryset if queryset is not None else Meeting.objects.all())
    return [dict(zip(dataset.headers, row, strict=True)) for row in dataset]


def round_trip():
    exported = FrenchCSV().export_data(MeetingResource().export(Meeting.objects.all()))
    return MeetingResource().import_data(FrenchCSV().create_dataset(exported))


def test_export_shows_the_names_of_the_meeting_cpts_joined_by_commas(saumurois, evre):
    meeting = MeetingFactory()
    meeting.cpts.add(saumurois, evre)
    assert export_rows()[0]["CPTS"] == "CPTS du Grand Saumurois, CPTS Èvre et Mauges"


def test_export_of_a_meeting_without_cpts_has_an_empty_cpts_cell(saumurois):
    MeetingFactory()
    assert export_rows()[0]["CPTS"] == ""


def test_import_links_the_cpts_named_whatever_their_case_and_accents(saumurois, evre):
    import_csv('12/03/2021;Quintet;cpts;"cpts du grand saumurois; CPTS EVRE ET MAUGES"\n')
    assert set(Meeting.objects.get().cpts.all()) == {saumurois, evre}


def test_import_reads_cpts_separated_by_commas(saumurois, evre):
    import_csv('12/03/2021;Quintet;cpts;"CPTS du Grand Saumurois, CPTS Èvre et Mauges"\n')
    assert set(Meeting.objects.get().cpts.all()) == {saumurois, evre}


def test_import_reads_a_cpts_whose_name_holds_a_comma(department, saumurois):
    vignoble = CPTSFactory(name="CPTS Sud Loire, Vignoble", department=department)
    import_csv('12/03/2021;Quintet;cpts;"CPTS Sud Loire,Vignoble, CPTS du Grand Saumurois"\n')
    assert set(Meeting.objects.get().cpts.all()) == {vignoble, saumurois}


def test_import_tells_apart_two_cpts_names_differing_only_by_accents(department):
    accented = CPTSFactory(name="CPTS Évron", department=department)
    CPTSFactory(name="CPTS Evron", department=department)
    import_csv("12/03/2021;Quintet;cpts;cpts évron\n")
    assert list(Meeting.objects.get().cpts.all()) == [accented]


def test_unknown_cpts_is_a_french_row_error_naming_it_and_nothing_is_written(saumurois):
    result = import_csv("12/03/2021;Quintet;cpts;CPTS du Grand Saumurois\n13/03/2021;Bureau;cpts;CPTS de Nulle Part\n")
    assert row_errors(result) == {
        2: {"cpts": ["CPTS inconnue : « CPTS de Nulle Part » (nom complet de la CPTS attendu)"]}
    }
    assert Meeting.objects.count() == 0


def test_a_fragment_of_a_cpts_name_is_an_unknown_cpts(saumurois):
    result = import_csv("12/03/2021;Quintet;cpts;Grand Saumurois\n")
    assert row_errors(result)[1]["cpts"] == ["CPTS inconnue : « Grand Saumurois » (nom complet de la CPTS attendu)"]


def test_file_without_a_cpts_column_keeps_the_meeting_cpts(saumurois):
    meeting = MeetingFactory(title="Quintet")
    meeting.cpts.add(saumurois)
    MeetingResource().import_data(csv_dataset("date;intitulé;programmes;lieu\n12/03/2021;Quintet;cpts;Saumur\n"))
    meeting.refresh_from_db()
    assert (meeting.place, list(meeting.cpts.all())) == ("Saumur", [saumurois])


def test_empty_cpts_cell_unlinks_the_meeting_from_its_cpts(saumurois):
    meeting = MeetingFactory(title="Quintet")
    meeting.cpts.add(saumurois)
    import_csv("12/03/2021;Quintet;cpts;\n")
    assert list(meeting.cpts.all()) == []


def test_export_imported_back_changes_nothing(department, saumurois, evre):
    vignoble = CPTSFactory(name="CPTS Sud Loire, Vignoble", department=department)
    MeetingFactory(title="Quintet").cpts.add(saumurois, evre, vignoble)
    MeetingFactory(title="Bureau")
    result = round_trip()
    assert (result.totals["skip"], result.totals["new"], result.totals["update"]) == (2, 0, 0)
    assert set(Meeting.objects.get(title="Quintet").cpts.all()) == {saumurois, evre, vignoble}
    assert not Meeting.objects.get(title="Bureau").cpts.exists()


def test_export_imported_back_after_changing_a_cpts_updates_the_link(saumurois, evre):
    meeting = MeetingFactory(title="Quintet")
    meeting.cpts.add(saumurois)
    exported = FrenchCSV().export_data(MeetingResource().export(Meeting.objects.all()))
    edited = exported.replace(b"CPTS du Grand Saumurois", "CPTS Èvre et Mauges".encode())
    result = MeetingResource().import_data(FrenchCSV().create_dataset(edited))
    assert result.totals["update"] == 1
    assert list(meeting.cpts.all()) == [evre]


@pytest.mark.parametrize("count", [10, 200])
def test_export_with_cpts_queries_do_not_grow_with_meetings(saumurois, evre, django_assert_num_queries, count):
    for meeting in MeetingFactory.create_batch(count):
        meeting.cpts.add(saumurois, evre)
    # The meetings (with category, programme and department), then programmes, staff, organisations, CPTS.
    with django_assert_num_queries(6):  # + people present
        rows = export_rows(Meeting.objects.all())
    assert {row["CPTS"] for row in rows} == {"CPTS du Grand Saumurois, CPTS Èvre et Mauges"}


# --- Staff import pages ----------------------------------------------------------------------


def preview(client, content):
    return client.post(
        reverse("interurps:import", args=["reunions"]),
        {"file": SimpleUploadedFile("reunions.csv", (HEADER + content).encode("utf-8"))},
    )


def test_import_page_lists_the_optional_cpts_column(staff_client):
    content = staff_client.get(reverse("interurps:import", args=["reunions"])).content.decode()
    assert "<code>CPTS</code>" in content


def test_preview_shows_the_unknown_cpts_and_offers_no_confirmation(staff_client, saumurois):
    response = preview(staff_client, "12/03/2021;Quintet;cpts;CPTS de Nulle Part\n")
    content = response.content.decode()
    assert "CPTS : CPTS inconnue : « CPTS de Nulle Part »" in content
    assert "Confirmer l'import" not in content
    assert Meeting.objects.count() == 0


def test_confirmed_import_links_the_meeting_to_its_cpts(staff_client, saumurois):
    response = preview(staff_client, "12/03/2021;Quintet;cpts;CPTS du Grand Saumurois\n")
    staff_client.post(reverse("interurps:import_confirm", args=["reunions"]), {"token": response.context["token"]})
    assert list(Meeting.objects.get(title="Quintet").cpts.all()) == [saumurois]
