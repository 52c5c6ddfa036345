"""Imports and exports of people, organisations and meetings: resources, staff pages, admin."""

import datetime
import io
import tempfile
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from interurps.formats import XLSX, FrenchCSV
from interurps.models import Meeting, Organisation, Person
from interurps.resources.contacts import OrganisationResource, PersonResource
from interurps.resources.meetings import MeetingResource
from tests.factories import (
    DepartmentFactory,
    MeetingFactory,
    OrganisationFactory,
    PersonFactory,
    StaffUserFactory,
    category,
)

FILES = Path(__file__).parent / "files"


def upload(name, content=None):
    return SimpleUploadedFile(name, (FILES / name).read_bytes() if content is None else content)


def csv_dataset(text, encoding="utf-8"):
    return FrenchCSV().create_dataset(text.encode(encoding))


def xlsx_bytes(rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row_errors(result):
    return {row.number: row.error.message_dict for row in result.invalid_rows}


@pytest.fixture(autouse=True)
def tmp_storage_in_tmp_path(monkeypatch, tmp_path):
    """Files waiting between preview and confirmation go to the test's own folder."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))


@pytest.fixture
def region(db):
    """The departments, organisations and staff member the test files refer to."""
    DepartmentFactory(code="44")
    DepartmentFactory(code="72")
    OrganisationFactory(name="ARS Pays de la Loire", acronym="ARS", kind=Organisation.Kind.ARS)
    return StaffUserFactory(username="amartin", first_name="Anne", last_name="Martin")


def import_url(kind):
    return reverse("interurps:import", args=[kind])


def preview(client, kind, file):
    return client.post(import_url(kind), {"file": file})


def confirm(client, kind, response):
    return client.post(reverse("interurps:import_confirm", args=[kind]), {"token": response.context["token"]})


# --- Person resource -------------------------------------------------------------------------


def test_person_civility_is_read_from_its_french_label(region):
    dataset = csv_dataset("civilité;prénom;nom\nMme;Anne;A\nM.;Paul;B\nDr;Léa;C\nPr;Luc;D\nMadame;Eve;E\n")
    result = PersonResource().import_data(dataset)
    assert not result.has_validation_errors()
    assert sorted(Person.objects.values_list("civility", flat=True)) == ["dr", "m", "mme", "mme", "pr"]


def test_person_unknown_civility_is_a_french_row_error(region):
    result = PersonResource().import_data(csv_dataset("civilité;prénom;nom\nSir;Anne;A\n"))
    assert row_errors(result)[1]["civility"] == ["Civilité inconnue : « Sir » (valeurs possibles : Mme, M., Dr, Pr)."]


def test_person_organisation_is_found_by_name_or_acronym(region):
    dataset = csv_dataset("prénom;nom;organisation\nAnne;A;ars pays de la loire\nPaul;B;ARS\n")
    PersonResource().import_data(dataset)
    assert {p.organisation.acronym for p in Person.objects.all()} == {"ARS"}


def test_person_unknown_organisation_is_a_row_error_and_nothing_is_written(region):
    dataset = csv_dataset("prénom;nom;organisation\nAnne;A;ARS\nPaul;B;Mairie de Nulle-Part\n")
    result = PersonResource().import_data(dataset)
    assert row_errors(result)[2]["organisation"] == ["Organisation inconnue : « Mairie de Nulle-Part »"]
    assert Person.objects.count() == 0


def test_person_union_is_found_by_short_name_or_code(region):
    dataset = csv_dataset("prénom;nom;union\nAnne;A;URML\nPaul;B;pharmaciens\n")
    PersonResource().import_data(dataset)
    assert sorted(p.union.code for p in Person.objects.all()) == ["pharmaciens", "urml"]


def test_person_is_identified_by_email_whatever_its_case(region):
    person = PersonFactory(first_name="Anne", last_name="Ancien", email="anne@example.org")
    dataset = csv_dataset("prénom;nom;courriel;téléphone\nAnne;Nouveau;ANNE@example.org;0240000000\n")
    result = PersonResource().import_data(dataset)
    assert result.totals["update"] == 1
    person.refresh_from_db()
    assert (person.last_name, person.phone, Person.objects.count()) == ("Nouveau", "0240000000", 1)


def test_person_without_email_is_identified_by_names_and_organisation(region):
    ars = Organisation.objects.get(acronym="ARS")
    person = PersonFactory(first_name="Anne", last_name="Martin", email="", organisation=ars)
    PersonFactory(first_name="Anne", last_name="Martin", email="", organisation=None)
    dataset = csv_dataset("prénom;nom;organisation;profession\nanne;MARTIN;ARS;directrice\n")
    PersonResource().import_data(dataset)
    person.refresh_from_db()
    assert person.profession == "directrice"
    assert Person.objects.count() == 2


def test_person_with_a_new_email_completes_the_same_person_without_email(region):
    person = PersonFactory(first_name="Anne", last_name="Martin", email="", organisation=None)
    PersonResource().import_data(csv_dataset("prénom;nom;organisation;courriel\nAnne;Martin;;anne@example.org\n"))
    person.refresh_from_db()
    assert (person.email, Person.objects.count()) == ("anne@example.org", 1)


def test_person_phone_stored_as_a_number_in_a_spreadsheet_keeps_its_leading_zero(region):
    dataset = XLSX().create_dataset(xlsx_bytes([["prénom", "nom", "téléphone"], ["Anne", "A", 240000000]]))
    PersonResource().import_data(dataset)
    assert Person.objects.get().phone == "0240000000"


def test_person_invalid_email_is_a_french_row_error(region):
    result = PersonResource().import_data(csv_dataset("prénom;nom;courriel\nAnne;A;pas-un-courriel\n"))
    assert row_errors(result)[1]["email"] == ["Saisissez une adresse de courriel valide."]


def test_headers_are_matched_whatever_their_case_and_accents(region):
    result = PersonResource().import_data(csv_dataset("Prenom;NOM;Telephone\nAnne;A;02\n"))
    assert not result.has_errors()
    assert Person.objects.get().phone == "02"


def test_person_export_has_french_headers_and_labels(region):
    ars = Organisation.objects.get(acronym="ARS")
    PersonFactory(civility="dr", first_name="Anne", last_name="Martin", organisation=ars, email="a@example.org")
    dataset = PersonResource().export(Person.objects.all())
    assert dataset.headers[:8] == [
        "civilité",
        "prénom",
        "nom",
        "profession",
        "organisation",
        "union",
        "courriel",
        "téléphone",
    ]
    assert dataset[0][:7] == ("Dr", "Anne", "Martin", "", "ARS Pays de la Loire", "", "a@example.org")


# --- Organisation resource -------------------------------------------------------------------


def test_organisation_type_is_read_from_its_french_label_and_department_from_its_code(region):
    OrganisationResource().import_data(csv_dataset("nom;type;département\nCHU de Nantes;établissement de santé;44\n"))
    organisation = Organisation.objects.get(name="CHU de Nantes")
    assert (organisation.kind, organisation.department.code) == ("institution", "44")


def test_organisation_is_identified_by_its_name_whatever_its_case(region):
    before = Organisation.objects.count()
    result = OrganisationResource().import_data(csv_dataset("nom;sigle\nars pays de la loire;ARS PDL\n"))
    assert result.totals["update"] == 1
    assert Organisation.objects.get(name__iexact="ARS Pays de la Loire").acronym == "ARS PDL"
    assert Organisation.objects.count() == before


def test_organisation_unknown_type_lists_the_possible_labels(region):
    result = OrganisationResource().import_data(csv_dataset("nom;type\nX;banque\n"))
    message = row_errors(result)[1]["kind"][0]
    assert message.startswith("Type d'organisation inconnu : « banque » (valeurs possibles : ARS, CPAM")


# --- Meeting resource ------------------------------------------------------------------------

MEETING_HEADER = (
    "date;intitulé;programmes;catégorie;département;équipe;heure de début;temps fort;résumé du temps fort\n"
)


def test_meeting_programmes_are_found_by_code_or_name_and_category_within_them(region):
    dataset = csv_dataset(MEETING_HEADER + "12/03/2021;Comité;sas, REPER / ICOPE;Consortium;44;;;;\n")
    MeetingResource().import_data(dataset)
    meeting = Meeting.objects.get()
    assert sorted(p.code for p in meeting.programmes.all()) == ["reper", "sas"]
    assert meeting.category == category("reper", "Consortium")


def test_meeting_category_outside_its_programmes_is_a_row_error(region):
    result = MeetingResource().import_data(csv_dataset(MEETING_HEADER + "12/03/2021;Comité;sas;Quintet;;;;;\n"))
    assert row_errors(result)[1]["category"] == [
        "La catégorie « Quintet » n'appartient à aucun des programmes indiqués (CPTS)."
    ]


def test_meeting_without_programme_is_a_row_error(region):
    result = MeetingResource().import_data(csv_dataset(MEETING_HEADER + "12/03/2021;Comité;;;;;;;\n"))
    assert row_errors(result)[1]["programmes"] == [
        "Indiquez au moins un programme (code ou nom, séparés par des virgules)."
    ]


def test_meeting_unknown_department_is_a_french_row_error(region):
    result = MeetingResource().import_data(csv_dataset(MEETING_HEADER + "12/03/2021;Comité;sas;;99;;;;\n"))
    assert row_errors(result)[1]["department"] == ["Département inconnu : 99"]


def test_meeting_bad_date_is_a_french_row_error_with_the_value(region):
    result = MeetingResource().import_data(csv_dataset(MEETING_HEADER + "31/02/2021;Comité;sas;;;;;;\n"))
    assert row_errors(result)[1]["date"] == [
        "Date invalide : « 31/02/2021 » (attendu jj/mm/aaaa, par exemple 12/03/2021)."
    ]


def test_meeting_dates_are_read_as_dd_mm_yyyy_or_yyyy_mm_dd(region):
    MeetingResource().import_data(csv_dataset(MEETING_HEADER + "12/03/2021;A;sas;;;;;;\n2021-03-15;B;sas;;;;;;\n"))
    assert sorted(Meeting.objects.values_list("date", flat=True)) == [
        datetime.date(2021, 3, 12),
        datetime.date(2021, 3, 15),
    ]


def test_meeting_staff_are_found_by_username_or_full_name(region):
    other = StaffUserFactory(username="bdupont", first_name="Bruno", last_name="Dupont")
    MeetingResource().import_data(csv_dataset(MEETING_HEADER + "12/03/2021;A;sas;;;AMARTIN, bruno dupont;;;\n"))
    assert set(Meeting.objects.get().staff.all()) == {region, other}


def test_meeting_unknown_staff_member_is_a_row_error(region):
    result = MeetingResource().import_data(csv_dataset(MEETING_HEADER + "12/03/2021;A;sas;;;Zoé Personne;;;\n"))
    assert row_errors(result)[1]["staff"] == [
        "Membre de l'équipe inconnu : « Zoé Personne » (nom complet ou identifiant attendu)"
    ]


def test_meeting_model_validation_errors_are_row_errors(region):
    result = MeetingResource().import_data(csv_dataset(MEETING_HEADER + "12/03/2021;A;sas;;;;;oui;\n"))
    assert row_errors(result)[1]["highlight_summary"] == [
        "Un temps fort a besoin d'un résumé d'une ligne pour le rapport."
    ]


def test_meeting_times_accept_the_french_hour_notation(region):
    MeetingResource().import_data(csv_dataset(MEETING_HEADER + "12/03/2021;A;sas;;;;14h30;;\n"))
    assert Meeting.objects.get().start_time == datetime.time(14, 30)


def test_meeting_imported_is_created_by_the_importing_user(region):
    MeetingResource().import_data(csv_dataset(MEETING_HEADER + "12/03/2021;A;sas;;;;;;\n"), user=region)
    assert Meeting.objects.get().created_by == region


def test_meeting_file_without_a_required_column_names_it_and_reads_no_row(region):
    result = MeetingResource().import_data(csv_dataset("intitulé;département\nA;44\n"))
    assert [str(error.error) for error in result.base_errors] == ["Colonnes manquantes : date, programmes."]
    assert result.rows == []


def test_meeting_export_columns_and_values(region):
    ars = Organisation.objects.get(acronym="ARS")
    meeting = MeetingFactory(
        date=datetime.date(2021, 3, 12),
        start_time=datetime.time(14, 0),
        title="Quintet",
        programmes=["cpts", "sas"],
        staff=[region],
        category=category("cpts", "Quintet"),
        is_highlight=True,
        highlight_summary="Premier quintet",
        mode=Meeting.Mode.REMOTE,
    )
    meeting.organisations.add(ars)
    dataset = MeetingResource().export(Meeting.objects.all())
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    assert dataset.headers == [
        "date",
        "date de fin",
        "heure de début",
        "heure de fin",
        "intitulé",
        "type",
        "programmes",
        "catégorie",
        "modalité",
        "lieu",
        "département",
        "CPTS",
        "organisations",
        "équipe",
        "personnes présentes",
        "temps fort",
        "résumé du temps fort",
        "notes",
    ]
    assert row["date"] == "12/03/2021"
    assert row["heure de début"] == "14:00"
    assert row["programmes"] == "CPTS, SAS"
    assert row["modalité"] == "visio"
    assert row["organisations"] == "ARS Pays de la Loire"
    assert row["équipe"] == "Anne Martin"
    assert row["temps fort"] == "oui"


def test_meeting_export_imported_back_changes_nothing(region):
    meeting = MeetingFactory(title="Quintet", programmes=["cpts"], staff=[region], category=category("cpts", "Quintet"))
    meeting.organisations.add(Organisation.objects.get(acronym="ARS"))
    exported = FrenchCSV().export_data(MeetingResource().export(Meeting.objects.all()))
    result = MeetingResource().import_data(FrenchCSV().create_dataset(exported))
    assert (result.totals["skip"], result.totals["new"], Meeting.objects.count()) == (1, 0, 1)


@pytest.mark.parametrize("count", [10, 200])
def test_meeting_export_queries_do_not_grow_with_meetings(region, django_assert_num_queries, count):
    ars = Organisation.objects.get(acronym="ARS")
    for meeting in MeetingFactory.create_batch(count, programmes=["cpts", "sas"], staff=[region]):
        meeting.organisations.add(ars)
    # The meetings (with category, programme and department), then programmes, staff, organisations, CPTS, people.
    with django_assert_num_queries(6):
        dataset = MeetingResource().export(Meeting.objects.all())
    assert len(dataset) == count


# --- Staff import pages ----------------------------------------------------------------------


def test_import_page_lists_the_expected_columns(staff_client, region):
    response = staff_client.get(import_url("personnes"))
    content = response.content.decode()
    assert "Importer des personnes" in content
    assert "<code>courriel</code>" in content


def test_preview_lists_each_row_and_writes_nothing(staff_client, region):
    response = preview(staff_client, "personnes", upload("import_personnes_cp1252.csv"))
    content = response.content.decode()
    assert "3 lignes vérifiées : 3 créations, 0 mise à jour, 0 ligne inchangée." in content
    assert "Hélène" in content and "Lefèvre" in content
    assert "Confirmer l'import" in content
    assert Person.objects.count() == 0


def test_confirm_imports_the_previewed_file_and_says_how_many(staff_client, region):
    response = confirm(
        staff_client, "personnes", preview(staff_client, "personnes", upload("import_personnes_cp1252.csv"))
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("interurps:person_list")
    page = staff_client.get(response["Location"]).content.decode()
    assert "Import de « import_personnes_cp1252.csv » terminé : 3 créations" in page
    helene = Person.objects.get(email="helene.berard@example.org")
    assert (helene.first_name, helene.organisation.acronym, helene.union.code) == ("Hélène", "ARS", "urml")


def test_previewed_file_waits_server_side_until_confirmed_then_is_removed(staff_client, region, tmp_path):
    response = preview(staff_client, "personnes", upload("import_personnes_cp1252.csv"))
    assert len(list((tmp_path / "interurps-imports").iterdir())) == 1
    assert str(tmp_path) not in response.content.decode()
    confirm(staff_client, "personnes", response)
    assert list((tmp_path / "interurps-imports").iterdir()) == []


def test_importing_the_same_people_twice_updates_them_without_duplicates(staff_client, region):
    for _ in range(2):
        response = preview(staff_client, "personnes", upload("import_personnes_cp1252.csv"))
        confirm(staff_client, "personnes", response)
    assert "3 lignes inchangées" in response.content.decode()
    assert Person.objects.count() == 3


def test_people_xlsx_file_is_imported(staff_client, region):
    content = xlsx_bytes(
        [["Civilité", "Prénom", "Nom", "Organisation", "Courriel"], ["Mme", "Anne", "Leroy", "ARS", "a@example.org"]]
    )
    response = preview(staff_client, "personnes", upload("personnes.xlsx", content))
    assert "1 ligne vérifiée : 1 création" in response.content.decode()
    confirm(staff_client, "personnes", response)
    assert Person.objects.get().organisation.acronym == "ARS"


def test_organisations_file_is_imported(staff_client, region):
    before = Organisation.objects.count()
    response = preview(staff_client, "organisations", upload("import_organisations.csv"))
    assert "2 créations, 1 mise à jour" in response.content.decode()
    confirm(staff_client, "organisations", response)
    assert Organisation.objects.get(acronym="CPAM 72").department.code == "72"
    assert Organisation.objects.get(acronym="ARS").website == "https://www.pays-de-la-loire.ars.sante.fr"
    assert Organisation.objects.count() == before + 2


def test_meetings_file_is_imported(staff_client, region):
    response = confirm(staff_client, "reunions", preview(staff_client, "reunions", upload("import_reunions.csv")))
    assert response["Location"] == reverse("interurps:meeting_list")
    sas = Meeting.objects.get(title="Comité SAS 44")
    assert (sas.start_time, sas.is_highlight, sas.place) == (datetime.time(9, 30), True, "Nantes")
    assert sas.category == category("sas", "Instance SAS départementale")
    assert list(sas.staff.all()) == [region]


def test_missing_column_is_named_and_nothing_written(staff_client, region):
    response = preview(staff_client, "reunions", upload("import_reunions_colonne_manquante.csv"))
    content = response.content.decode()
    assert "Rien n'a été importé." in content
    assert "Colonne manquante : date." in content
    assert "Confirmer l'import" not in content
    assert Meeting.objects.count() == 0


def test_bad_date_rejects_the_file_and_says_which_row_and_why(staff_client, region):
    response = preview(staff_client, "reunions", upload("import_reunions_date_invalide.csv"))
    content = response.content.decode()
    assert "1 ligne sur 2 refusée" in content
    assert "date : Date invalide : « 31/02/2021 »" in content
    assert "Confirmer l'import" not in content
    assert Meeting.objects.count() == 0


def test_unknown_department_rejects_the_file(staff_client, region):
    response = preview(staff_client, "reunions", upload("import_reunions_departement_inconnu.csv"))
    assert "département : Département inconnu : 99" in response.content.decode()
    assert Meeting.objects.count() == 0


def test_utf16_file_is_refused_in_french(staff_client, region):
    content = (FILES / "import_reunions.csv").read_bytes().decode("utf-8-sig").encode("utf-16")
    response = preview(staff_client, "reunions", upload("reunions.csv", content))
    assert "Encodage du fichier non reconnu (UTF-16 ou fichier binaire ?)" in response.content.decode()
    assert Meeting.objects.count() == 0


def test_file_that_is_not_csv_or_xlsx_is_refused(staff_client, region):
    response = preview(staff_client, "personnes", upload("personnes.ods", b"PK\x03\x04"))
    assert "Format non reconnu : choisissez un fichier .csv ou .xlsx." in response.content.decode()


def test_xlsx_that_is_not_a_workbook_is_refused_in_french(staff_client, region):
    response = preview(staff_client, "personnes", upload("personnes.xlsx", b"not a workbook"))
    assert "Ce fichier n&#x27;est pas un classeur Excel (.xlsx) lisible." in response.content.decode()


def test_confirm_is_all_or_nothing_when_the_data_changed_since_the_preview(staff_client, region):
    response = preview(staff_client, "personnes", upload("import_personnes_cp1252.csv"))
    Organisation.objects.filter(acronym="ARS").delete()
    response = confirm(staff_client, "personnes", response)
    content = response.content.decode()
    assert "Rien n'a été importé." in content
    assert "organisation : Organisation inconnue : « ARS Pays de la Loire »" in content
    assert Person.objects.count() == 0


def test_confirm_without_a_previewed_file_asks_for_it_again(staff_client, region):
    response = staff_client.post(reverse("interurps:import_confirm", args=["personnes"]), {"token": "x"}, follow=True)
    assert "Aucun fichier n&#x27;attend d&#x27;être importé" in response.content.decode()
    assert Person.objects.count() == 0


def test_unknown_import_kind_is_not_found(staff_client):
    assert staff_client.get(import_url("licornes")).status_code == 404


@pytest.mark.parametrize("kind", ["personnes", "organisations", "reunions", "communes"])
def test_board_may_not_import(board_client, kind):
    assert board_client.get(import_url(kind)).status_code == 403
    assert board_client.post(import_url(kind), {"file": upload("import_personnes_cp1252.csv")}).status_code == 403


def test_communes_import_is_for_administrators_only(client, staff_user, admin_user):
    client.force_login(staff_user)
    assert client.get(import_url("communes")).status_code == 403
    client.force_login(admin_user)
    assert "Année des populations" in client.get(import_url("communes")).content.decode()


# --- Admin -----------------------------------------------------------------------------------


def test_admin_import_previews_then_confirms(admin_client_, region):
    response = admin_client_.post(
        reverse("admin:interurps_person_import"),
        {"format": "0", "resource": "0", "import_file": upload("import_personnes_cp1252.csv")},
    )
    assert Person.objects.count() == 0
    confirm_form = response.context["confirm_form"]
    response = admin_client_.post(reverse("admin:interurps_person_process_import"), confirm_form.initial)
    assert response.status_code == 302
    assert Person.objects.count() == 3


def test_admin_import_shows_row_errors_in_french(admin_client_, region):
    response = admin_client_.post(
        reverse("admin:interurps_meeting_import"),
        {"format": "0", "resource": "0", "import_file": upload("import_reunions_departement_inconnu.csv")},
    )
    assert "Département inconnu : 99" in response.content.decode()
    assert "confirm_form" not in response.context


def test_file_with_only_separators_is_said_to_be_empty(staff_client, region):
    response = preview(staff_client, "personnes", upload("personnes.csv", b";;;\r\n;;;\r\n"))
    assert "Le fichier est vide." in response.content.decode()


def test_admin_exports_meetings_as_french_csv(admin_client_, region):
    MeetingFactory(title="Quintet", programmes=["cpts"], staff=[region])
    fields = [field for field in MeetingResource.fields]
    data = {"format": "0", "resource": "0", **{f"meetingresource_{name}": "on" for name in fields}}
    response = admin_client_.post(reverse("admin:interurps_meeting_export"), data)
    content = response.content.decode("utf-8-sig")
    assert content.startswith("date;date de fin;heure de début;heure de fin;intitulé;")
    assert "12/03/2021;;;;Quintet;réunion;CPTS;" in content
