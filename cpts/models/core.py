"""The CPTS itself and its stage history."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from cpts.enums import AccompanyingBody, SizeClass, Stage, transition_error
from cpts.querysets import CPTSQuerySet
from interurps.audit import refuse_delete_if_referenced


class CPTS(models.Model):
    """A Communauté professionnelle territoriale de santé, accompanied or followed by the association."""

    # What refers to a CPTS besides foreign keys (which PROTECT): its deletion is refused while any is left.
    protected_relations = ["meetings"]

    name = models.CharField("nom", max_length=200)
    acronym = models.CharField("sigle", max_length=30, blank=True)
    department = models.ForeignKey(
        "interurps.Department", verbose_name="département principal", on_delete=models.PROTECT, related_name="cpts"
    )
    communes = models.ManyToManyField(
        "interurps.Commune", verbose_name="communes du territoire", blank=True, related_name="cpts"
    )
    declared_population = models.PositiveIntegerField(
        "population déclarée",
        null=True,
        blank=True,
        help_text="Seulement si le projet de santé retient une autre population que la somme des communes.",
    )
    declared_population_note = models.CharField(
        "source de la population déclarée",
        max_length=300,
        blank=True,
        help_text="Par exemple : « projet de santé validé le 12/03/2021, données INSEE 2017 ».",
    )
    accompanied_by = models.CharField("accompagnement par", max_length=20, choices=AccompanyingBody.choices, blank=True)
    accompanied_by_detail = models.CharField(
        "précision sur l'accompagnement",
        max_length=200,
        blank=True,
        help_text="Le nom du cabinet de conseil ou de la structure, le cas échéant.",
    )
    accompaniment_start = models.DateField("début de l'accompagnement", null=True, blank=True)
    referents = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="chargé·es de mission référent·es",
        blank=True,
        related_name="referent_for_cpts",
    )
    meetings = models.ManyToManyField("interurps.Meeting", verbose_name="réunions", blank=True, related_name="cpts")
    email = models.EmailField("courriel", blank=True)
    website = models.URLField("site internet", blank=True)
    notes = models.TextField("notes", blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    archived_at = models.DateTimeField(
        "archivée le",
        null=True,
        blank=True,
        help_text="Une CPTS archivée reste dans l'historique et les rapports, mais n'est plus proposée.",
    )

    objects = CPTSQuerySet.as_manager()

    history = HistoricalRecords(m2m_fields=["communes", "referents", "meetings"])

    class Meta:
        verbose_name = "CPTS"
        verbose_name_plural = "CPTS"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), name="cpts_unique_name", violation_error_message="Une CPTS porte déjà ce nom."
            ),
            models.CheckConstraint(
                condition=Q(declared_population__isnull=True)
                | (Q(declared_population__gte=1) & ~Q(declared_population_note="")),
                name="cpts_declared_population_with_note",
                violation_error_message="Une population déclarée est positive et sa source est indiquée.",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_archived(self):
        return self.archived_at is not None

    def delete(self, *args, **kwargs):
        """Refused while meetings refer to the CPTS (the past stays put): archive it instead."""
        refuse_delete_if_referenced(self)
        return super().delete(*args, **kwargs)

    def clean(self):
        if self.declared_population is not None and not self.declared_population_note.strip():
            raise ValidationError(
                {"declared_population_note": "Indiquez d'où vient la population déclarée (projet de santé, date…)."}
            )

    @property
    def current_stage_label(self):
        """The label of the `current_stage` annotation (see `CPTSQuerySet.with_current_stage`)."""
        return Stage(self.current_stage).label if self.current_stage else "aucune étape enregistrée"

    @property
    def size_class_label(self):
        """The label of the `size_class` annotation (see `CPTSQuerySet.with_size_class`)."""
        return SizeClass(self.size_class).label if self.size_class else "territoire non renseigné"


class StageChange(models.Model):
    """A dated step of a CPTS's history. The latest one is its current stage."""

    cpts = models.ForeignKey(CPTS, verbose_name="CPTS", on_delete=models.PROTECT, related_name="stage_changes")
    stage = models.CharField("étape", max_length=20, choices=Stage.choices)
    date = models.DateField("date")
    note = models.CharField("note", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="enregistrée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField("enregistrée le", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "changement d'étape"
        verbose_name_plural = "changements d'étape"
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["cpts", "date"], name="stagechange_cpts_date_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["cpts", "stage", "date"],
                name="stagechange_unique_stage_date",
                violation_error_message="Cette étape est déjà enregistrée à cette date.",
            ),
        ]

    def __str__(self):
        return f"{self.get_stage_display()} le {self.date:%d/%m/%Y}"

    def clean(self):
        if not (self.cpts_id and self.stage and self.date):
            return
        others = list(StageChange.objects.filter(cpts_id=self.cpts_id).exclude(pk=self.pk).order_by("date", "pk"))
        if self.pk is None and others and self.date < others[-1].date:
            raise ValidationError(
                {
                    "date": f"Les dates ne reviennent pas en arrière : la dernière étape, "
                    f"« {others[-1].get_stage_display()} », date du {others[-1].date:%d/%m/%Y}."
                }
            )
        before = [change.stage for change in others if (change.date, change.pk) < (self.date, self.pk or float("inf"))]
        after = [change.stage for change in others if (change.date, change.pk) > (self.date, self.pk or float("inf"))]
        error = transition_error(before, self.stage)
        history = before + [self.stage]
        for stage in after:
            error = error or transition_error(history, stage)
            history.append(stage)
        if error:
            raise ValidationError({"stage": error})
        if self.stage == Stage.ACI_SIGNED:
            self._check_aci_contract(others)

    def _check_aci_contract(self, others):
        from cpts.models.aci import ACIContract

        contract = ACIContract.objects.filter(cpts_id=self.cpts_id).first()
        if contract is None:
            raise ValidationError(
                {"stage": "L'étape « ACI signé » s'enregistre avec le contrat : enregistrez la signature de l'ACI."}
            )
        first_signature = not any(change.stage == Stage.ACI_SIGNED for change in others)
        if first_signature and self.date != contract.signed_on:
            message = f"L'ACI de cette CPTS a été signé le {contract.signed_on:%d/%m/%Y} : l'étape porte cette date."
            raise ValidationError({"date": message})
