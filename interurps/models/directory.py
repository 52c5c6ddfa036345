"""The association's address book and team: organisations, people, staff members."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from interurps.audit import refuse_delete_if_referenced
from interurps.models.reference import Programme, Union
from interurps.names import display_name
from interurps.pictures import PictureField, portrait_path


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
    portrait = PictureField("portrait", upload_to=portrait_path, max_length=200, blank=True)
    portrait_credit = models.CharField("crédit du portrait", max_length=200, blank=True)
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
    def portrait_alt(self):
        """« Portrait d'Elsa BENARD », « Portrait de Jean-Baptiste CAILLARD »."""
        name = self.full_name
        return f"Portrait d'{name}" if name[:1].lower() in "aeiouyàâéèêîôû" and name else f"Portrait de {name}"

    @property
    def is_archived(self):
        return self.archived_at is not None

    def delete(self, *args, **kwargs):
        """Refused while meetings refer to the person (the past stays put): archive or merge instead."""
        refuse_delete_if_referenced(self)
        return super().delete(*args, **kwargs)


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
