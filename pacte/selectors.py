"""Reads of the PACTE programme: pages, attendance sheets and the relay trainers' training path."""

from django.db.models import Count, Prefetch, Q

from interurps.models import Meeting, MeetingCategory
from pacte.models import Attendance, Cohort, Learner, Module, RelayTrainer, Session

PROGRAMME_CODE = "pacte"

# Codes of meeting categories of programme PACTE (interurps reference data, completed by pacte's migration 0002;
# coded by interurps 0006 and pacte 0004): an administrator may rename them without changing the report.
WORKING_MEETING = "working_meeting"
REGIONAL_COMMITTEE = "regional_committee"
RELAY_TRAINING_CATEGORIES = (
    "relay_trainer_training",  # Formation formateur relais
    "relay_trainer_visio",  # Pause visio formateurs relais
    "relay_trainer_working_group",  # Groupe de travail formateurs relais
    "webinar",  # Webinaire
)


def pacte_meetings():
    return Meeting.objects.filter(programmes__code=PROGRAMME_CODE, category__programme__code=PROGRAMME_CODE)


def meeting_counts(year):
    """The PACTE meeting categories with the number of PACTE meetings of `year` in each (`meeting_count`)."""
    in_year = Q(meetings__date__year=year, meetings__programmes__code=PROGRAMME_CODE)
    return MeetingCategory.objects.filter(programme__code=PROGRAMME_CODE, is_active=True).annotate(
        meeting_count=Count("meetings", filter=in_year, distinct=True)
    )


def relay_training_meetings(trainers):
    """Meetings of the relay-training categories that one of `trainers` attended (as staff or as a person)."""
    user_ids = [trainer.user_id for trainer in trainers if trainer.user_id]
    person_ids = [trainer.person_id for trainer in trainers if trainer.person_id]
    attended = Q(pk__in=Meeting.staff.through.objects.filter(user_id__in=user_ids).values("meeting_id")) | Q(
        pk__in=Meeting.people.through.objects.filter(person_id__in=person_ids).values("meeting_id")
    )
    return (
        pacte_meetings()
        .filter(category__code__in=RELAY_TRAINING_CATEGORIES)
        .filter(attended)
        .select_related("category")
        .order_by("date", "start_time")
    )


def sessions_with_trainers():
    return Session.objects.prefetch_related("staff_trainers", "trainers").order_by("start_date")


def cohort_for_detail(queryset=None):
    """Cohorts with their modules, sessions and trainers prefetched (learners are read separately)."""
    queryset = Cohort.objects.for_list() if queryset is None else queryset
    return queryset.prefetch_related(
        Prefetch(
            "modules",
            queryset=Module.objects.order_by("order").prefetch_related(
                Prefetch("sessions", queryset=sessions_with_trainers())
            ),
        )
    )


def cohort_learners(cohort):
    """The cohort's learners with their CPTS and attendance counts, in name order."""
    return cohort.learners.for_list().with_attendance().order_by("person__last_name", "person__first_name")


def session_roster(session):
    """The learners expected at a session, each with the status already marked (or None).

    Withdrawn learners are listed only when an attendance was marked for them before they left.
    """
    marked = {attendance.learner_id: attendance.status for attendance in session.attendances.all()}
    learners = (
        Learner.objects.filter(cohort_id=session.module.cohort_id)
        .filter(~Q(status=Learner.Status.WITHDRAWN) | Q(pk__in=list(marked)))
        .select_related("person", "cpts")
        .order_by("person__last_name", "person__first_name")
    )
    return [(learner, marked.get(learner.pk)) for learner in learners]


def attendance_list():
    return Attendance.objects.select_related(
        "session__module__cohort__programme", "learner__person", "learner__cpts"
    ).order_by("-session__start_date", "learner__person__last_name", "learner__person__first_name")


def relay_trainers_for_list():
    return RelayTrainer.objects.for_list().select_related("person__organisation")
