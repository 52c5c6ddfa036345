"""SAS (service d'accès aux soins): deployment per department, and the platform's indicators per period.

The SAS meetings themselves are `interurps.Meeting` rows of programme SAS: nothing here counts them.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, FloatField, Q, When
from django.db.models.functions import Cast
from simple_history.models import HistoricalRecords


class SASDeploymentQuerySet(models.QuerySet):
    def with_history(self):
        """The department, the dated statuses and the participating CPTS, in three queries."""
        return self.select_related("department").prefetch_related(
            models.Prefetch("statuses", queryset=SASDeploymentStatus.objects.order_by("date", "pk")),
            "participating_cpts",
        )


class SASDeployment(models.Model):
    """The SAS of one department: its dated statuses and the CPTS taking part."""

    department = models.OneToOneField(
        "interurps.Department", verbose_name="département", on_delete=models.PROTECT, related_name="sas_deployment"
    )
    participating_cpts = models.ManyToManyField(
        "cpts.CPTS", verbose_name="CPTS participantes", blank=True, related_name="sas_deployments"
    )
    notes = models.TextField("notes", blank=True)

    objects = SASDeploymentQuerySet.as_manager()

    # `history` is the list of statuses (below): the change history is `change_history`.
    change_history = HistoricalRecords(m2m_fields=["participating_cpts"])

    class Meta:
        verbose_name = "déploiement du SAS"
        verbose_name_plural = "déploiements du SAS"
        ordering = ["department__code"]

    def __str__(self):
        return f"SAS {self.department}"

    @property
    def history(self):
        """The statuses in order (uses the prefetched ones when `with_history()` fetched them)."""
        return sorted(self.statuses.all(), key=lambda status: (status.date, status.pk))

    @property
    def current_status(self):
        """The latest status, or None before the first one."""
        history = self.history
        return history[-1] if history else None

    def status_on(self, day):
        """The status in force on `day` (the latest one dated on or before it), or None."""
        passed = [status for status in self.history if status.date <= day]
        return passed[-1] if passed else None


class SASDeploymentStatus(models.Model):
    """One dated step of a department's SAS: pilot, preparation, operational…

    History is append-only in time: a status cannot be dated before one recorded earlier,
    so the latest recorded status is always the current one.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", "candidature au projet pilote"
        PILOT_SELECTED = "pilot_selected", "projet pilote retenu"
        PILOT_SUPPORTED = "pilot_supported", "projet pilote accompagné par l'ARS"
        PREPARATION = "preparation", "préparation du déploiement"
        OPERATIONAL = "operational", "opérationnel"
        SUSPENDED = "suspended", "suspendu"

    deployment = models.ForeignKey(
        SASDeployment, verbose_name="déploiement", on_delete=models.CASCADE, related_name="statuses"
    )
    status = models.CharField("statut", max_length=20, choices=Status.choices)
    date = models.DateField("date")
    note = models.CharField("précision", max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "statut du SAS"
        verbose_name_plural = "statuts du SAS"
        ordering = ["deployment__department__code", "date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["deployment", "status", "date"],
                name="sasdeploymentstatus_unique_day",
                violation_error_message="Ce statut est déjà enregistré à cette date.",
            ),
        ]

    def __str__(self):
        return f"{self.get_status_display()} ({self.date:%d/%m/%Y})"

    def clean(self):
        if self.deployment_id is None or self.date is None:
            return
        others = SASDeploymentStatus.objects.filter(deployment_id=self.deployment_id).exclude(pk=self.pk)
        if self.pk:
            earlier = others.filter(pk__lt=self.pk, date__gt=self.date).order_by("-date").first()
            later = others.filter(pk__gt=self.pk, date__lt=self.date).order_by("date").first()
        else:
            earlier, later = others.filter(date__gt=self.date).order_by("-date").first(), None
        if earlier:
            raise ValidationError(
                {
                    "date": f"Le statut « {earlier.get_status_display()} » est daté du {earlier.date:%d/%m/%Y} : "
                    "un statut suivant ne peut pas être daté d'avant."
                }
            )
        if later:
            raise ValidationError(
                {
                    "date": f"Le statut suivant « {later.get_status_display()} » est daté du {later.date:%d/%m/%Y} : "
                    "ce statut ne peut pas être daté d'après."
                }
            )


class SASIndicatorQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("department", "cpts__department")

    def with_fill_rate(self):
        """Annotate `fill_rate_value`: slots taken / slots offered (None when no slot was offered)."""
        return self.annotate(
            fill_rate_value=Case(
                When(slots_offered__gt=0, then=Cast("slots_taken", FloatField()) / Cast("slots_offered", FloatField())),
                default=None,
                output_field=FloatField(),
            )
        )

    def overlapping(self, start, end):
        """Indicators whose period overlaps [start, end]."""
        return self.filter(period_start__lte=end, period_end__gte=start)

    def in_department(self, department):
        """Indicators of a department: its own and those of its CPTS."""
        return self.filter(Q(department=department) | Q(cpts__department=department))


class SASIndicator(models.Model):
    """What the SAS platform shows for one period, for a department or for one CPTS."""

    period_start = models.DateField("début de période")
    period_end = models.DateField("fin de période")
    department = models.ForeignKey(
        "interurps.Department",
        verbose_name="département",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sas_indicators",
    )
    cpts = models.ForeignKey(
        "cpts.CPTS", verbose_name="CPTS", on_delete=models.PROTECT, null=True, blank=True, related_name="sas_indicators"
    )
    registered_providers = models.PositiveIntegerField(
        "effecteurs inscrits", null=True, blank=True, help_text="Effecteurs inscrits sur la plateforme numérique SAS."
    )
    regulators = models.PositiveIntegerField("régulateurs", null=True, blank=True)
    slots_offered = models.PositiveIntegerField("créneaux proposés", default=0)
    slots_taken = models.PositiveIntegerField("créneaux pris", default=0)
    notes = models.CharField("notes", max_length=300, blank=True)

    objects = SASIndicatorQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = "indicateur SAS"
        verbose_name_plural = "indicateurs SAS"
        ordering = ["-period_start", "department__code", "cpts__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="sasindicator_period_order",
                violation_error_message="La fin de période précède son début.",
            ),
            models.CheckConstraint(
                condition=Q(slots_taken__lte=F("slots_offered")),
                name="sasindicator_taken_le_offered",
                violation_error_message="Il ne peut pas y avoir plus de créneaux pris que de créneaux proposés.",
            ),
            models.CheckConstraint(
                condition=Q(department__isnull=False, cpts__isnull=True)
                | Q(department__isnull=True, cpts__isnull=False),
                name="sasindicator_one_scope",
                violation_error_message="Choisissez un département ou une CPTS (l'un des deux).",
            ),
            models.UniqueConstraint(
                fields=["department", "period_start", "period_end"],
                condition=Q(cpts__isnull=True),
                name="sasindicator_unique_department_period",
                violation_error_message="Des indicateurs existent déjà pour ce département et cette période.",
            ),
            models.UniqueConstraint(
                fields=["cpts", "period_start", "period_end"],
                condition=Q(department__isnull=True),
                name="sasindicator_unique_cpts_period",
                violation_error_message="Des indicateurs existent déjà pour cette CPTS et cette période.",
            ),
        ]

    def __str__(self):
        return f"{self.scope} – {self.period_start:%d/%m/%Y} au {self.period_end:%d/%m/%Y}"

    @property
    def scope(self):
        """The department or the CPTS the figures are about."""
        return self.cpts if self.cpts_id else self.department

    @property
    def scope_department(self):
        return self.cpts.department if self.cpts_id else self.department

    @property
    def days(self):
        return (self.period_end - self.period_start).days + 1

    @property
    def fill_rate(self):
        """Share of the slots offered that were taken (0.59 for 59 %), None when none was offered."""
        if not self.slots_offered:
            return None
        return self.slots_taken / self.slots_offered

    @property
    def slots_offered_per_day(self):
        return self.slots_offered / self.days

    def clean(self):
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = "La fin de période précède son début."
        if self.slots_taken is not None and self.slots_offered is not None and self.slots_taken > self.slots_offered:
            errors["slots_taken"] = (
                f"Il ne peut pas y avoir plus de créneaux pris ({self.slots_taken}) "
                f"que de créneaux proposés ({self.slots_offered})."
            )
        if self.department_id and self.cpts_id:
            errors["cpts"] = "Choisissez un département ou une CPTS, pas les deux."
        elif not self.department_id and not self.cpts_id:
            errors["department"] = "Choisissez le département ou la CPTS concerné(e)."
        if errors:
            raise ValidationError(errors)
