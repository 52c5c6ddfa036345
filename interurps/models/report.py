"""The annual report's editions: texts, signatories, free sections and published versions."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from interurps.models.directory import Person
from interurps.pictures import PictureField, photo_path


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


class SectionPhoto(models.Model):
    """A photo printed in one section of an edition, with its caption, its alternative text and its credit."""

    edition = models.ForeignKey(ReportEdition, verbose_name="édition", on_delete=models.CASCADE, related_name="photos")
    section_key = models.SlugField(
        "section", max_length=50, help_text="La partie du rapport où la photo s'imprime, après ses chiffres."
    )
    image = PictureField("image", upload_to=photo_path, max_length=200)
    alt_text = models.CharField(
        "texte alternatif",
        max_length=300,
        help_text="Ce que montre la photo, pour qui ne la voit pas (lecteur d'écran, PDF balisé).",
    )
    caption = models.CharField("légende", max_length=300, blank=True)
    credit = models.CharField("crédit", max_length=200, blank=True)
    order = models.PositiveSmallIntegerField("ordre", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "photo du rapport annuel"
        verbose_name_plural = "photos du rapport annuel"
        ordering = ["edition", "section_key", "order", "pk"]

    def __str__(self):
        return self.caption or self.alt_text or f"Photo n° {self.pk}"


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
