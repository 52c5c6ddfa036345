"""PACTE's training: the programme, its regional cohorts, their modules and sessions."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Q
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from interurps.names import user_display_name


class TrainingProgramme(models.Model):
    """A training programme (e.g. PACTE EHESP CPTS) run by a provider organisation."""

    name = models.CharField("nom", max_length=150, unique=True)
    provider = models.ForeignKey(
        "interurps.Organisation",
        verbose_name="organisme de formation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_programmes",
    )
    description = models.TextField("description", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "programme de formation"
        verbose_name_plural = "programmes de formation"
        ordering = ["name"]

    def __str__(self):
        return self.name


class CohortQuerySet(models.QuerySet):
    def for_list(self):
        """Cohorts with their programme and the number of modules and learners (withdrawn learners excluded)."""
        Learner = self.model.learners.rel.related_model  # learners.py imports this module
        return self.select_related("programme__provider").annotate(
            module_count=Count("modules", distinct=True),
            learner_count=Count("learners", filter=~Q(learners__status=Learner.Status.WITHDRAWN), distinct=True),
        )

    def running_in(self, year):
        """Cohorts launched, started, running or ended during `year`."""
        return self.filter(
            Q(launch_date__year=year)
            | Q(start_date__year__lte=year) & (Q(end_date__isnull=True) | Q(end_date__year__gte=year))
        )


def configured_region():
    """The region this instance serves (settings.REGION_NAME), the default region of a cohort."""
    return settings.REGION_NAME


class Cohort(models.Model):
    """A regional cohort (promotion) of the programme: planned learners, launch, start and end."""

    programme = models.ForeignKey(
        TrainingProgramme, verbose_name="programme de formation", on_delete=models.PROTECT, related_name="cohorts"
    )
    name = models.CharField(
        "intitulé", max_length=100, help_text="La région et les années de la promotion. Sert aussi dans les imports."
    )
    region = models.CharField("région", max_length=100, default=configured_region)
    launch_date = models.DateField(
        "date de lancement",
        null=True,
        blank=True,
        help_text="Réunion de lancement auprès des référents CPTS et des apprenants.",
    )
    start_date = models.DateField("début de la formation")
    end_date = models.DateField("fin prévue de la formation", null=True, blank=True)
    planned_learners = models.PositiveSmallIntegerField("nombre d'apprenants prévu")
    notes = models.TextField("notes", blank=True)

    objects = CohortQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = "promotion"
        verbose_name_plural = "promotions"
        ordering = ["-start_date", "region"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), name="cohort_unique_name", violation_error_message="Une promotion porte déjà ce nom."
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="cohort_end_after_start",
                violation_error_message="La fin de la formation précède son début.",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "La fin de la formation précède son début."})


class Module(models.Model):
    """A module of a cohort's curriculum (gestion de la structure, prise de fonction, projet de santé…)."""

    cohort = models.ForeignKey(Cohort, verbose_name="promotion", on_delete=models.CASCADE, related_name="modules")
    order = models.PositiveSmallIntegerField("ordre")
    title = models.CharField("intitulé", max_length=200)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "module"
        verbose_name_plural = "modules"
        ordering = ["cohort", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "order"],
                name="module_unique_order_per_cohort",
                violation_error_message="Cette promotion a déjà un module à cette position.",
            ),
        ]

    def __str__(self):
        return f"Module {self.order} – {self.title}"


class SessionQuerySet(models.QuerySet):
    def for_sheet(self):
        return self.select_related("module__cohort__programme").prefetch_related("staff_trainers", "trainers")

    def in_year(self, year):
        return self.filter(start_date__year=year)


class Session(models.Model):
    """A session of a module: one or several consecutive days, in a place or by visio."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", "présentiel"
        REMOTE = "remote", "visio"

    module = models.ForeignKey(Module, verbose_name="module", on_delete=models.CASCADE, related_name="sessions")
    start_date = models.DateField("premier jour")
    end_date = models.DateField(
        "dernier jour", null=True, blank=True, help_text="À laisser vide pour une session d'une journée."
    )
    mode = models.CharField("modalité", max_length=20, choices=Mode.choices, default=Mode.IN_PERSON)
    place = models.CharField("lieu", max_length=200, blank=True)
    staff_trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="formateurs de l'équipe", blank=True, related_name="pacte_sessions"
    )
    trainers = models.ManyToManyField(
        "interurps.Person", verbose_name="formateurs et intervenants", blank=True, related_name="pacte_sessions"
    )

    objects = SessionQuerySet.as_manager()

    history = HistoricalRecords(m2m_fields=["staff_trainers", "trainers"])

    class Meta:
        verbose_name = "session"
        verbose_name_plural = "sessions"
        ordering = ["start_date", "module__order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="session_end_after_start",
                violation_error_message="Le dernier jour précède le premier jour.",
            ),
        ]

    def __str__(self):
        return f"{self.module.title} – {self.start_date:%d/%m/%Y}"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "Le dernier jour précède le premier jour."})

    @property
    def last_day(self):
        return self.end_date or self.start_date

    @property
    def trainer_names(self):
        """The trainers' names, team first (reads the prefetched `staff_trainers` and `trainers`)."""
        staff = [user_display_name(user) for user in self.staff_trainers.all()]
        return staff + [person.full_name for person in self.trainers.all()]

    @property
    def days(self):
        """Every day of the session, in order."""
        count = (self.last_day - self.start_date).days + 1
        return [self.start_date + datetime.timedelta(days=offset) for offset in range(count)]
