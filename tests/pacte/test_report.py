"""The PACTE section of the annual report, on hand-made data shaped like the 2021 report."""

import datetime

import pytest
from django.template.loader import render_to_string

from interurps.models import Programme
from interurps.report.registry import sections
from pacte.models import Learner
from pacte.report import build_section, team_meeting_count
from tests.factories import (
    MeetingFactory,
    PersonFactory,
    StaffMemberFactory,
    StaffUserFactory,
    category,
    rename_category,
)
from tests.pacte.factories import CohortFactory, LearnerFactory, ModuleFactory, RelayTrainerFactory, SessionFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def team_member(first_name, last_name, programme="cpts"):
    member = StaffMemberFactory(user=StaffUserFactory(first_name=first_name, last_name=last_name))
    member.programmes.set(Programme.objects.filter(code=programme))
    return member.user


def pacte_meeting(day, title, category_name, end_date=None, **kwargs):
    return MeetingFactory(
        date=day,
        end_date=end_date,
        title=title,
        programmes=["pacte"],
        category=category("pacte", category_name),
        **kwargs,
    )


@pytest.fixture
def team():
    return {"le_ny": team_member("Anne-Laure", "Le Ny"), "boutier": team_member("Jeanne", "Boutier")}


@pytest.fixture
def moreul():
    return PersonFactory(civility="dr", first_name="Jean-François", last_name="Moreul")


@pytest.fixture
def relay_trainers(team, moreul):
    RelayTrainerFactory(user=team["le_ny"], training_started_on=D(2020, 11, 2), certified_on=D(2021, 11, 26))
    RelayTrainerFactory(user=None, person=moreul, training_started_on=D(2020, 9, 1), certified_on=D(2021, 1, 15))
    RelayTrainerFactory(user=team["boutier"], training_started_on=D(2021, 12, 6))


@pytest.fixture
def cohort():
    cohort = CohortFactory(
        name="Pays de la Loire 2021-2022",
        launch_date=D(2021, 4, 23),
        start_date=D(2021, 6, 2),
        end_date=D(2022, 6, 30),
        planned_learners=12,
    )
    for order, title, start, end in [
        (1, "gestion de la structure", D(2021, 6, 2), D(2021, 6, 3)),
        (2, "prise de fonction", D(2021, 8, 31), D(2021, 9, 1)),
        (3, "projet de santé", D(2021, 11, 8), D(2021, 11, 9)),
        (4, "parcours", D(2022, 2, 3), D(2022, 2, 4)),
    ]:
        SessionFactory(module=ModuleFactory(cohort=cohort, order=order, title=title), start_date=start, end_date=end)
    return cohort


# --- the CPTS team's meetings -----------------------------------------------------------


def test_team_meetings_count_cpts_and_pacte_meetings_of_cpts_staff_once(team):
    sas_member = team_member("Sam", "Sas", programme="sas")
    MeetingFactory.create_batch(3, date=D(2021, 3, 1), programmes=["cpts"], staff=[team["le_ny"]])
    MeetingFactory(date=D(2021, 5, 4), programmes=["pacte"], staff=[team["boutier"]])
    MeetingFactory(date=D(2021, 6, 1), programmes=["cpts", "pacte"], staff=[team["le_ny"], team["boutier"]])
    MeetingFactory(date=D(2021, 6, 2), programmes=["sas"], staff=[team["le_ny"]])  # another programme
    MeetingFactory(date=D(2021, 6, 3), programmes=["cpts"], staff=[sas_member])  # not the CPTS team
    MeetingFactory(date=D(2021, 6, 4), programmes=["cpts"])  # nobody of the team logged
    MeetingFactory(date=D(2020, 12, 31), programmes=["cpts"], staff=[team["le_ny"]])  # another year
    assert team_meeting_count(2021) == 5


# --- relay trainers ---------------------------------------------------------------------


def test_relay_trainers_with_their_status_at_the_end_of_the_year(relay_trainers):
    rows = build_section(2021)["relay_trainers"]
    assert [(row["name"], row["status"], row["certified_on"]) for row in rows] == [
        ("Dr Jean-François MOREUL", "certified", D(2021, 1, 15)),
        ("Anne-Laure LE NY", "certified", D(2021, 11, 26)),
        ("Jeanne BOUTIER", "in_training", None),
    ]
    assert [row["started_in_year"] for row in rows] == [False, False, True]


def test_relay_trainer_certified_later_is_in_training_in_the_earlier_report(relay_trainers):
    rows = {row["name"]: row for row in build_section(2021)["relay_trainers"]}
    assert rows["Jeanne BOUTIER"]["status_label"] == "en formation"
    rows_2020 = {row["name"]: row for row in build_section(2020)["relay_trainers"]}
    assert rows_2020["Anne-Laure LE NY"]["status"] == "in_training"
    assert "Jeanne BOUTIER" not in rows_2020


def test_relay_training_events_are_the_years_meetings_a_relay_trainer_attended(team, moreul, relay_trainers):
    le_ny = team["le_ny"]
    pacte_meeting(D(2021, 4, 1), "formation formateur relai", "Formation formateur relais", staff=[le_ny])
    pacte_meeting(D(2021, 5, 2), "pause visio", "Pause visio formateurs relais", staff=[le_ny])
    pacte_meeting(
        D(2021, 9, 16),
        "formation formateur relai",
        "Formation formateur relais",
        end_date=D(2021, 9, 17),
        staff=[le_ny],
    )
    telemedecine = pacte_meeting(
        D(2021, 12, 7), "groupe de travail télémédecine", "Groupe de travail formateurs relais"
    )
    telemedecine.people.add(moreul)
    pacte_meeting(D(2021, 12, 16), "webinaire module pédagogique EHESP", "Webinaire", staff=[team["boutier"]])
    pacte_meeting(D(2021, 10, 6), "pause visio sans formateur", "Pause visio formateurs relais")
    pacte_meeting(D(2020, 11, 10), "pause visio de l'an passé", "Pause visio formateurs relais", staff=[le_ny])
    events = build_section(2021)["relay_training_events"]
    assert [(meeting.date, meeting.title) for meeting in events] == [
        (D(2021, 4, 1), "formation formateur relai"),
        (D(2021, 5, 2), "pause visio"),
        (D(2021, 9, 16), "formation formateur relai"),
        (D(2021, 12, 7), "groupe de travail télémédecine"),
        (D(2021, 12, 16), "webinaire module pédagogique EHESP"),
    ]


# --- the cohort -------------------------------------------------------------------------


def test_cohort_launched_in_the_year_with_its_modules_dated(cohort):
    LearnerFactory.create_batch(12, cohort=cohort)
    LearnerFactory(cohort=cohort, status=Learner.Status.WITHDRAWN)
    (row,) = build_section(2021)["cohorts"]
    assert row["learner_count"] == 12
    assert row["started_in_year"] is True
    assert row["ends_after_year"] is True
    assert [(event["label"], event["start"], event["end"]) for event in row["events"]] == [
        ("Lancement auprès des référents CPTS et des apprenants", D(2021, 4, 23), None),
        ("Module gestion de la structure", D(2021, 6, 2), D(2021, 6, 3)),
        ("Module prise de fonction", D(2021, 8, 31), D(2021, 9, 1)),
        ("Module projet de santé", D(2021, 11, 8), D(2021, 11, 9)),
    ]


def test_cohort_without_learners_yet_counts_its_planned_learners(cohort):
    (row,) = build_section(2021)["cohorts"]
    assert row["learner_count"] == 12


def test_cohort_continues_in_the_next_report_with_that_years_sessions(cohort):
    (row,) = build_section(2022)["cohorts"]
    assert row["started_in_year"] is False
    assert [event["label"] for event in row["events"]] == ["Module parcours"]


# --- working meetings and the regional committee ----------------------------------------


def test_working_meetings_are_grouped_by_the_external_relay_trainer_present(moreul, relay_trainers):
    for day in [D(2021, 1, 8), D(2021, 3, 2), D(2021, 12, 8)]:
        pacte_meeting(day, "réunion de travail", "Réunion de travail").people.add(moreul)
    pacte_meeting(D(2021, 2, 1), "préparation interne", "Réunion de travail")
    groups = build_section(2021)["working_meeting_groups"]
    assert [(group["with"], [m.date for m in group["meetings"]]) for group in groups] == [
        ("Dr Jean-François MOREUL", [D(2021, 1, 8), D(2021, 3, 2), D(2021, 12, 8)]),
        (None, [D(2021, 2, 1)]),
    ]


def test_renaming_the_working_meeting_category_keeps_the_working_meetings(moreul, relay_trainers):
    pacte_meeting(D(2021, 1, 8), "réunion de travail", "Réunion de travail").people.add(moreul)
    rename_category("pacte", "working_meeting", "Réunion de travail PACTE")
    groups = build_section(2021)["working_meeting_groups"]
    assert [(group["with"], [m.date for m in group["meetings"]]) for group in groups] == [
        ("Dr Jean-François MOREUL", [D(2021, 1, 8)])
    ]


def test_regional_committee_dates():
    for day in [D(2021, 10, 21), D(2021, 1, 12), D(2021, 5, 25), D(2021, 10, 1)]:
        pacte_meeting(day, "Comité régional PACTE", "Comité régional PACTE")
    pacte_meeting(D(2022, 1, 11), "Comité régional PACTE", "Comité régional PACTE")
    dates = [meeting.date for meeting in build_section(2021)["committee_meetings"]]
    assert dates == [D(2021, 1, 12), D(2021, 5, 25), D(2021, 10, 1), D(2021, 10, 21)]


# --- the whole section ------------------------------------------------------------------


def make_year(team, moreul, size):
    """A year of PACTE activity; `size` multiplies every kind of record."""
    for index in range(size):
        day = D(2021, 3, 1) + datetime.timedelta(days=index)
        MeetingFactory(date=day, programmes=["cpts"], staff=[team["le_ny"], team["boutier"]])
        pacte_meeting(day, "formation formateur relai", "Formation formateur relais", staff=[team["le_ny"]])
        pacte_meeting(day, "réunion de travail", "Réunion de travail").people.add(moreul)
        pacte_meeting(day, "Comité régional PACTE", "Comité régional PACTE")
        cohort = CohortFactory(start_date=D(2021, 6, 2))
        LearnerFactory.create_batch(2, cohort=cohort)
        for order in (1, 2):
            SessionFactory(module=ModuleFactory(cohort=cohort, order=order), start_date=D(2021, 6, order))


@pytest.mark.parametrize("size", [1, 8])
def test_section_query_count_does_not_grow_with_the_data(team, moreul, relay_trainers, django_assert_num_queries, size):
    make_year(team, moreul, size)
    # team count, relay trainers, meetings (+ staff, people), cohorts (+ modules, sessions)
    with django_assert_num_queries(8):
        build_section(2021)


def test_section_renders_the_reports_facts_in_french(team, moreul, relay_trainers, cohort):
    LearnerFactory.create_batch(12, cohort=cohort)
    pacte_meeting(D(2021, 1, 8), "réunion de travail", "Réunion de travail").people.add(moreul)
    pacte_meeting(D(2021, 1, 12), "Comité régional PACTE", "Comité régional PACTE")
    pacte_meeting(
        D(2021, 9, 16),
        "formation formateur relai",
        "Formation formateur relais",
        end_date=D(2021, 9, 17),
        staff=[team["le_ny"]],
    )
    MeetingFactory(date=D(2021, 3, 1), programmes=["cpts"], staff=[team["le_ny"]])  # 2 with the training above
    html = render_to_string("pacte/report_section.html", {**build_section(2021), "year": 2021, "preview": False})
    text = " ".join(html.split())
    assert "<strong>2</strong> <span>réunions de l'équipe CPTS en 2021</span>" in text
    assert "Anne-Laure LE NY" in text
    assert "formateur relais depuis 2021" in text
    assert "Dr Jean-François MOREUL" in text
    assert "Jeanne BOUTIER</strong> <span>en formation depuis décembre 2021" in text
    assert "16 et 17 septembre 2021" in text
    assert (
        "En juin 2021, a été lancée la formation PACTE EHESP CPTS en région Pays de la Loire "
        "pour 12 coordinateurs CPTS." in text
    )
    assert "Celle-ci doit se terminer en juin 2022." in text
    assert "23 avril 2021" in text
    assert "2 et 3 juin 2021" in text
    assert "31 août et 1er septembre 2021" in text
    assert "8 et 9 novembre 2021" in text
    assert "Avec Dr Jean-François MOREUL" in text
    assert "8 janvier 2021" in text
    assert "12 janvier 2021" in text


def test_section_is_registered_for_the_report():
    (section,) = [section for section in sections() if section.key == "pacte"]
    assert (section.order, section.build, section.template) == (
        60,
        "pacte.report.build_section",
        "pacte/report_section.html",
    )
