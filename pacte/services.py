"""Writes of the PACTE programme that touch several records or need checks across them."""

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from interurps.models import Person
from pacte.models import Attendance, Learner


@transaction.atomic
def enrol_learner(cohort, *, person=None, new_person=None, **fields):
    """Enrol an existing person, or a person created on the spot from `new_person` (a dict of Person fields).

    Raises ValidationError (in French) and writes nothing when the person is already in the cohort.
    """
    if (person is None) == (new_person is None):
        raise ValidationError("Choisissez une personne existante ou saisissez une nouvelle personne.")
    if new_person is not None:
        person = Person(**new_person)
        person.full_clean()
        person.save()
    learner = Learner(cohort=cohort, person=person, **fields)
    learner.full_clean()
    learner.save()
    return learner


@transaction.atomic
def record_attendance(session, statuses, user=None):
    """Save the attendance of a session at once: `statuses` maps learners (or their ids) to a status.

    Every learner must belong to the session's cohort and every status be valid; otherwise
    a ValidationError (in French) is raised and nothing is written.
    """
    statuses = {getattr(learner, "pk", learner): status for learner, status in statuses.items()}
    cohort_id = session.module.cohort_id
    learners = Learner.objects.filter(pk__in=statuses).select_related("person")
    found = {learner.pk: learner for learner in learners}
    errors = []
    for learner_id in statuses:
        learner = found.get(learner_id)
        if learner is None:
            errors.append(f"Apprenant·e inconnu·e (n° {learner_id}).")
        elif learner.cohort_id != cohort_id:
            errors.append(f"{learner} n'est pas inscrit·e dans la promotion de cette session.")
    valid = set(Attendance.Status.values)
    errors += [f"Présence non reconnue : « {status} »." for status in statuses.values() if status not in valid]
    if errors:
        raise ValidationError(errors)
    # Written in bulk, with their history (who marked what, when), as any other change to the attendance.
    marked = {attendance.learner_id: attendance for attendance in session.attendances.filter(learner__in=statuses)}
    changed = []
    for learner_id, status in statuses.items():
        attendance = marked.get(learner_id)
        if attendance is not None and attendance.status != status:
            attendance.status = status
            changed.append(attendance)
    new = [
        Attendance(session=session, learner_id=pk, status=status) for pk, status in statuses.items() if pk not in marked
    ]
    bulk_create_with_history(new, Attendance, default_user=user)
    bulk_update_with_history(changed, Attendance, ["status"], default_user=user)
