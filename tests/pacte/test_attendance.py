import datetime
import shutil
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pacte import services
from pacte.models import Attendance, Learner
from tests.cpts.factories import CPTSFactory
from tests.factories import PersonFactory, UserFactory
from tests.pacte.factories import AttendanceFactory, LearnerFactory, SessionFactory

pytestmark = pytest.mark.django_db

PRESENT, ABSENT, EXCUSED = Attendance.Status.PRESENT, Attendance.Status.ABSENT, Attendance.Status.EXCUSED


@pytest.fixture
def session():
    return SessionFactory(start_date=datetime.date(2021, 6, 2), end_date=datetime.date(2021, 6, 3))


def enrol(session, count, **kwargs):
    return LearnerFactory.create_batch(count, cohort=session.module.cohort, **kwargs)


def statuses(session):
    return dict(Attendance.objects.filter(session=session).values_list("learner_id", "status"))


def test_record_attendance_saves_every_learner_at_once(session):
    first, second = enrol(session, 2)
    services.record_attendance(session, {first: PRESENT, second: EXCUSED})
    assert statuses(session) == {first.pk: PRESENT, second.pk: EXCUSED}


def test_record_attendance_updates_what_was_marked(session):
    learner = enrol(session, 1)[0]
    AttendanceFactory(session=session, learner=learner, status=ABSENT)
    services.record_attendance(session, {learner: PRESENT})
    assert statuses(session) == {learner.pk: PRESENT}


def test_record_attendance_refuses_a_learner_of_another_cohort_and_writes_nothing(session):
    mine = enrol(session, 1)[0]
    stranger = LearnerFactory(person=PersonFactory(first_name="Paul", last_name="Durand"))
    with pytest.raises(ValidationError) as error:
        services.record_attendance(session, {mine: PRESENT, stranger: PRESENT})
    assert error.value.messages == ["Paul DURAND n'est pas inscrit·e dans la promotion de cette session."]
    assert statuses(session) == {}


def test_record_attendance_refuses_an_unknown_status(session):
    learner = enrol(session, 1)[0]
    with pytest.raises(ValidationError) as error:
        services.record_attendance(session, {learner: "peut-être"})
    assert error.value.messages == ["Présence non reconnue : « peut-être »."]


def test_attendance_page_lists_every_learner_with_three_choices(staff_client, session):
    enrol(session, 1, person=PersonFactory(first_name="Anne", last_name="Morel"))
    response = staff_client.get(reverse("pacte:session_attendance", args=[session.pk]))
    page = response.content.decode()
    assert "Anne MOREL" in page
    for label in ("présent·e", "absent·e", "excusé·e"):
        assert label in page


def test_attendance_page_shows_what_was_already_marked(staff_client, session):
    learner = enrol(session, 1)[0]
    AttendanceFactory(session=session, learner=learner, status=EXCUSED)
    response = staff_client.get(reverse("pacte:session_attendance", args=[session.pk]))
    assert response.context["form"][f"learner_{learner.pk}"].initial == EXCUSED


def test_attendance_page_can_prefill_everyone_present(staff_client, session):
    learner = enrol(session, 1)[0]
    response = staff_client.get(reverse("pacte:session_attendance", args=[session.pk]) + "?tous=present")
    assert response.context["form"][f"learner_{learner.pk}"].initial == PRESENT


def test_posting_the_attendance_form_saves_all_statuses(staff_client, session):
    first, second, third = enrol(session, 3)
    data = {f"learner_{first.pk}": PRESENT, f"learner_{second.pk}": ABSENT, f"learner_{third.pk}": EXCUSED}
    response = staff_client.post(reverse("pacte:session_attendance", args=[session.pk]), data, follow=True)
    assert statuses(session) == {first.pk: PRESENT, second.pk: ABSENT, third.pk: EXCUSED}
    assert "Présences enregistrées pour 3 apprenant·es." in response.content.decode()


def test_attendance_form_with_a_learner_unmarked_saves_nothing(staff_client, session):
    first, second = enrol(session, 2)
    second.person.first_name, second.person.last_name = "Jeanne", "Petit"
    second.person.save()
    url = reverse("pacte:session_attendance", args=[session.pk])
    response = staff_client.post(url, {f"learner_{first.pk}": PRESENT})
    assert response.status_code == 200
    assert "Indiquez la présence de Jeanne PETIT." in response.content.decode()
    assert statuses(session) == {}


def test_attendance_form_ignores_a_learner_of_another_cohort(staff_client, session):
    mine = enrol(session, 1)[0]
    stranger = LearnerFactory()
    url = reverse("pacte:session_attendance", args=[session.pk])
    staff_client.post(url, {f"learner_{mine.pk}": PRESENT, f"learner_{stranger.pk}": PRESENT})
    assert statuses(session) == {mine.pk: PRESENT}


def test_withdrawn_learners_are_not_on_the_attendance_form(staff_client, session):
    active = enrol(session, 1, person__first_name="Louise", person__last_name="Martin")[0]
    withdrawn = enrol(
        session, 1, status=Learner.Status.WITHDRAWN, person__first_name="Odile", person__last_name="Zébulon"
    )[0]
    response = staff_client.get(reverse("pacte:session_attendance", args=[session.pk]))
    assert [learner for learner, _ in response.context["form"].rows] == [active]
    assert "MARTIN" in response.content.decode()
    assert "ZÉBULON" not in response.content.decode()
    assert withdrawn.person.last_name == "Zébulon"


def test_board_cannot_post_attendance(board_client, session):
    learner = enrol(session, 1)[0]
    response = board_client.post(
        reverse("pacte:session_attendance", args=[session.pk]), {f"learner_{learner.pk}": PRESENT}
    )
    assert response.status_code == 403
    assert statuses(session) == {}


@pytest.mark.parametrize("count", [2, 12])
def test_attendance_page_query_count_does_not_grow_with_learners(staff_client, django_assert_num_queries, count):
    session = SessionFactory()
    for learner in enrol(session, count, cpts=CPTSFactory()):
        AttendanceFactory(session=session, learner=learner)
    staff_client.get(reverse("pacte:session_attendance", args=[session.pk]))  # warm the session and permissions
    # login session, user, savepoint, session with cohort, attendances, permissions (2), learners, release
    with django_assert_num_queries(7):
        staff_client.get(reverse("pacte:session_attendance", args=[session.pk]))


def test_session_page_shows_who_was_present(board_client, session):
    learner = enrol(session, 1, person=PersonFactory(first_name="Luc", last_name="Bernard"))[0]
    AttendanceFactory(session=session, learner=learner, status=PRESENT)
    page = board_client.get(reverse("pacte:session", args=[session.pk])).content.decode()
    assert "Luc BERNARD" in page
    assert "1 présent·e" in page
    assert "2 et 3 juin 2021" in page


def test_attendance_sheet_is_a_pdf_with_the_learners_names(board_client, session, tmp_path):
    enrol(
        session,
        1,
        person=PersonFactory(first_name="Camille", last_name="Renaud"),
        cpts=CPTSFactory(name="CPTS Erdre et Cens"),
    )
    response = board_client.get(reverse("pacte:session_sheet", args=[session.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext absent : le texte du PDF n'est pas vérifié.")
    path = tmp_path / "emargement.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout
    assert "Feuille d'émargement" in text
    assert "Camille RENAUD" in text
    assert "CPTS Erdre et Cens" in text
    assert "2 et 3 juin 2021" in text
    assert text.count("Après-midi") == 2  # one morning and one afternoon per day


def test_record_attendance_keeps_the_history_of_what_was_marked_and_changed(session):
    first, second = LearnerFactory(cohort=session.module.cohort), LearnerFactory(cohort=session.module.cohort)
    staff = UserFactory()
    services.record_attendance(session, {first: PRESENT, second: EXCUSED}, user=staff)
    services.record_attendance(session, {first: EXCUSED, second: EXCUSED}, user=staff)
    history = Attendance.history.filter(learner=first).order_by("history_id")
    assert [(record.history_type, record.status, record.history_user) for record in history] == [
        ("+", PRESENT, staff),
        ("~", EXCUSED, staff),
    ]
    assert Attendance.history.filter(learner=second).count() == 1  # unchanged the second time: no new record
