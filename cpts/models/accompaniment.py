"""How a CPTS is accompanied and who runs it: method steps, contacts with roles over time, adhesion."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from cpts.enums import SALARIED_ROLES, ContactRole, Employer
from cpts.querysets import ContactQuerySet


class AccompanimentStep(models.Model):
    """One of the steps of the accompaniment method (reference data, edited by administrators)."""

    order = models.PositiveSmallIntegerField("ordre", unique=True)
    name = models.CharField("nom", max_length=200, unique=True)
    description = models.TextField("description", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "jalon de la méthode d'accompagnement"
        verbose_name_plural = "jalons de la méthode d'accompagnement"
        ordering = ["order"]

    def __str__(self):
        return f"{self.order}. {self.name}"


class StepCompletion(models.Model):
    """A step of the accompaniment method completed by a CPTS, on a date."""

    cpts = models.ForeignKey(
        "cpts.CPTS", verbose_name="CPTS", on_delete=models.PROTECT, related_name="step_completions"
    )
    step = models.ForeignKey(
        AccompanimentStep, verbose_name="jalon", on_delete=models.PROTECT, related_name="completions"
    )
    completed_on = models.DateField("franchie le")
    note = models.TextField("note", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="enregistrée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "jalon franchi"
        verbose_name_plural = "jalons franchis"
        ordering = ["step__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["cpts", "step"],
                name="stepcompletion_unique_step",
                violation_error_message="Cette étape est déjà franchie pour cette CPTS.",
            ),
        ]

    def __str__(self):
        return f"{self.step} – {self.completed_on:%d/%m/%Y}"


class Contact(models.Model):
    """A person's role in a CPTS over a period (président·e, coordinateur·rice…)."""

    cpts = models.ForeignKey("cpts.CPTS", verbose_name="CPTS", on_delete=models.PROTECT, related_name="contacts")
    person = models.ForeignKey(
        "interurps.Person", verbose_name="personne", on_delete=models.PROTECT, related_name="cpts_roles"
    )
    role = models.CharField("rôle", max_length=20, choices=ContactRole.choices)
    role_detail = models.CharField("précision sur le rôle", max_length=150, blank=True)
    employer = models.CharField(
        "employeur",
        max_length=20,
        choices=Employer.choices,
        blank=True,
        help_text="Pour un·e salarié·e : la CPTS, ou le GE InterURPS qui le ou la met à disposition.",
    )
    start_date = models.DateField("début", null=True, blank=True)
    end_date = models.DateField("fin", null=True, blank=True)

    objects = ContactQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = "contact de la CPTS"
        verbose_name_plural = "contacts de la CPTS"
        ordering = ["role", "start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="contact_end_after_start",
                violation_error_message="La fin précède le début.",
            ),
            models.UniqueConstraint(
                fields=["cpts", "person", "role", "start_date"],
                name="contact_unique_role",
                violation_error_message="Ce rôle est déjà enregistré pour cette personne à cette date.",
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.get_role_display()}"

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "La fin précède le début."
        if self.employer and self.role not in SALARIED_ROLES:
            errors["employer"] = "Seuls les coordinateur·rices et chargé·es de mission ont un employeur."
        if errors:
            raise ValidationError(errors)


class Adhesion(models.Model):
    """A dated count of the health professionals of the territory and of the members of the CPTS."""

    cpts = models.ForeignKey("cpts.CPTS", verbose_name="CPTS", on_delete=models.PROTECT, related_name="adhesions")
    date = models.DateField("date du décompte")
    professional_count = models.PositiveIntegerField("professionnels de santé du territoire")
    member_count = models.PositiveIntegerField("adhérents")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "décompte des adhésions"
        verbose_name_plural = "décomptes des adhésions"
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["cpts", "date"],
                name="adhesion_unique_date",
                violation_error_message="Un décompte est déjà enregistré à cette date pour cette CPTS.",
            ),
            models.CheckConstraint(
                condition=Q(professional_count__gte=1),
                name="adhesion_professionals_positive",
                violation_error_message="Le territoire compte au moins un professionnel de santé.",
            ),
            models.CheckConstraint(
                condition=Q(member_count__lte=F("professional_count")),
                name="adhesion_members_within_professionals",
                violation_error_message="Il y a plus d'adhérents que de professionnels de santé sur le territoire.",
            ),
        ]

    def __str__(self):
        return f"{self.member_count} adhérents sur {self.professional_count} le {self.date:%d/%m/%Y}"

    @property
    def rate(self):
        """The adhesion rate, in per cent, to one decimal."""
        return (Decimal(self.member_count) * 100 / self.professional_count).quantize(Decimal("0.1"))
