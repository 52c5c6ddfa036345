"""The relay trainers of a programme, whose status is computed from two dates."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from simple_history.models import HistoricalRecords

from pacte.models.training import TrainingProgramme


class RelayTrainerQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("user__staff_member", "person", "union", "programme")

    def with_status_on(self, day):
        """Annotate `status_on`: the trainer's status on `day` (certified, in training, or not started)."""
        return self.annotate(
            status_on=Case(
                When(certified_on__lte=day, then=Value(RelayTrainer.Status.CERTIFIED)),
                When(training_started_on__lte=day, then=Value(RelayTrainer.Status.IN_TRAINING)),
                default=Value(""),
            )
        )


class RelayTrainer(models.Model):
    """A relay trainer (formateur relais) of a programme: a member of the team or an external person.

    The status is computed from two dates (training started, certified), so the status on any
    date — the end of a report year for instance — can be told, and nothing is overwritten.
    Their training path (formation formateur relais, pauses visio, webinaires) is the meetings of
    programme PACTE in the relay-training categories that they attended (see `selectors`).
    """

    class Status(models.TextChoices):
        IN_TRAINING = "in_training", "en formation"
        CERTIFIED = "certified", "certifié·e"

    programme = models.ForeignKey(
        TrainingProgramme,
        verbose_name="programme de formation",
        on_delete=models.PROTECT,
        related_name="relay_trainers",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="membre de l'équipe",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="relay_trainer_roles",
    )
    person = models.ForeignKey(
        "interurps.Person",
        verbose_name="personne extérieure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="relay_trainer_roles",
    )
    union = models.ForeignKey(
        "interurps.Union",
        verbose_name="union",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="relay_trainers",
    )
    training_started_on = models.DateField("en formation depuis le")
    certified_on = models.DateField("certifié·e le", null=True, blank=True)
    notes = models.TextField("notes", blank=True)

    objects = RelayTrainerQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = "formateur relais"
        verbose_name_plural = "formateurs relais"
        ordering = ["training_started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, person__isnull=True) | Q(user__isnull=True, person__isnull=False),
                name="relaytrainer_user_or_person",
                violation_error_message="Choisissez soit un membre de l'équipe, soit une personne extérieure.",
            ),
            models.CheckConstraint(
                condition=Q(certified_on__isnull=True) | Q(certified_on__gte=F("training_started_on")),
                name="relaytrainer_certified_after_start",
                violation_error_message="La certification précède le début de la formation.",
            ),
            models.UniqueConstraint(
                fields=["programme", "user"],
                condition=Q(user__isnull=False),
                name="relaytrainer_unique_user",
                violation_error_message="Ce membre de l'équipe est déjà formateur relais de ce programme.",
            ),
            models.UniqueConstraint(
                fields=["programme", "person"],
                condition=Q(person__isnull=False),
                name="relaytrainer_unique_person",
                violation_error_message="Cette personne est déjà formateur relais de ce programme.",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if bool(self.user_id) == bool(self.person_id):
            errors["person"] = "Choisissez soit un membre de l'équipe, soit une personne extérieure."
        if self.certified_on and self.training_started_on and self.certified_on < self.training_started_on:
            errors["certified_on"] = "La certification précède le début de la formation."
        if errors:
            raise ValidationError(errors)

    @property
    def name(self):
        if self.user_id:
            return self.user.get_full_name() or self.user.get_username()
        return str(self.person) if self.person_id else ""

    @property
    def display_name(self):
        """The name with a civility (Dr, Mme…) when known, as the report writes it."""
        if self.person_id and self.person.civility:
            return f"{self.person.get_civility_display()} {self.person.full_name}"
        if self.user_id:
            first, last = self.user.first_name, self.user.last_name
            return f"{first} {last.upper()}".strip() or self.user.get_username()
        return self.name

    def status_on(self, day):
        if self.certified_on and self.certified_on <= day:
            return self.Status.CERTIFIED
        if self.training_started_on <= day:
            return self.Status.IN_TRAINING
        return None

    @property
    def status(self):
        return self.status_on(timezone.localdate())

    @property
    def status_label(self):
        """Today's status in words, or "" before the training starts."""
        status = self.status
        return status.label if status else ""
