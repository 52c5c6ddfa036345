"""ACI contracts (Accord conventionnel interprofessionnel), their missions and payments."""

import calendar
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cpts.enums import ACI_DURATION_YEARS, MISSION_DEADLINES, SOCLE_MISSIONS, Mission, PaymentKind, SizeClass
from cpts.querysets import PaymentQuerySet


def add_months(date, months):
    """`date` moved by `months` months; the 31st becomes the last day of a shorter month."""
    month_index = date.month - 1 + months
    year, month = date.year + month_index // 12, month_index % 12 + 1
    return date.replace(year=year, month=month, day=min(date.day, calendar.monthrange(year, month)[1]))


def add_years(date, years):
    return add_months(date, 12 * years)


class ACIContract(models.Model):
    """The Accord conventionnel interprofessionnel of a CPTS (tripartite: CPTS, CPAM, ARS), for five years."""

    cpts = models.OneToOneField(
        "cpts.CPTS",
        verbose_name="CPTS",
        on_delete=models.PROTECT,
        related_name="aci",
        error_messages={"unique": "Cette CPTS a déjà un contrat ACI."},
    )
    signed_on = models.DateField("date de signature")
    size_class_at_signature = models.PositiveSmallIntegerField(
        "taille à la signature",
        choices=SizeClass.choices,
        help_text="Relevée à la signature, d'après la population du territoire à ce moment-là.",
    )
    notes = models.TextField("notes", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "contrat ACI"
        verbose_name_plural = "contrats ACI"
        ordering = ["signed_on", "pk"]

    def __str__(self):
        return f"ACI de {self.cpts} signé le {self.signed_on:%d/%m/%Y}"

    @property
    def end_date(self):
        return add_years(self.signed_on, ACI_DURATION_YEARS)

    def anniversaries(self):
        """The anniversary dates of the contract, on which the variable parts are paid."""
        return [add_years(self.signed_on, year) for year in range(1, ACI_DURATION_YEARS + 1)]

    def next_anniversary(self, today=None):
        today = today or timezone.localdate()
        return next((date for date in self.anniversaries() if date >= today), None)


class ContractMission(models.Model):
    """A mission chosen in an ACI contract, and when it started."""

    contract = models.ForeignKey(
        ACIContract, verbose_name="contrat ACI", on_delete=models.CASCADE, related_name="missions"
    )
    mission = models.CharField("mission", max_length=20, choices=Mission.choices)
    started_on = models.DateField("date de démarrage", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "mission du contrat"
        verbose_name_plural = "missions du contrat"
        ordering = ["contract", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "mission"],
                name="contractmission_unique_mission",
                violation_error_message="Cette mission figure déjà au contrat.",
            ),
        ]

    def __str__(self):
        return self.get_mission_display()

    @property
    def is_socle(self):
        return self.mission in SOCLE_MISSIONS

    @property
    def start_deadline(self):
        """The date by which a socle mission must have started (None for an optional mission)."""
        if self.mission not in MISSION_DEADLINES:
            return None
        return add_months(self.contract.signed_on, MISSION_DEADLINES[self.mission][0])

    @property
    def deployment_deadline(self):
        if self.mission not in MISSION_DEADLINES:
            return None
        return add_months(self.contract.signed_on, MISSION_DEADLINES[self.mission][1])


class Payment(models.Model):
    """The amount planned and paid under an ACI for one year and one kind (fonctionnement, or a mission's part)."""

    contract = models.ForeignKey(
        ACIContract, verbose_name="contrat ACI", on_delete=models.CASCADE, related_name="payments"
    )
    year = models.PositiveSmallIntegerField("année")
    kind = models.CharField("nature", max_length=20, choices=PaymentKind.choices)
    mission = models.CharField(
        "mission", max_length=20, choices=Mission.choices, blank=True, help_text="Sauf pour le fonctionnement."
    )
    planned_amount = models.DecimalField("montant prévu (€)", max_digits=10, decimal_places=2, default=Decimal(0))
    paid_amount = models.DecimalField("montant versé (€)", max_digits=10, decimal_places=2, default=Decimal(0))
    paid_on = models.DateField("date de versement", null=True, blank=True)
    note = models.CharField("note", max_length=300, blank=True)

    objects = PaymentQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = "versement ACI"
        verbose_name_plural = "versements ACI"
        ordering = ["year", "kind", "mission"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_amount__gte=0) & Q(paid_amount__gte=0),
                name="payment_amounts_positive",
                violation_error_message="Les montants sont positifs ou nuls.",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2019, year__lte=2100),
                name="payment_year_range",
                violation_error_message="L'année d'un versement ACI va de 2019 (premiers ACI) à 2100.",
            ),
            models.CheckConstraint(
                condition=(Q(kind=PaymentKind.FUNCTIONING) & Q(mission=""))
                | (~Q(kind=PaymentKind.FUNCTIONING) & ~Q(mission="")),
                name="payment_mission_matches_kind",
                violation_error_message="Une part fixe ou variable porte sur une mission ; le fonctionnement, non.",
            ),
            models.UniqueConstraint(
                fields=["contract", "year", "kind", "mission"],
                name="payment_unique_line",
                violation_error_message="Ce versement est déjà enregistré pour cette année.",
            ),
        ]

    def __str__(self):
        label = self.get_kind_display()
        if self.mission:
            label += f" – {self.get_mission_display()}"
        return f"{self.year} · {label}"

    def clean(self):
        errors = {}
        if self.kind == PaymentKind.FUNCTIONING and self.mission:
            errors["mission"] = "Le fonctionnement ne porte pas sur une mission."
        elif self.kind and self.kind != PaymentKind.FUNCTIONING and not self.mission:
            errors["mission"] = "Indiquez la mission de cette part fixe ou variable."
        elif self.mission and self.contract_id and not self.contract.missions.filter(mission=self.mission).exists():
            errors["mission"] = f"La mission « {self.get_mission_display()} » ne figure pas au contrat."
        if self.year and self.contract_id and self.year < self.contract.signed_on.year:
            errors["year"] = f"L'ACI n'a été signé qu'en {self.contract.signed_on.year}."
        if errors:
            raise ValidationError(errors)
