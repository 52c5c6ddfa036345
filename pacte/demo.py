"""Demo data of PACTE: the 2021-2022 regional cohort, its learners and sessions, the relay trainers and meetings.

Loaded last by `python manage.py load_demo` (it enrols the coordinators that `cpts.demo` gave the CPTS),
from the files of `pacte/demo_data/`. From the 2021 report: the cohort launched with the CPTS referents
and the learners on 23 April 2021, for 12 coordinators, from June 2021 to June 2022; the modules of
2–3 June, 31 August–1 September and 8–9 November 2021; Mme LE NY relay trainer with the Dr Jean-François
MOREUL, Mme BOUTIER in training from December; the relay trainers' training days and video breaks, the
13 working meetings with the Dr MOREUL and the 4 regional committees, all with their dates. Demo data: the
learners (the report only counts them), the attendance, the day of the certification, the 2022 modules.
"""

from cpts.enums import ContactRole
from cpts.models import CPTS
from interurps import demo_loader
from interurps.demo_loader import demo_user, person
from pacte.models import Attendance, Cohort, Learner, Module, RelayTrainer, Session, TrainingProgramme
from pacte.services import enrol_learner, record_attendance

COHORT = demo_loader.read("pacte", "cohort")


def load_cohort():
    programme = TrainingProgramme.objects.get(name=COHORT["programme"])
    cohort = Cohort.objects.filter(name__iexact=COHORT["name"]).first() or Cohort(name=COHORT["name"])
    cohort.programme = programme
    cohort.region = COHORT["region"]
    cohort.launch_date = COHORT["launch_date"]
    cohort.start_date = COHORT["modules"][0]["start_date"]
    cohort.end_date = COHORT["end_date"]
    cohort.planned_learners = COHORT["planned_learners"]
    cohort.notes = COHORT["notes"]
    cohort.full_clean(validate_unique=False, validate_constraints=False)
    cohort.save()
    return cohort


def load_sessions(cohort):
    staff_trainer, trainer = demo_user(COHORT["session_staff_trainer"]), person(*COHORT["session_trainer"])
    sessions = []
    for row in COHORT["modules"]:
        module, _ = Module.objects.update_or_create(cohort=cohort, order=row["order"], defaults={"title": row["title"]})
        session, _ = Session.objects.update_or_create(
            module=module,
            start_date=row["start_date"],
            defaults={"end_date": row["end_date"], "mode": Session.Mode.IN_PERSON},
        )
        session.staff_trainers.set([staff_trainer])
        session.trainers.set([trainer])
        sessions.append(session)
    return sessions


def load_learners(cohort):
    """The coordinators in training: the coordinators `cpts.demo` gave the CPTS (`cpts/demo_data/contacts.json`)."""
    cpts = {c.name: c for c in CPTS.objects.all()}
    learners = []
    for row in demo_loader.read("cpts", "contacts")["coordinators"]:
        if row["role"] != ContactRole.COORDINATOR:
            continue
        coordinator = person(row["first_name"], row["last_name"])
        learner = Learner.objects.filter(cohort=cohort, person=coordinator).first()
        if learner is None:
            learner = enrol_learner(
                cohort, person=coordinator, cpts=cpts[row["cpts"]], enrolled_on=COHORT["launch_date"]
            )
        learners.append(learner)
    return learners


def load_attendance(sessions, learners):
    """Attendance of the sessions up to `last_year`: nearly everyone present, a few excused or absent (the same
    on every run)."""
    attendance = COHORT["attendance"]
    random_ = demo_loader.rng(attendance["seed"])
    statuses = (
        [Attendance.Status.PRESENT] * attendance["present"]
        + [Attendance.Status.EXCUSED] * attendance["excused"]
        + [Attendance.Status.ABSENT] * attendance["absent"]
    )
    for session in sessions:
        if session.start_date.year <= attendance["last_year"]:
            record_attendance(session, {learner: random_.choice(statuses) for learner in learners})


def load_relay_trainers():
    programme = TrainingProgramme.objects.get(name=COHORT["programme"])
    for row in COHORT["relay_trainers"]:
        lookup = {"user": demo_user(row["user"])} if "user" in row else {"person": person(*row["person"])}
        trainer = RelayTrainer.objects.filter(programme=programme, **lookup).first() or RelayTrainer(
            programme=programme, **lookup
        )
        trainer.training_started_on, trainer.certified_on = row["training_started_on"], row["certified_on"]
        trainer.notes = COHORT["relay_trainer_notes"]
        trainer.full_clean(validate_unique=False, validate_constraints=False)
        trainer.save()


def load(stdout):
    cohort = load_cohort()
    sessions = load_sessions(cohort)
    learners = load_learners(cohort)
    load_attendance(sessions, learners)
    load_relay_trainers()
    meetings = demo_loader.save_meetings(demo_loader.meeting_specs(demo_loader.read("pacte", "meetings")))
    stdout.write(
        f"  pacte : promotion {COHORT['name']}, {len(sessions)} sessions, {len(learners)} apprenants, "
        f"{len(COHORT['relay_trainers'])} formateurs relais, {len(meetings)} réunions."
    )
