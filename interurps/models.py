"""The association itself: unions, organisations, people, territory, staff, meetings, funding."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower


class Programme(models.Model):
    """A programme of the association (CPTS, SAS, REPER, PACTE, vie de l'association).

    Reference data: rows are created by a migration; administrators may rename them.
    """

    code = models.SlugField("code", max_length=20, unique=True)
    name = models.CharField("nom", max_length=100)
    order = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "programme"
        verbose_name_plural = "programmes"
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Union(models.Model):
    """One of the URPS (Union régionale des professionnels de santé) of the region."""

    code = models.SlugField("code", max_length=30, unique=True)
    name = models.CharField("nom", max_length=150, unique=True)
    short_name = models.CharField("nom court", max_length=50, unique=True)
    profession = models.CharField("profession représentée", max_length=100)
    order = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "union (URPS)"
        verbose_name_plural = "unions (URPS)"
        ordering = ["order", "name"]

    def __str__(self):
        return self.short_name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        ARS = "ars", "ARS"
        CPAM = "cpam", "CPAM"
        MSA = "msa", "MSA"
        ASSOCIATION = "association", "association"
        INSTITUTION = "institution", "établissement de santé"
        GHT = "ght", "GHT"
        TRAINING = "training", "organisme de formation"
        PUBLIC_BODY = "public_body", "collectivité ou organisme public"
        COMPANY = "company", "entreprise ou cabinet"
        OTHER = "other", "autre"

    name = models.CharField("nom", max_length=200)
    acronym = models.CharField("sigle", max_length=30, blank=True)
    kind = models.CharField("type", max_length=20, choices=Kind.choices, default=Kind.OTHER)
    department = models.ForeignKey(
        "Department", verbose_name="département", on_delete=models.PROTECT, null=True, blank=True
    )
    website = models.URLField("site internet", blank=True)
    notes = models.TextField("notes", blank=True)

    class Meta:
        verbose_name = "organisation"
        verbose_name_plural = "organisations"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="organisation_unique_name"),
        ]

    def __str__(self):
        if self.acronym and self.acronym.lower() != self.name.lower():
            return f"{self.acronym} – {self.name}"
        return self.name


class Person(models.Model):
    """A professional contact (health professional, partner, elected member)."""

    class Civility(models.TextChoices):
        MS = "mme", "Mme"
        MR = "m", "M."
        DR = "dr", "Dr"
        PR = "pr", "Pr"

    civility = models.CharField("civilité", max_length=5, choices=Civility.choices, blank=True)
    first_name = models.CharField("prénom", max_length=100)
    last_name = models.CharField("nom", max_length=100)
    profession = models.CharField("profession", max_length=100, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )
    union = models.ForeignKey(
        Union, verbose_name="union", on_delete=models.SET_NULL, null=True, blank=True, related_name="people"
    )
    email = models.EmailField("courriel", blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    notes = models.TextField("notes", blank=True)

    class Meta:
        verbose_name = "personne"
        verbose_name_plural = "personnes"
        ordering = ["last_name", "first_name"]
        constraints = [
            # The same e-mail address is one person: importing them twice updates them.
            models.UniqueConstraint(Lower("email"), condition=~Q(email=""), name="person_unique_email"),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name.upper()}".strip()


class Department(models.Model):
    code = models.CharField("code INSEE", max_length=3, unique=True)
    name = models.CharField("nom", max_length=100)

    class Meta:
        verbose_name = "département"
        verbose_name_plural = "départements"
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"


class Commune(models.Model):
    """A commune with its population municipale and a simplified boundary (GeoJSON geometry)."""

    insee_code = models.CharField("code INSEE", max_length=5, unique=True)
    name = models.CharField("nom", max_length=150)
    department = models.ForeignKey(
        Department, verbose_name="département", on_delete=models.PROTECT, related_name="communes"
    )
    population = models.PositiveIntegerField("population municipale", default=0)
    population_year = models.PositiveSmallIntegerField("millésime de la population", null=True, blank=True)
    boundary = models.JSONField("contour simplifié (GeoJSON)", null=True, blank=True)

    class Meta:
        verbose_name = "commune"
        verbose_name_plural = "communes"
        ordering = ["name", "insee_code"]

    def __str__(self):
        return f"{self.name} ({self.insee_code})"


class StaffMember(models.Model):
    """A user of the app who works for the association: job, programmes, union of origin."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="utilisateur", on_delete=models.CASCADE, related_name="staff_member"
    )
    job_title = models.CharField("intitulé de poste", max_length=150)
    programmes = models.ManyToManyField(Programme, verbose_name="programmes", blank=True)
    start_date = models.DateField("date d'arrivée", null=True, blank=True)
    end_date = models.DateField("date de départ", null=True, blank=True)
    seconded_by = models.ForeignKey(
        Union,
        verbose_name="mise à disposition par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seconded_staff",
        help_text="L'union qui met cette personne à disposition de l'InterURPS, le cas échéant.",
    )

    class Meta:
        verbose_name = "membre de l'équipe"
        verbose_name_plural = "membres de l'équipe"
        ordering = ["user__last_name", "user__first_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="staffmember_end_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.get_username()} – {self.job_title}"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "La date de départ précède la date d'arrivée."})


class MeetingCategory(models.Model):
    """A category of meeting within one programme (reference data, edited by administrators)."""

    programme = models.ForeignKey(
        Programme, verbose_name="programme", on_delete=models.PROTECT, related_name="categories"
    )
    name = models.CharField("nom", max_length=150)
    order = models.PositiveSmallIntegerField("ordre", default=0)
    is_active = models.BooleanField("active", default=True)

    class Meta:
        verbose_name = "catégorie de réunion"
        verbose_name_plural = "catégories de réunion"
        ordering = ["programme__order", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="meetingcategory_unique_name"),
        ]

    def __str__(self):
        return f"{self.programme.name} · {self.name}"


class MeetingQuerySet(models.QuerySet):
    def for_list(self):
        """What a list or an export of meetings shows, fetched in a constant number of queries."""
        return self.select_related("category__programme", "department").prefetch_related(
            "programmes", "staff", "organisations"
        )

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
        return f"{self.date:%d/%m/%Y} – {self.title}"

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
