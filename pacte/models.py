"""PACTE: the EHESP training of CPTS coordinators, its regional cohorts and its relay trainers."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, F, Q, Value, When
from django.db.models.functions import Lower
from django.utils import timezone
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
