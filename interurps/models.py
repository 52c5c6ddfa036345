"""The association itself: unions, organisations, people, territory, staff, meetings, funding."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from interurps import registry
from interurps.audit import refuse_delete_if_referenced
from interurps.names import display_name


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
    # What refers to an organisation besides foreign keys (which PROTECT): its deletion is refused while any is left.
    protected_relations = ["meetings"]

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

    history = HistoricalRecords()

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

    def delete(self, *args, **kwargs):
        """Refused while meetings refer to the organisation (the past stays put): merge it instead."""
        refuse_delete_if_referenced(self)
        return super().delete(*args, **kwargs)


class PersonQuerySet(models.QuerySet):
    def not_archived(self, keep=()):
        """People who are not archived: what pickers and default lists offer (archived ones stay in the past).

        `keep`: primary keys to offer even if archived (those a form being edited already holds).
        """
        return self.filter(models.Q(archived_at__isnull=True) | models.Q(pk__in=keep))


class Person(models.Model):
    """A professional contact (health professional, partner, elected member)."""

    # What refers to a person besides foreign keys (which PROTECT): its deletion is refused while any is left.
    protected_relations = ["meetings"]

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
        on_delete=models.PROTECT,
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
    archived_at = models.DateTimeField(
        "archivée le",
        null=True,
        blank=True,
        help_text="Une personne archivée reste dans l'historique et les rapports, mais n'est plus proposée.",
    )

    objects = PersonQuerySet.as_manager()

    history = HistoricalRecords()

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
        return display_name(self.first_name, self.last_name)

    @property
    def is_archived(self):
        return self.archived_at is not None

    def delete(self, *args, **kwargs):
        """Refused while meetings refer to the person (the past stays put): archive or merge instead."""
        refuse_delete_if_referenced(self)
        return super().delete(*args, **kwargs)


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


class ReportEdition(models.Model):
    """The editorial part of one year's activity report; every figure in it is computed elsewhere."""

    year = models.PositiveSmallIntegerField("année", unique=True)
    title = models.CharField("titre", max_length=200, default="Rapport d'activité")
    presidents_message = models.TextField("mot des présidents", blank=True)
    presentation = models.TextField("présentation de l'association", blank=True)
    outline = models.JSONField(
        "plan",
        default=list,
        blank=True,
        help_text="Ordre, visibilité et niveau des parties du rapport (voir interurps.report.outline).",
    )
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="modifiée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "édition du rapport annuel"
        verbose_name_plural = "éditions du rapport annuel"
        ordering = ["-year"]
        permissions = [("export_report", "peut exporter le rapport annuel")]
        constraints = [
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="reportedition_year_range"),
        ]

    def __str__(self):
        return f"{self.title} {self.year}"


class ReportSignatory(models.Model):
    """A signatory of the mot des présidents (a co-president in office), in order."""

    edition = models.ForeignKey(
        ReportEdition, verbose_name="édition", on_delete=models.CASCADE, related_name="signatories"
    )
    person = models.ForeignKey(
        Person, verbose_name="personne", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField("nom affiché", max_length=150, blank=True, help_text="Si la personne n'est pas choisie.")
    title = models.CharField("qualité", max_length=300, help_text="Par exemple : co-présidente InterURPS et …")
    order = models.PositiveSmallIntegerField("ordre", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "signataire du mot des présidents"
        verbose_name_plural = "signataires du mot des présidents"
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(name=""), name="reportsignatory_person_or_name"
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.name or (self.person.full_name if self.person_id else "")

    def clean(self):
        if not self.person_id and not self.name.strip():
            raise ValidationError({"name": "Choisissez une personne ou saisissez un nom."})


class ReportText(models.Model):
    """An editorial text (introduction or perspectives) of one section of an edition."""

    class Kind(models.TextChoices):
        INTRODUCTION = "introduction", "introduction"
        PERSPECTIVES = "perspectives", "perspectives"

    edition = models.ForeignKey(ReportEdition, verbose_name="édition", on_delete=models.CASCADE, related_name="texts")
    section_key = models.SlugField("section", max_length=50)
    kind = models.CharField("nature", max_length=20, choices=Kind.choices)
    body = models.TextField("texte", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "texte du rapport annuel"
        verbose_name_plural = "textes du rapport annuel"
        ordering = ["edition", "section_key", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "section_key", "kind"], name="reporttext_unique_kind"),
        ]

    def __str__(self):
        return f"{self.edition.year} · {self.section_key} · {self.get_kind_display()}"


class FreeSection(models.Model):
    """A section written by hand (ORS, groupement d'employeurs, séminaire…), after the computed ones."""

    edition = models.ForeignKey(
        ReportEdition, verbose_name="édition", on_delete=models.CASCADE, related_name="free_sections"
    )
    title = models.CharField("titre", max_length=200)
    body = models.TextField("texte")
    order = models.PositiveSmallIntegerField("ordre", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "section libre"
        verbose_name_plural = "sections libres"
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title


def published_report_path(instance, filename):
    return f"rapports/{instance.edition.year}/{filename}"


class PublishedReport(models.Model):
    """One published version of a year's report: its PDF is kept as it was, never replaced."""

    edition = models.ForeignKey(
        ReportEdition, verbose_name="édition", on_delete=models.PROTECT, related_name="versions"
    )
    version = models.PositiveSmallIntegerField("version")
    file = models.FileField("fichier PDF", upload_to=published_report_path, max_length=200)
    page_count = models.PositiveSmallIntegerField("nombre de pages", default=0)
    published_at = models.DateTimeField("publiée le")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="publiée par", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "rapport annuel publié"
        verbose_name_plural = "rapports annuels publiés"
        ordering = ["edition", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "version"], name="publishedreport_unique_version"),
            models.CheckConstraint(condition=Q(version__gte=1), name="publishedreport_version_positive"),
        ]

    def __str__(self):
        return f"Rapport {self.edition.year} – version {self.version}"

    @property
    def filename(self):
        return f"rapport-activite-{self.edition.year}-v{self.version}.pdf"


class ExportLog(models.Model):
    """An export of a list (personal data included) from the staff pages: who, when, which list, how many rows."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="utilisateur", on_delete=models.PROTECT, null=True, related_name="+"
    )
    exported_at = models.DateTimeField("exporté le", auto_now_add=True)
    name = models.CharField("liste", max_length=100)
    row_count = models.PositiveIntegerField("nombre de lignes")
    query = models.CharField("filtres", max_length=500, blank=True)

    class Meta:
        verbose_name = "export de données"
        verbose_name_plural = "exports de données"
        ordering = ["-exported_at", "-pk"]

    def __str__(self):
        return f"{self.name} – {self.row_count} lignes le {self.exported_at:%d/%m/%Y %H:%M}"


# The private calendar feed lives beside its .ics writer.
from interurps.calendar import CalendarFeed  # noqa: E402, F401
