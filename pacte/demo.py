"""Demo data of PACTE: the 2021-2022 regional cohort, its learners and sessions, the relay trainers and meetings.

Loaded last by `python manage.py load_demo` (it enrols the coordinators that `cpts.demo` gave the CPTS).
From the 2021 report: the cohort launched with the CPTS referents and the learners on 23 April 2021, for
12 coordinators, from June 2021 to June 2022; the modules of 2–3 June, 31 August–1 September and 8–9 November
2021; Mme LE NY relay trainer with the Dr Jean-François MOREUL, Mme BOUTIER in training from December; the
relay trainers' training days and video breaks, the 13 working meetings with the Dr MOREUL and the 4 regional
committees, all with their dates. Demo data: the learners (the report only counts them), the attendance,
the day of the certification, the 2022 modules.
"""

import datetime

from cpts.demo import DEMO_COORDINATORS
from cpts.enums import ContactRole
from cpts.models import CPTS
from interurps.demo import (
    BOUTIER,
    DEMO_NOTE,
    LE_NY,
    SOURCE_2021,
    MeetingSpec,
    demo_user,
    organisation,
    person,
    rng,
    save_meetings,
)
from interurps.models import Meeting
from pacte.models import Attendance, Cohort, Learner, Module, RelayTrainer, Session, TrainingProgramme
from pacte.services import enrol_learner, record_attendance

PROGRAMME = "PACTE EHESP CPTS"
COHORT = "Pays de la Loire 2021-2022"
LAUNCH = datetime.date(2021, 4, 23)
MODULES = [
    # order, title, first day, last day (the 2022 modules are demo data)
    (1, "gestion de la structure", datetime.date(2021, 6, 2), datetime.date(2021, 6, 3)),
    (2, "prise de fonction", datetime.date(2021, 8, 31), datetime.date(2021, 9, 1)),
    (3, "projet de santé", datetime.date(2021, 11, 8), datetime.date(2021, 11, 9)),
    (4, "animation territoriale", datetime.date(2022, 2, 3), datetime.date(2022, 2, 4)),
    (5, "pilotage des missions et évaluation", datetime.date(2022, 6, 9), datetime.date(2022, 6, 10)),
]
RELAY_TRAINING = [
    # date, end date, title, category code
    (datetime.date(2021, 4, 1), None, "Formation formateur relai", "relay_trainer_training"),
    (datetime.date(2021, 4, 13), None, "Formation formateur relai", "relay_trainer_training"),
    (datetime.date(2021, 5, 2), None, "Pause visio", "relay_trainer_visio"),
    (datetime.date(2021, 9, 16), datetime.date(2021, 9, 17), "Formation formateur relai", "relay_trainer_training"),
    (datetime.date(2021, 10, 6), None, "Pause visio", "relay_trainer_visio"),
    (datetime.date(2021, 11, 10), None, "Pause visio", "relay_trainer_visio"),
    (
        datetime.date(2021, 11, 25),
        datetime.date(2021, 11, 26),
        "Formation formateur relai",
        "relay_trainer_training",
    ),
    (datetime.date(2021, 12, 7), None, "Groupe de travail télémédecine", "relay_trainer_working_group"),
    (datetime.date(2021, 12, 16), None, "Webinaire module pédagogique EHESP", "webinar"),
]
WORKING_MEETINGS = [
    (2021, 1, 8),
    (2021, 3, 2),
    (2021, 3, 26),
    (2021, 4, 2),
    (2021, 4, 6),
    (2021, 4, 9),
    (2021, 4, 13),
    (2021, 4, 26),
    (2021, 5, 21),
    (2021, 6, 4),
    (2021, 6, 18),
    (2021, 10, 15),
    (2021, 12, 8),
]
COMMITTEES = [(2021, 1, 12), (2021, 5, 25), (2021, 10, 1), (2021, 10, 21)]
CERTIFIED_ON = datetime.date(2021, 5, 31)  # demo day: the report says they became relay trainers in 2021
BOUTIER_STARTED_ON = datetime.date(2021, 12, 1)  # « Mme BOUTIER a commencé la formation en décembre »


def load_cohort():
    programme = TrainingProgramme.objects.get(name=PROGRAMME)
    cohort = Cohort.objects.filter(name__iexact=COHORT).first() or Cohort(name=COHORT)
    cohort.programme = programme
    cohort.region = "Pays de la Loire"
    cohort.launch_date = LAUNCH
    cohort.start_date = MODULES[0][2]
    cohort.end_date = datetime.date(2022, 6, 30)
    cohort.planned_learners = 12
    cohort.notes = (
        "Lancement, dates des modules 2021 et nombre de coordinateurs d'après le rapport d'activité 2021 ; "
        f"apprenants, présences et modules 2022 : {DEMO_NOTE.lower()}"
    )
    cohort.full_clean(validate_unique=False, validate_constraints=False)
    cohort.save()
    return cohort


def load_sessions(cohort):
    staff_trainer, trainer = demo_user(LE_NY), person("Jean-François", "MOREUL")
    sessions = []
    for order, title, first, last in MODULES:
        module, _ = Module.objects.update_or_create(cohort=cohort, order=order, defaults={"title": title})
        session, _ = Session.objects.update_or_create(
            module=module, start_date=first, defaults={"end_date": last, "mode": Session.Mode.IN_PERSON}
        )
        session.staff_trainers.set([staff_trainer])
        session.trainers.set([trainer])
        sessions.append(session)
    return sessions


def load_learners(cohort):
    """The 12 coordinators in training: the coordinators `cpts.demo` gave the CPTS."""
    cpts = {c.name: c for c in CPTS.objects.all()}
    learners = []
    for cpts_name, first_name, last_name, role, _, _ in DEMO_COORDINATORS:
        if role != ContactRole.COORDINATOR:
            continue
        coordinator = person(first_name, last_name)
        learner = Learner.objects.filter(cohort=cohort, person=coordinator).first()
        if learner is None:
            learner = enrol_learner(cohort, person=coordinator, cpts=cpts[cpts_name], enrolled_on=LAUNCH)
        learners.append(learner)
    return learners


def load_attendance(sessions, learners):
    """Attendance of the 2021 sessions: nearly everyone present, a few excused or absent (the same on every run)."""
    random_ = rng("pacte-presences")
    statuses = [Attendance.Status.PRESENT] * 18 + [Attendance.Status.EXCUSED, Attendance.Status.ABSENT]
    for session in sessions:
        if session.start_date.year <= 2021:
            record_attendance(session, {learner: random_.choice(statuses) for learner in learners})


def load_relay_trainers():
    programme = TrainingProgramme.objects.get(name=PROGRAMME)
    for lookup, started, certified in [
        ({"user": demo_user(LE_NY)}, datetime.date(2021, 4, 1), CERTIFIED_ON),
        ({"person": person("Jean-François", "MOREUL")}, datetime.date(2021, 4, 1), CERTIFIED_ON),
        ({"user": demo_user(BOUTIER)}, BOUTIER_STARTED_ON, None),
    ]:
        trainer = RelayTrainer.objects.filter(programme=programme, **lookup).first() or RelayTrainer(
            programme=programme, **lookup
        )
        trainer.training_started_on, trainer.certified_on = started, certified
        trainer.notes = "Formation nationale PACTE EHESP des formateurs relais (rapport d'activité 2021). " + DEMO_NOTE
        trainer.full_clean(validate_unique=False, validate_constraints=False)
        trainer.save()


def pacte_meetings():
    """The relay trainers' training path, the working meetings with the Dr MOREUL and the regional committees."""
    le_ny, boutier, moreul = demo_user(LE_NY), demo_user(BOUTIER), person("Jean-François", "MOREUL")
    ehesp = organisation("EHESP")
    specs = [
        MeetingSpec(
            date=day,
            end_date=end,
            title=title,
            programmes=("pacte",),
            category=("pacte", category),
            kind=Meeting.Kind.TRAINING if category == "relay_trainer_training" else Meeting.Kind.WEBINAR,
            mode=Meeting.Mode.REMOTE,
            organisations=[ehesp],
            people=[moreul],
            staff=[le_ny, boutier] if day >= BOUTIER_STARTED_ON else [le_ny],
            notes=SOURCE_2021,
        )
        for day, end, title, category in RELAY_TRAINING
    ]
    specs += [
        MeetingSpec(
            date=datetime.date(*day),
            title="Réunion de travail PACTE",
            programmes=("pacte",),
            category=("pacte", "working_meeting"),
            mode=Meeting.Mode.REMOTE,
            people=[moreul],
            staff=[le_ny],
            notes=SOURCE_2021,
        )
        for day in WORKING_MEETINGS
    ]
    specs += [
        MeetingSpec(
            date=datetime.date(*day),
            title="Comité régional PACTE",
            programmes=("pacte",),
            category=("pacte", "regional_committee"),
            kind=Meeting.Kind.GOVERNANCE,
            mode=Meeting.Mode.REMOTE,
            organisations=[organisation("ARS"), ehesp],
            staff=[le_ny, boutier],
            notes=SOURCE_2021,
        )
        for day in COMMITTEES
    ]
    return specs


def load(stdout):
    cohort = load_cohort()
    sessions = load_sessions(cohort)
    learners = load_learners(cohort)
    load_attendance(sessions, learners)
    load_relay_trainers()
    meetings = save_meetings(pacte_meetings())
    stdout.write(
        f"  pacte : promotion {COHORT}, {len(sessions)} sessions, {len(learners)} apprenants, "
        f"3 formateurs relais, {len(meetings)} réunions."
    )
