"""Import and export of PACTE learners and attendance."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from interurps.formats import XLSX, FrenchCSV
from interurps.models import Person
from pacte.models import Attendance, Learner
from pacte.resources import AttendanceResource, LearnerResource
from tests.cpts.factories import CPTSFactory
from tests.factories import PersonFactory
from tests.pacte.factories import AttendanceFactory, CohortFactory, LearnerFactory, SessionFactory

pytestmark = pytest.mark.django_db

LEARNER_HEADER = "promotion;civilité;prénom;nom;courriel;téléphone;CPTS;statut;inscrit·e le;formation terminée le\n"


def csv_dataset(text):
    return FrenchCSV().create_dataset(text.encode("utf-8"))


def row_errors(result):
    return {row.number: row.error.message_dict for row in result.invalid_rows}


@pytest.fixture
def cohort():
    CPTSFactory(name="CPTS Erdre et Cens")
    return CohortFactory(name="Pays de la Loire 2021-2022")


# --- learners ---------------------------------------------------------------------------


def test_learner_import_creates_the_people_and_their_enrolment(cohort):
    dataset = csv_dataset(
        LEARNER_HEADER
        + "Pays de la Loire 2021-2022;Mme;Anne;Morel;anne@example.org;0612345678;CPTS Erdre et Cens;inscrit·e;"
        "23/04/2021;\n"
        "pays de la loire 2021-2022;;Paul;Durand;;;;;;\n"
    )
    result = LearnerResource().import_data(dataset)
    assert not result.has_validation_errors(), row_errors(result)
    anne = Learner.objects.get(person__email="anne@example.org")
    assert (anne.cohort, anne.cpts.name, anne.enrolled_on) == (cohort, "CPTS Erdre et Cens", datetime.date(2021, 4, 23))
    assert anne.person.civility == "mme"
    assert Learner.objects.get(person__last_name="Durand").status == Learner.Status.ENROLLED


def test_learner_import_finds_a_known_person_by_email(cohort):
    person = PersonFactory(first_name="Anne", last_name="Morel", email="anne@example.org")
    dataset = csv_dataset(LEARNER_HEADER + "Pays de la Loire 2021-2022;;A.;M.;ANNE@example.org;;;;;\n")
    LearnerResource().import_data(dataset)
    assert Learner.objects.get().person == person
    assert Person.objects.count() == 1


def test_learner_import_twice_updates_the_enrolment(cohort):
    line = "Pays de la Loire 2021-2022;;Anne;Morel;anne@example.org;;;{status};;{done}\n"
    LearnerResource().import_data(csv_dataset(LEARNER_HEADER + line.format(status="inscrit·e", done="")))
    LearnerResource().import_data(csv_dataset(LEARNER_HEADER + line.format(status="inscrit·e", done="30/06/2022")))
    learner = Learner.objects.get()
    assert learner.completed_on == datetime.date(2022, 6, 30)


def test_learner_import_with_an_unknown_cpts_writes_nothing(cohort):
    dataset = csv_dataset(
        LEARNER_HEADER + "Pays de la Loire 2021-2022;;Anne;Morel;anne@example.org;;;;;\n"
        "Pays de la Loire 2021-2022;;Paul;Durand;;;CPTS Inconnue;;;\n"
    )
    result = LearnerResource().import_data(dataset)
    assert row_errors(result) == {2: {"cpts": ["CPTS inconnue : « CPTS Inconnue »"]}}
    assert not Learner.objects.exists()
    assert not Person.objects.exists()


def test_learner_import_with_an_unknown_cohort_is_refused_in_french(cohort):
    dataset = csv_dataset(LEARNER_HEADER + "Bretagne;;Anne;Morel;;;;;;\n")
    result = LearnerResource().import_data(dataset)
    assert row_errors(result) == {1: {"cohort": ["Promotion inconnue : « Bretagne »"]}}


def test_learner_import_says_which_field_of_a_new_person_is_missing(cohort):
    dataset = csv_dataset(LEARNER_HEADER + "Pays de la Loire 2021-2022;;Anne;;;;;;;\n")
    result = LearnerResource().import_data(dataset)
    assert row_errors(result) == {1: {"person": ["nom : Ce champ ne peut pas être vide."]}}


def test_learner_import_without_the_cohort_column_names_it(cohort):
    result = LearnerResource().import_data(csv_dataset("prénom;nom\nAnne;Morel\n"))
    assert [str(error.error) for error in result.base_errors] == ["Colonne manquante : promotion."]


def test_learner_export_reads_back_as_an_import(cohort):
    LearnerFactory(cohort=cohort, person=PersonFactory(first_name="Anne", last_name="Morel"), cpts=CPTSFactory())
    content = FrenchCSV().export_data(LearnerResource().export(queryset=Learner.objects.all()))
    Learner.objects.all().delete()
    result = LearnerResource().import_data(FrenchCSV().create_dataset(content))
    assert not result.has_validation_errors(), row_errors(result)
    assert Learner.objects.get().person.last_name == "Morel"


def test_learner_export_query_count_does_not_grow(cohort, django_assert_num_queries):
    LearnerFactory.create_batch(10, cohort=cohort, cpts=CPTSFactory())
    with django_assert_num_queries(1):
        LearnerResource().export(queryset=Learner.objects.for_list())


# --- attendance -------------------------------------------------------------------------


@pytest.fixture
def session(cohort):
    return SessionFactory(
        module__cohort=cohort, module__title="gestion de la structure", start_date=datetime.date(2021, 6, 2)
    )


def attendance_xlsx(rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["promotion", "module", "premier jour", "prénom", "nom", "courriel", "présence"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_attendance_import_from_a_spreadsheet_marks_each_learner(session):
    anne = LearnerFactory(cohort=session.module.cohort, person=PersonFactory(first_name="Anne", last_name="Morel"))
    paul = LearnerFactory(cohort=session.module.cohort, person=PersonFactory(first_name="Paul", last_name="Durand"))
    day = datetime.datetime(2021, 6, 2)  # noqa: DTZ001 (a spreadsheet date has no time zone)
    data = attendance_xlsx(
        [
            ["Pays de la Loire 2021-2022", "", day, "Anne", "Morel", "", "présent·e"],
            ["Pays de la Loire 2021-2022", "", day, "Paul", "Durand", "", "excusé"],
        ]
    )
    result = AttendanceResource().import_data(XLSX().create_dataset(data))
    assert not result.has_validation_errors(), row_errors(result)
    assert dict(Attendance.objects.values_list("learner_id", "status")) == {anne.pk: "present", paul.pk: "excused"}


def test_attendance_import_refuses_a_person_not_in_the_cohort_and_writes_nothing(session):
    LearnerFactory(cohort=session.module.cohort, person=PersonFactory(first_name="Anne", last_name="Morel"))
    LearnerFactory(person=PersonFactory(first_name="Paul", last_name="Durand"))  # another cohort
    dataset = csv_dataset(
        "promotion;premier jour;prénom;nom;présence\n"
        "Pays de la Loire 2021-2022;02/06/2021;Anne;Morel;présent·e\n"
        "Pays de la Loire 2021-2022;02/06/2021;Paul;Durand;présent·e\n"
    )
    result = AttendanceResource().import_data(dataset)
    assert row_errors(result) == {
        2: {"learner": ["Paul Durand n'est pas inscrit·e dans la promotion de cette session."]}
    }
    assert not Attendance.objects.exists()


def test_attendance_import_names_a_missing_session(session):
    dataset = csv_dataset(
        "promotion;premier jour;prénom;nom;présence\nPays de la Loire 2021-2022;03/06/2021;A;B;absent\n"
    )
    result = AttendanceResource().import_data(dataset)
    assert row_errors(result) == {
        1: {"session": ["Aucune session de la promotion « Pays de la Loire 2021-2022 » ne commence le 03/06/2021."]}
    }


def test_attendance_export_has_french_headers(session):
    AttendanceFactory(session=session, learner__person=PersonFactory(last_name="Morel"), status="excused")
    dataset = AttendanceResource().export(queryset=Attendance.objects.all())
    assert dataset.headers == ["promotion", "module", "premier jour", "prénom", "nom", "courriel", "CPTS", "présence"]
    assert dataset[0][0] == "Pays de la Loire 2021-2022"
    assert dataset[0][2] == "02/06/2021"
    assert dataset[0][-1] == "excusé·e"


# --- the staff import pages -------------------------------------------------------------


def test_staff_imports_learners_after_a_preview(staff_client, cohort):
    content = (LEARNER_HEADER + "Pays de la Loire 2021-2022;;Anne;Morel;anne@example.org;;;;;\n").encode()
    url = reverse("interurps:import", args=["pacte-apprenants"])
    response = staff_client.post(url, {"file": SimpleUploadedFile("apprenants.csv", content)})
    assert not Learner.objects.exists()
    assert "1 création" in response.content.decode()
    confirm = reverse("interurps:import_confirm", args=["pacte-apprenants"])
    response = staff_client.post(confirm, {"token": response.context["token"]})
    assert response["Location"] == reverse("pacte:learner_list")
    assert Learner.objects.get().person.email == "anne@example.org"


def test_board_cannot_import_learners(board_client, cohort):
    response = board_client.get(reverse("interurps:import", args=["pacte-apprenants"]))
    assert response.status_code == 403
