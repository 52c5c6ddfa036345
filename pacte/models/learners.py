"""The learners of a cohort and their attendance at its sessions."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from simple_history.models import HistoricalRecords

from pacte.models.training import Cohort, Session


class LearnerQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("person__organisation", "cpts", "cohort__programme")

    def active(self):
        return self.exclude(status=Learner.Status.WITHDRAWN)

    def with_attendance(self):
        """Number of attendances marked, present and excused, for an attendance rate."""
        return self.annotate(
            marked_count=Count("attendances"),
            present_count=Count("attendances", filter=Q(attendances__status=Attendance.Status.PRESENT)),
            excused_count=Count("attendances", filter=Q(attendances__status=Attendance.Status.EXCUSED)),
        )


class Learner(models.Model):
    """A CPTS coordinator enrolled in a cohort."""

    class Status(models.TextChoices):
        ENROLLED = "enrolled", "inscrit·e"
        WITHDRAWN = "withdrawn", "abandon"

    cohort = models.ForeignKey(Cohort, verbose_name="promotion", on_delete=models.CASCADE, related_name="learners")
    person = models.ForeignKey(
        "interurps.Person", verbose_name="personne", on_delete=models.PROTECT, related_name="pacte_enrolments"
    )
    cpts = models.ForeignKey(
        "cpts.CPTS",
        verbose_name="CPTS",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pacte_learners",
    )
    status = models.CharField("statut", max_length=20, choices=Status.choices, default=Status.ENROLLED)
    enrolled_on = models.DateField("inscrit·e le", null=True, blank=True)
    completed_on = models.DateField("formation terminée le", null=True, blank=True)

    objects = LearnerQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = "apprenant·e"
        verbose_name_plural = "apprenant·es"
        ordering = ["person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "person"],
                name="learner_unique_person_per_cohort",
                violation_error_message="Cette personne est déjà inscrite dans cette promotion.",
            ),
        ]

    def __str__(self):
        return str(self.person)

    @property
    def is_completed(self):
        return self.completed_on is not None

    @property
    def attendance_rate(self):
        """Share of the marked sessions where the learner was present (needs `with_attendance()`), or None."""
        if not self.marked_count:
            return None
        return round(100 * self.present_count / self.marked_count)


class Attendance(models.Model):
    """Whether a learner attended a session."""

    class Status(models.TextChoices):
        PRESENT = "present", "présent·e"
        ABSENT = "absent", "absent·e"
        EXCUSED = "excused", "excusé·e"

    session = models.ForeignKey(Session, verbose_name="session", on_delete=models.CASCADE, related_name="attendances")
    learner = models.ForeignKey(
        Learner, verbose_name="apprenant·e", on_delete=models.CASCADE, related_name="attendances"
    )
    status = models.CharField("présence", max_length=20, choices=Status.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "présence"
        verbose_name_plural = "présences"
        ordering = ["session__start_date", "learner__person__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "learner"],
                name="attendance_unique_per_session_learner",
                violation_error_message="La présence de cette personne à cette session est déjà enregistrée.",
            ),
        ]

    def __str__(self):
        return f"{self.learner} – {self.session} : {self.get_status_display()}"

    def clean(self):
        if self.session_id and self.learner_id and self.learner.cohort_id != self.session.module.cohort_id:
            raise ValidationError(
                {"learner": f"{self.learner} n'est pas inscrit·e dans la promotion de cette session."}
            )
