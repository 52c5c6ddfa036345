"""The one activity log: meeting categories, meetings, and the funding of the association."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from interurps import registry
from interurps.models.directory import Organisation, Person
from interurps.models.reference import Department, Programme


class MeetingCategory(models.Model):
    """A category of meeting within one programme (reference data, edited by administrators)."""

    programme = models.ForeignKey(
        Programme, verbose_name="programme", on_delete=models.PROTECT, related_name="categories"
    )
    name = models.CharField("nom", max_length=150)
    code = models.SlugField(
        "code",
        max_length=50,
        blank=True,
        help_text="identifiant stable utilisé par les chiffres du rapport ; ne pas modifier",
    )
    order = models.PositiveSmallIntegerField("ordre", default=0)
    is_active = models.BooleanField("active", default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "catégorie de réunion"
        verbose_name_plural = "catégories de réunion"
        ordering = ["programme__order", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="meetingcategory_unique_name"),
            models.UniqueConstraint(
                fields=["programme", "code"],
                condition=~Q(code=""),
                name="meetingcategory_unique_code",
                violation_error_message="Une autre catégorie de ce programme a déjà ce code.",
            ),
        ]

    def __str__(self):
        return f"{self.programme.name} · {self.name}"


class MeetingQuerySet(models.QuerySet):
    def for_list(self):
        """What a list or an export of meetings shows, fetched in a constant number of queries."""
        queryset = self.select_related("category__programme", "department").prefetch_related(
            "programmes", "staff", "organisations"
        )
        return queryset.prefetch_related(*registry.meeting_prefetches())  # what the apps add to the meeting

    def for_detail(self):
        """Everything a meeting's page shows, fetched in a constant number of queries."""
        return self.for_list().select_related("created_by").prefetch_related("people")

    def in_year(self, year):
        return self.filter(date__year=year)

    def of_programme(self, code):
        return self.filter(programmes__code=code)


class Meeting(models.Model):
    """A meeting (réunion): the unit of activity of every programme."""

    class Kind(models.TextChoices):
        MEETING = "meeting", "réunion"
        GOVERNANCE = "governance", "instance"
        WEBINAR = "webinar", "webinaire ou pause visio"
        TRAINING = "training", "formation"
        EVENT = "event", "événement"
        CALL = "call", "échange téléphonique"

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", "présentiel"
        REMOTE = "remote", "visio"
        HYBRID = "hybrid", "mixte"

    date = models.DateField("date")
    end_date = models.DateField("date de fin", null=True, blank=True)
    start_time = models.TimeField("heure de début", null=True, blank=True)
    end_time = models.TimeField("heure de fin", null=True, blank=True)
    title = models.CharField("intitulé", max_length=200)
    kind = models.CharField("type", max_length=20, choices=Kind.choices, default=Kind.MEETING)
    programmes = models.ManyToManyField(Programme, verbose_name="programmes", related_name="meetings")
    category = models.ForeignKey(
        MeetingCategory,
        verbose_name="catégorie",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
    )
    mode = models.CharField("modalité", max_length=20, choices=Mode.choices, default=Mode.IN_PERSON)
    place = models.CharField("lieu", max_length=200, blank=True)
    department = models.ForeignKey(
        Department, verbose_name="département", on_delete=models.PROTECT, null=True, blank=True
    )
    organisations = models.ManyToManyField(
        Organisation, verbose_name="organisations présentes", blank=True, related_name="meetings"
    )
    people = models.ManyToManyField(Person, verbose_name="personnes présentes", blank=True, related_name="meetings")
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="équipe présente", blank=True, related_name="meetings"
    )
    notes = models.TextField("notes", blank=True)
    is_highlight = models.BooleanField("temps fort", default=False)
    highlight_summary = models.CharField("résumé du temps fort", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="créée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    objects = MeetingQuerySet.as_manager()

    history = HistoricalRecords(m2m_fields=["programmes", "organisations", "people", "staff"])

    class Meta:
        verbose_name = "réunion"
        verbose_name_plural = "réunions"
        ordering = ["-date", "-start_time", "title"]
        indexes = [models.Index(fields=["date"], name="meeting_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("date")),
                name="meeting_end_date_after_date",
            ),
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} – {self.title}" if self.date else self.title

    def clean(self):
        errors = {}
        if self.end_date and self.end_date < self.date:
            errors["end_date"] = "La date de fin précède la date de début."
        if self.start_time and self.end_time and self.end_time <= self.start_time and not self.end_date:
            errors["end_time"] = "L'heure de fin doit suivre l'heure de début."
        if self.is_highlight and not self.highlight_summary:
            errors["highlight_summary"] = "Un temps fort a besoin d'un résumé d'une ligne pour le rapport."
        if errors:
            raise ValidationError(errors)


class Funding(models.Model):
    class Source(models.TextChoices):
        OWN_FUNDS = "own_funds", "fonds propres (appel de fonds des URPS)"
        ARS_FIR = "ars_fir", "ARS – FIR"
        CPOM = "cpom", "CPOM"
        ASSURANCE_MALADIE = "assurance_maladie", "Assurance maladie"
        OTHER = "other", "autre"

    source = models.CharField("source", max_length=30, choices=Source.choices)
    year = models.PositiveSmallIntegerField("année")
    programme = models.ForeignKey(
        Programme, verbose_name="programme", on_delete=models.PROTECT, null=True, blank=True, related_name="fundings"
    )
    amount = models.DecimalField("montant (€)", max_digits=12, decimal_places=2)
    notes = models.CharField("notes", max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "financement"
        verbose_name_plural = "financements"
        ordering = ["-year", "source"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="funding_amount_positive"),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="funding_year_range"),
        ]

    def __str__(self):
        return f"{self.year} – {self.get_source_display()} : {self.amount} €"


# The annual activity report: what no query can produce, per year, and the PDFs published from it.
