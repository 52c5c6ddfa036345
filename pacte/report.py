"""The PACTE section of the annual report, computed from records in a constant number of queries."""

import datetime

from django.db.models import Prefetch
from django.utils.text import slugify

from interurps.models import Meeting, StaffMember
from pacte.models import Cohort, Module, RelayTrainer, Session
from pacte.selectors import (
    PROGRAMME_CODE,
    REGIONAL_COMMITTEE,
    RELAY_TRAINING_CATEGORIES,
    WORKING_MEETING,
    pacte_meetings,
)

# Meetings counted as the CPTS team's work ("environ 283 réunions"): of these programmes…
TEAM_MEETING_PROGRAMMES = ("cpts", PROGRAMME_CODE)
# …attended by a member of the team working on this programme.
TEAM_PROGRAMME = "cpts"


def team_meeting_count(year):
    """The meetings of the CPTS team in `year`.

    Definition: meetings dated in the year, of programme CPTS or PACTE, whose staff present
    includes at least one user whose StaffMember programmes include CPTS. Each meeting counts
    once, however many of the team attended it.
    """
    team = StaffMember.objects.filter(programmes__code=TEAM_PROGRAMME).values("user_id")
    return (
        Meeting.objects.in_year(year)
        .filter(programmes__code__in=TEAM_MEETING_PROGRAMMES, staff__in=team)
        .values("pk")
        .distinct()
        .count()
    )


def relay_trainers(year):
    """The relay trainers who had started their training by the end of `year`, with their status then."""
    end = datetime.date(year, 12, 31)
    trainers = list(
        RelayTrainer.objects.for_list()
        .filter(training_started_on__lte=end)
        .with_status_on(end)
        .order_by("training_started_on", "pk")
    )
    labels = dict(RelayTrainer.Status.choices)
    return [
        {
            "trainer": trainer,
            "name": trainer.display_name,
            "status": trainer.status_on,
            "status_label": labels[trainer.status_on],
            "training_started_on": trainer.training_started_on,
            "certified_on": trainer.certified_on if trainer.status_on == RelayTrainer.Status.CERTIFIED else None,
            "started_in_year": trainer.training_started_on.year == year,
            "certified_in_year": bool(trainer.certified_on and trainer.certified_on.year == year),
        }
        for trainer in trainers
    ]


def year_meetings(year):
    """The year's PACTE meetings of the categories the section lists, with who attended."""
    codes = (WORKING_MEETING, REGIONAL_COMMITTEE, *RELAY_TRAINING_CATEGORIES)
    return list(
        pacte_meetings()
        .in_year(year)
        .filter(category__code__in=codes)
        .select_related("category")
        .prefetch_related("staff", "people")
        .order_by("date", "start_time", "pk")
    )


def relay_training_events(meetings, trainers):
    """The relay-training meetings (formation formateur relais, pauses visio…) a relay trainer attended."""
    user_ids = {trainer.user_id for trainer in trainers if trainer.user_id}
    person_ids = {trainer.person_id for trainer in trainers if trainer.person_id}
    return [
        meeting
        for meeting in meetings
        if meeting.category.code in RELAY_TRAINING_CATEGORIES
        and (
            user_ids & {user.pk for user in meeting.staff.all()}
            or person_ids & {person.pk for person in meeting.people.all()}
        )
    ]


def working_meeting_groups(meetings, trainers):
    """Working meetings, grouped by the external relay trainer present (« avec le Dr … »).

    A meeting with no external relay trainer goes in a last group whose `with` is None.
    """
    working = [meeting for meeting in meetings if meeting.category.code == WORKING_MEETING]
    groups, grouped = [], set()
    for trainer in trainers:
        if not trainer.person_id:
            continue
        attended = [m for m in working if trainer.person_id in {person.pk for person in m.people.all()}]
        if attended:
            groups.append({"with": trainer.display_name, "meetings": attended})
            grouped |= {meeting.pk for meeting in attended}
    others = [meeting for meeting in working if meeting.pk not in grouped]
    if others:
        groups.append({"with": None, "meetings": others})
    return groups


def cohorts(year):
    """Cohorts running in `year`, each with its dated events of the year: the launch, then the sessions."""
    sessions = Session.objects.in_year(year).order_by("start_date")
    queryset = (
        Cohort.objects.running_in(year)
        .for_list()
        .prefetch_related(
            Prefetch(
                "modules",
                queryset=Module.objects.order_by("order").prefetch_related(Prefetch("sessions", queryset=sessions)),
            )
        )
        .order_by("start_date", "pk")
    )
    result = []
    for cohort in queryset:
        events = []
        if cohort.launch_date and cohort.launch_date.year == year:
            launch = "Lancement auprès des référents CPTS et des apprenants"
            events.append({"label": launch, "start": cohort.launch_date, "end": None})
        dated = [(session, module) for module in cohort.modules.all() for session in module.sessions.all()]
        for session, module in sorted(dated, key=lambda pair: (pair[0].start_date, pair[1].order)):
            events.append({"label": f"Module {module.title}", "start": session.start_date, "end": session.end_date})
        result.append(
            {
                "figure_key": slugify(cohort.name).replace("-", "_"),
                "cohort": cohort,
                "learner_count": cohort.learner_count or cohort.planned_learners,
                "started_in_year": cohort.start_date.year == year,
                "ends_after_year": bool(cohort.end_date and cohort.end_date.year > year),
                "events": events,
            }
        )
    return result


def build_section(year):
    """Every PACTE fact of the annual report for `year`, from records (see the functions above)."""
    trainer_rows = relay_trainers(year)
    trainers = [row["trainer"] for row in trainer_rows]
    meetings = year_meetings(year)
    return {
        "team_meeting_count": team_meeting_count(year),
        "relay_trainers": trainer_rows,
        # « par le biais de 2 formateurs relais »: those certified by the end of the year.
        "certified_trainer_count": sum(row["status"] == RelayTrainer.Status.CERTIFIED for row in trainer_rows),
        "relay_training_events": relay_training_events(meetings, trainers),
        "cohorts": cohorts(year),
        "working_meeting_groups": working_meeting_groups(meetings, trainers),
        "committee_meetings": [meeting for meeting in meetings if meeting.category.code == REGIONAL_COMMITTEE],
    }
