"""The meetings import reads, checks and writes a file in a number of queries that does not grow with its rows."""

import datetime
import tempfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interurps.models import Meeting, Organisation, Person
from interurps.views import imports
from tests.factories import DepartmentFactory, MeetingFactory, OrganisationFactory, PersonFactory, StaffUserFactory

HEADER = "date;heure de début;intitulé;programmes;catégorie;département;organisations;équipe;personnes présentes\n"
WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture(autouse=True)
def tmp_storage_in_tmp_path(monkeypatch, tmp_path):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))


@pytest.fixture
def region(db):
    DepartmentFactory(code="44")
    OrganisationFactory(name="ARS Pays de la Loire", acronym="ARS", kind=Organisation.Kind.ARS)
    OrganisationFactory(name="CPAM de Loire-Atlantique", acronym="CPAM 44", kind=Organisation.Kind.CPAM)
    PersonFactory(first_name="Jeanne", last_name="Durand", email="jeanne.durand@example.org")
    StaffUserFactory(username="amartin", first_name="Anne", last_name="Martin")


def meetings_file(count, first_day=datetime.date(2021, 1, 4)):
    rows = [
        f"{first_day + datetime.timedelta(days=index):%d/%m/%Y};14:00;Quintet n° {index};cpts, sas;Quintet;44;"
        "ARS, CPAM 44;Anne Martin, amartin;jeanne.durand@example.org\n"
        for index in range(count)
    ]
    return SimpleUploadedFile("reunions.csv", (HEADER + "".join(rows)).encode())


def preview(client, file):
    return client.post(reverse("interurps:import", args=["reunions"]), {"file": file})


def confirm(client, response):
    return client.post(reverse("interurps:import_confirm", args=["reunions"]), {"token": response.context["token"]})


def inserts_aside(queries):
    """The queries other than INSERT, and the tables written by INSERT.

    The database cuts a bulk INSERT into batches (SQLite takes at most 999 parameters a query, so
    about 70 meetings), whose number alone grows with the rows; PostgreSQL writes each table at once.
    """
    inserts = [query["sql"] for query in queries if query["sql"].lstrip().upper().startswith("INSERT")]
    tables = {sql.split()[2] for sql in inserts}
    return len(queries) - len(inserts), tables


def preview_and_confirm_queries(client, count):
    with CaptureQueriesContext(connection) as previewing:
        response = preview(client, meetings_file(count))
    assert response.context["preview"]["failed"] is False, response.context["preview"]["rows"][:1]
    with CaptureQueriesContext(connection) as confirming:
        confirm(client, response)
    assert Meeting.objects.filter(title__startswith="Quintet n°").count() == count
    return len(previewing.captured_queries), inserts_aside(confirming.captured_queries)


def test_preview_and_confirmation_take_as_many_queries_for_200_rows_as_for_20(staff_client, region):
    few = preview_and_confirm_queries(staff_client, 20)
    Meeting.objects.all().delete()
    many = preview_and_confirm_queries(staff_client, 200)
    assert many == few


def test_confirmation_writes_every_link_of_every_row(staff_client, region):
    confirm(staff_client, preview(staff_client, meetings_file(3)))
    meeting = Meeting.objects.get(title="Quintet n° 2")
    assert (
        sorted(p.code for p in meeting.programmes.all()),
        sorted(o.acronym for o in meeting.organisations.all()),
        [u.username for u in meeting.staff.all()],
        [p.email for p in meeting.people.all()],
        meeting.category.name,
        meeting.department.code,
    ) == (["cpts", "sas"], ["ARS", "CPAM 44"], ["amartin"], ["jeanne.durand@example.org"], "Quintet", "44")


def test_preview_writes_nothing_and_opens_no_transaction(staff_client, region):
    with CaptureQueriesContext(connection) as previewing:
        preview(staff_client, meetings_file(20))
    sql = [query["sql"].lstrip().upper() for query in previewing.captured_queries]
    # The session, saved by its middleware once the page is made, is the only write.
    session_saved = next(index for index, query in enumerate(sql) if query.startswith('UPDATE "DJANGO_SESSION"'))
    import_queries = sql[: session_saved - 1]
    assert [query for query in import_queries if query.startswith((*WRITES, "SAVEPOINT", "BEGIN"))] == []


def test_an_existing_meeting_is_updated_and_its_links_replaced(staff_client, region):
    meeting = MeetingFactory(
        title="Quintet n° 0", date=datetime.date(2021, 1, 4), start_time=datetime.time(14), programmes=["reper"]
    )
    response = preview(staff_client, meetings_file(2))
    assert response.context["preview"]["summary"] == "1 création, 1 mise à jour, 0 ligne inchangée"
    confirm(staff_client, response)
    assert sorted(p.code for p in Meeting.objects.get(pk=meeting.pk).programmes.all()) == ["cpts", "sas"]
    assert Meeting.objects.count() == 2


def test_two_new_rows_naming_the_same_meeting_are_both_refused(staff_client, region):
    file = SimpleUploadedFile(
        "reunions.csv",
        (HEADER + "04/01/2021;14:00;Quintet;cpts;;44;;;\n04/01/2021;14h;quintet;sas;;44;;;\n").encode(),
    )
    preview_page = preview(staff_client, file).context["preview"]
    assert [row["number"] for row in preview_page["rows"] if row["errors"]] == [2, 3]


def test_a_long_preview_shows_the_counts_and_the_first_rows_only(staff_client, region, monkeypatch):
    monkeypatch.setattr(imports, "PREVIEW_ALL_ROWS", 5)
    monkeypatch.setattr(imports, "PREVIEW_ACCEPTED_ROWS", 2)
    response = preview(staff_client, meetings_file(8))
    assert [row["number"] for row in response.context["preview"]["rows"]] == [2, 3]
    assert "8 lignes vérifiées : 8 créations" in response.content.decode()
    assert "… et 6 autres lignes non affichées" in " ".join(response.content.decode().split())


def history_links(record):
    """The links kept with a historical record of a meeting, by field."""
    return {
        "programmes": sorted(link.programme.code for link in record.programmes.all()),
        "organisations": sorted(link.organisation.acronym for link in record.organisations.all()),
        "people": [link.person.email for link in record.people.all()],
        "staff": [link.user.username for link in record.staff.all()],
    }


def test_meetings_created_in_bulk_have_their_history_with_their_links(staff_client, staff_user, region):
    confirm(staff_client, preview(staff_client, meetings_file(3)))
    for meeting in Meeting.objects.filter(title__startswith="Quintet n°"):
        (record,) = meeting.history.all()
        assert (record.history_type, record.history_user, record.title) == ("+", staff_user, meeting.title)
        assert history_links(record) == {
            "programmes": ["cpts", "sas"],
            "organisations": ["ARS", "CPAM 44"],
            "people": ["jeanne.durand@example.org"],
            "staff": ["amartin"],
        }


def test_a_meeting_updated_in_bulk_has_a_history_row_with_its_new_links_shown_on_its_page(
    staff_client, staff_user, region
):
    meeting = MeetingFactory(
        title="Quintet n° 0", date=datetime.date(2021, 1, 4), start_time=datetime.time(14), programmes=["reper"]
    )
    before = meeting.history.count()
    confirm(staff_client, preview(staff_client, meetings_file(1)))
    assert meeting.history.count() == before + 1
    latest = meeting.history.order_by("-history_id").first()
    assert (latest.history_type, latest.history_user) == ("~", staff_user)
    assert history_links(latest)["programmes"] == ["cpts", "sas"]
    page = staff_client.get(reverse("interurps:meeting", args=[meeting.pk]))
    (entry, *_) = page.context["entries"]  # the history block of the page, newest first
    changes = {str(change["label"]): change for change in entry["changes"]}
    assert (changes["programmes"]["added"], changes["programmes"]["removed"]) == (["CPTS", "SAS"], ["REPER / ICOPE"])
    assert "Historique des modifications" in page.content.decode()


def people_file(count):
    rows = [f"Mme;Prénom {index};Nom {index};ARS Pays de la Loire;p{index}@example.org\n" for index in range(count)]
    return SimpleUploadedFile("personnes.csv", ("civilité;prénom;nom;organisation;courriel\n" + "".join(rows)).encode())


def organisations_file(count):
    rows = [f"Organisation {index};ORG{index};44\n" for index in range(count)]
    return SimpleUploadedFile("organisations.csv", ("nom;sigle;département\n" + "".join(rows)).encode())


FILES = {"reunions": meetings_file, "personnes": people_file, "organisations": organisations_file}


def all_queries(client, kind, count):
    """The queries of the preview and of the confirmation of a file of `count` new rows (INSERTs included)."""
    with CaptureQueriesContext(connection) as previewing:
        response = client.post(reverse("interurps:import", args=[kind]), {"file": FILES[kind](count)})
    assert response.context["preview"]["summary"].startswith(f"{count} créations")
    with CaptureQueriesContext(connection) as confirming:
        client.post(reverse("interurps:import_confirm", args=[kind]), {"token": response.context["token"]})
    return len(previewing.captured_queries), len(confirming.captured_queries)


@pytest.mark.parametrize("kind", FILES)
def test_preview_and_confirmation_take_the_same_queries_for_10_rows_as_for_200(staff_client, region, kind):
    few = all_queries(staff_client, kind, 10)
    Meeting.objects.all().delete()
    Person.objects.filter(email__startswith="p").delete()
    Organisation.objects.filter(name__startswith="Organisation ").delete()
    assert all_queries(staff_client, kind, 200) == few


def test_a_person_without_a_first_name_is_imported(staff_client, region):
    file = SimpleUploadedFile("personnes.csv", "prénom;nom;organisation\n;Dupont;ARS\n".encode())
    response = staff_client.post(reverse("interurps:import", args=["personnes"]), {"file": file})
    assert response.context["preview"]["summary"] == "1 création, 0 mise à jour, 0 ligne inchangée"
    staff_client.post(reverse("interurps:import_confirm", args=["personnes"]), {"token": response.context["token"]})
    person = Person.objects.get(last_name="Dupont")
    assert (person.first_name, person.organisation.acronym, person.history.count()) == ("", "ARS", 1)


@pytest.mark.parametrize("kind", ["personnes", "organisations"])
def test_a_preview_of_people_or_organisations_writes_nothing_and_opens_no_transaction(staff_client, region, kind):
    with CaptureQueriesContext(connection) as previewing:
        response = staff_client.post(reverse("interurps:import", args=[kind]), {"file": FILES[kind](20)})
    assert response.context["preview"]["failed"] is False
    sql = [query["sql"].lstrip().upper() for query in previewing.captured_queries]
    session_saved = next(index for index, query in enumerate(sql) if query.startswith('UPDATE "DJANGO_SESSION"'))
    assert [query for query in sql[: session_saved - 1] if query.startswith((*WRITES, "SAVEPOINT", "BEGIN"))] == []
