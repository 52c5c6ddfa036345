import datetime
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from interurps.models import Person
from pacte.models import Cohort, Learner, Module, RelayTrainer, Session
from tests.cpts.factories import CPTSFactory
from tests.factories import MeetingFactory, PersonFactory, StaffUserFactory, category
from tests.pacte.factories import (
    AttendanceFactory,
    CohortFactory,
    LearnerFactory,
    ModuleFactory,
    RelayTrainerFactory,
    SessionFactory,
    TrainingProgrammeFactory,
)

pytestmark = pytest.mark.django_db


def page(client, name, *args, **query):
    return client.get(reverse(name, args=args), query).content.decode()


# --- cohorts ----------------------------------------------------------------------------


def test_home_lists_cohorts_with_their_learner_count(board_client):
    cohort = CohortFactory(name="Pays de la Loire 2021-2022", planned_learners=12)
    LearnerFactory.create_batch(3, cohort=cohort)
    LearnerFactory(cohort=cohort, status=Learner.Status.WITHDRAWN)
    html = page(board_client, "pacte:home")
    assert "Pays de la Loire 2021-2022" in html
    assert "3 (12)" in html


def test_home_filters_cohorts_by_search(board_client):
    CohortFactory(name="Pays de la Loire 2021-2022")
    CohortFactory(name="Bretagne 2022", region="Bretagne")
    html = page(board_client, "pacte:home", q="loire")
    assert "Pays de la Loire 2021-2022" in html
    assert "Bretagne 2022" not in html


def test_home_counts_the_years_pacte_meetings_by_category(board_client):
    today = timezone.localdate()
    committee = category("pacte", "Comité régional PACTE")
    MeetingFactory.create_batch(2, date=today, programmes=["pacte"], category=committee)
    MeetingFactory(date=datetime.date(today.year - 1, 12, 31), programmes=["pacte"], category=committee)
    response = board_client.get(reverse("pacte:home"))
    counts = {category.name: category.meeting_count for category in response.context["meeting_categories"]}
    assert counts["Comité régional PACTE"] == 2
    assert counts["Réunion de travail"] == 0


@pytest.mark.parametrize("count", [2, 15])
def test_home_query_count_does_not_grow_with_cohorts(board_client, django_assert_num_queries, count):
    for cohort in CohortFactory.create_batch(count):
        LearnerFactory(cohort=cohort)
        ModuleFactory(cohort=cohort)
    board_client.get(reverse("pacte:home"))
    # login session, user, savepoint, count, cohorts, permissions (2), programmes (filter), meeting counts, release
    with django_assert_num_queries(8):
        board_client.get(reverse("pacte:home"))


def test_staff_creates_a_cohort(staff_client):
    data = {
        "programme": TrainingProgrammeFactory().pk,
        "name": "Pays de la Loire 2021-2022",
        "region": "Pays de la Loire",
        "launch_date": "2021-04-23",
        "start_date": "2021-06-02",
        "end_date": "2022-06-30",
        "planned_learners": "12",
        "notes": "",
    }
    response = staff_client.post(reverse("pacte:cohort_create"), data)
    cohort = Cohort.objects.get()
    assert response["Location"] == reverse("pacte:cohort", args=[cohort.pk])
    assert cohort.planned_learners == 12


def test_cohort_form_refuses_an_end_before_the_start_in_french(staff_client):
    data = {
        "programme": TrainingProgrammeFactory().pk,
        "name": "PDL",
        "region": "Pays de la Loire",
        "start_date": "2021-06-02",
        "end_date": "2021-01-01",
        "planned_learners": "12",
    }
    response = staff_client.post(reverse("pacte:cohort_create"), data)
    assert "La fin de la formation précède son début." in response.content.decode()
    assert not Cohort.objects.exists()


def test_cohort_page_shows_modules_sessions_and_learners_with_attendance_rate(board_client):
    cohort = CohortFactory(name="Pays de la Loire 2021-2022")
    module = ModuleFactory(cohort=cohort, order=1, title="gestion de la structure")
    session = SessionFactory(module=module, start_date=datetime.date(2021, 6, 2), end_date=datetime.date(2021, 6, 3))
    other = SessionFactory(module=module, start_date=datetime.date(2021, 8, 31), end_date=datetime.date(2021, 9, 1))
    learner = LearnerFactory(cohort=cohort, person=PersonFactory(first_name="Anne", last_name="Morel"))
    AttendanceFactory(session=session, learner=learner, status="present")
    AttendanceFactory(session=other, learner=learner, status="absent")
    html = page(board_client, "pacte:cohort", cohort.pk)
    assert "Module 1 – gestion de la structure" in html
    assert "2 et 3 juin 2021" in html
    assert "31 août et 1er septembre 2021" in html
    assert "Anne MOREL" in html
    assert "50 %" in html


@pytest.mark.parametrize("count", [2, 10])
def test_cohort_page_query_count_does_not_grow(board_client, django_assert_num_queries, count):
    cohort = CohortFactory()
    trainer = StaffUserFactory()
    for order in range(1, count + 1):
        SessionFactory(module=ModuleFactory(cohort=cohort, order=order), staff_trainers=[trainer])
    cpts = CPTSFactory()
    for learner in LearnerFactory.create_batch(count, cohort=cohort, cpts=cpts):
        AttendanceFactory(session=Session.objects.filter(module__cohort=cohort).first(), learner=learner)
    board_client.get(reverse("pacte:cohort", args=[cohort.pk]))
    # login session, user, savepoint, cohort, modules, sessions, staff trainers, trainers, permissions (2),
    # learners, release; the history: its records and the names of its programme
    with django_assert_num_queries(12):
        board_client.get(reverse("pacte:cohort", args=[cohort.pk]))


# --- modules and sessions ---------------------------------------------------------------


def test_staff_adds_a_module_at_the_next_position(staff_client):
    cohort = CohortFactory()
    ModuleFactory(cohort=cohort, order=1)
    response = staff_client.get(reverse("pacte:module_create", args=[cohort.pk]))
    assert response.context["form"].initial["order"] == 2
    staff_client.post(reverse("pacte:module_create", args=[cohort.pk]), {"order": 2, "title": "prise de fonction"})
    assert cohort.modules.get(order=2).title == "prise de fonction"


def test_module_form_refuses_a_position_taken_in_french(staff_client):
    cohort = CohortFactory()
    ModuleFactory(cohort=cohort, order=1)
    response = staff_client.post(reverse("pacte:module_create", args=[cohort.pk]), {"order": 1, "title": "doublon"})
    assert "Cette promotion a déjà un module à cette position." in response.content.decode()
    assert cohort.modules.count() == 1


def test_staff_adds_a_two_day_session_with_trainers(staff_client):
    module = ModuleFactory()
    trainer = StaffUserFactory()
    moreul = PersonFactory(last_name="Moreul")
    data = {
        "start_date": "2021-06-02",
        "end_date": "2021-06-03",
        "mode": "in_person",
        "place": "Angers",
        "staff_trainers": [trainer.pk],
        "trainers": [moreul.pk],
    }
    response = staff_client.post(reverse("pacte:session_create", args=[module.pk]), data)
    session = Session.objects.get()
    assert response["Location"] == reverse("pacte:session", args=[session.pk])
    assert session.module == module
    assert list(session.staff_trainers.all()) == [trainer]
    assert list(session.trainers.all()) == [moreul]


def test_session_form_refuses_a_last_day_before_the_first(staff_client):
    module = ModuleFactory()
    data = {"start_date": "2021-06-03", "end_date": "2021-06-02", "mode": "in_person"}
    response = staff_client.post(reverse("pacte:session_create", args=[module.pk]), data)
    assert "Le dernier jour précède le premier jour." in response.content.decode()
    assert not Session.objects.exists()


# --- learners ---------------------------------------------------------------------------


def test_staff_enrols_an_existing_person(staff_client):
    cohort = CohortFactory()
    person = PersonFactory()
    cpts = CPTSFactory()
    data = {"person": person.pk, "cpts": cpts.pk, "status": "enrolled"}
    response = staff_client.post(reverse("pacte:learner_create", args=[cohort.pk]), data)
    assert response["Location"] == reverse("pacte:cohort", args=[cohort.pk])
    learner = Learner.objects.get()
    assert (learner.cohort, learner.person, learner.cpts) == (cohort, person, cpts)


def test_staff_enrols_a_new_person_created_on_the_spot(staff_client):
    cohort = CohortFactory()
    data = {"first_name": "Jeanne", "last_name": "Boutier", "email": "jeanne@example.org", "status": "enrolled"}
    staff_client.post(reverse("pacte:learner_create", args=[cohort.pk]), data)
    learner = Learner.objects.get()
    assert learner.person.full_name == "Jeanne BOUTIER"
    assert learner.person.email == "jeanne@example.org"


def test_enrol_form_asks_for_a_name_when_no_person_is_chosen(staff_client):
    cohort = CohortFactory()
    response = staff_client.post(reverse("pacte:learner_create", args=[cohort.pk]), {"status": "enrolled"})
    html = response.content.decode()
    assert "Indiquez le nom de la nouvelle personne (ou choisissez-en une)." in html
    assert not Person.objects.exists()


def test_enrol_form_does_not_offer_people_already_enrolled(staff_client):
    learner = LearnerFactory()
    response = staff_client.get(reverse("pacte:learner_create", args=[learner.cohort.pk]))
    assert learner.person not in response.context["form"].fields["person"].queryset


def test_learner_list_filters_by_cohort_and_exports(board_client):
    mine = LearnerFactory(person=PersonFactory(last_name="Morel"))
    LearnerFactory(person=PersonFactory(last_name="Durand"))
    html = page(board_client, "pacte:learner_list", cohort=mine.cohort.pk)
    assert "MOREL" in html
    assert "DURAND" not in html
    response = board_client.get(reverse("pacte:learner_list"), {"cohort": mine.cohort.pk, "export": "csv"})
    content = response.content.decode("utf-8-sig")
    assert content.splitlines()[0].startswith("promotion;civilité;prénom;nom;courriel")
    assert "Morel" in content
    assert "Durand" not in content


@pytest.mark.parametrize("count", [2, 12])
def test_learner_list_query_count_does_not_grow(board_client, django_assert_num_queries, count):
    cpts = CPTSFactory()
    LearnerFactory.create_batch(count, cpts=cpts)
    board_client.get(reverse("pacte:learner_list"))
    # login session, user, savepoint, count, learners, permissions (2), cohorts (filter), release
    with django_assert_num_queries(7):
        board_client.get(reverse("pacte:learner_list"))


def test_staff_records_a_completion(staff_client):
    learner = LearnerFactory()
    data = {"status": "enrolled", "completed_on": "2022-06-30"}
    staff_client.post(reverse("pacte:learner_edit", args=[learner.pk]), data)
    learner.refresh_from_db()
    assert learner.completed_on == datetime.date(2022, 6, 30)


# --- attendance list --------------------------------------------------------------------


@pytest.mark.parametrize("count", [2, 12])
def test_attendance_list_query_count_does_not_grow(board_client, django_assert_num_queries, count):
    session = SessionFactory()
    AttendanceFactory.create_batch(count, session=session)
    board_client.get(reverse("pacte:attendance_list"))
    # login session, user, savepoint, count, attendances, permissions (2), cohorts and sessions (filter), release
    with django_assert_num_queries(8):
        board_client.get(reverse("pacte:attendance_list"))


def test_attendance_list_filters_by_status(board_client):
    AttendanceFactory(status="present", learner__person=PersonFactory(last_name="Present"))
    AttendanceFactory(status="excused", learner__person=PersonFactory(last_name="Excuse"))
    html = page(board_client, "pacte:attendance_list", status="excused")
    assert "EXCUSE" in html
    assert "PRESENT" not in html


# --- relay trainers ---------------------------------------------------------------------


def test_relay_trainer_page_shows_status_and_training_path(board_client):
    user = StaffUserFactory(first_name="Anne-Laure", last_name="Le Ny")
    trainer = RelayTrainerFactory(
        user=user, training_started_on=datetime.date(2021, 1, 4), certified_on=datetime.date(2021, 11, 26)
    )
    MeetingFactory(
        date=datetime.date(2021, 4, 1),
        title="formation formateur relai",
        programmes=["pacte"],
        category=category("pacte", "Formation formateur relais"),
        staff=[user],
    )
    MeetingFactory(
        date=datetime.date(2021, 4, 2),
        title="réunion sans elle",
        programmes=["pacte"],
        category=category("pacte", "Formation formateur relais"),
    )
    html = page(board_client, "pacte:relaytrainer", trainer.pk)
    assert "Anne-Laure LE NY" in html
    assert "certifié·e" in html
    assert "1er avril 2021" in html
    assert "réunion sans elle" not in html


def test_staff_records_an_external_relay_trainer(staff_client):
    moreul = PersonFactory(civility="dr", first_name="Jean-François", last_name="Moreul")
    data = {
        "programme": TrainingProgrammeFactory().pk,
        "person": moreul.pk,
        "training_started_on": "2020-09-01",
        "certified_on": "2021-01-15",
    }
    staff_client.post(reverse("pacte:relaytrainer_create"), data)
    trainer = RelayTrainer.objects.get()
    assert trainer.display_name == "Dr Jean-François MOREUL"


def test_relay_trainer_form_wants_a_team_member_or_a_person(staff_client):
    data = {"programme": TrainingProgrammeFactory().pk, "training_started_on": "2021-12-01"}
    response = staff_client.post(reverse("pacte:relaytrainer_create"), data)
    assert "Choisissez soit un membre de l'équipe, soit une personne extérieure." in unescape(response.content.decode())
    assert not RelayTrainer.objects.exists()


@pytest.mark.parametrize("count", [2, 12])
def test_relay_trainer_list_query_count_does_not_grow(board_client, django_assert_num_queries, count):
    RelayTrainerFactory.create_batch(count)
    board_client.get(reverse("pacte:relaytrainer_list"))
    # login session, user, savepoint, count, trainers, permissions (2), release
    with django_assert_num_queries(6):
        board_client.get(reverse("pacte:relaytrainer_list"))


def test_modules_are_listed_in_order(board_client):
    cohort = CohortFactory()
    Module.objects.create(cohort=cohort, order=2, title="prise de fonction")
    Module.objects.create(cohort=cohort, order=1, title="gestion de la structure")
    html = page(board_client, "pacte:cohort", cohort.pk)
    assert html.index("gestion de la structure") < html.index("prise de fonction")


def test_a_chargee_de_mission_runs_a_cohort_from_creation_to_attendance_sheet(staff_client):
    """The issue's acceptance: create a cohort with a module and a session, enrol, take attendance, get the PDF."""
    programme = TrainingProgrammeFactory()
    cohort_data = {
        "programme": programme.pk,
        "name": "Pays de la Loire 2021-2022",
        "region": "Pays de la Loire",
        "start_date": "2021-06-02",
        "planned_learners": "12",
    }
    cohort_url = staff_client.post(reverse("pacte:cohort_create"), cohort_data)["Location"]
    cohort = Cohort.objects.get()
    module_data = {"order": 1, "title": "gestion de la structure"}
    staff_client.post(reverse("pacte:module_create", args=[cohort.pk]), module_data)
    module = cohort.modules.get()
    session_data = {"start_date": "2021-06-02", "end_date": "2021-06-03", "mode": "in_person", "place": "Nantes"}
    staff_client.post(reverse("pacte:session_create", args=[module.pk]), session_data)
    session = module.sessions.get()
    learner_data = {"first_name": "Anne", "last_name": "Morel", "status": "enrolled"}
    staff_client.post(reverse("pacte:learner_create", args=[cohort.pk]), learner_data)
    learner = cohort.learners.get()
    staff_client.post(reverse("pacte:session_attendance", args=[session.pk]), {f"learner_{learner.pk}": "present"})
    html = staff_client.get(cohort_url).content.decode()
    assert "2 et 3 juin 2021" in html
    assert "Anne MOREL" in html
    assert "100 %" in html
    pdf = staff_client.get(reverse("pacte:session_sheet", args=[session.pk]))
    assert pdf.content.startswith(b"%PDF")
