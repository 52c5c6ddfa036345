"""REPER / ICOPE: the project, its milestones, its experimentation territories and their figures."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Prefetch, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from simple_history.models import HistoricalRecords

from reper.periods import period_label

# The figures a territory reports for each period, in the order of the ICOPE steps.
FIGURE_FIELDS = ["professionals_trained", "screenings", "assessments", "care_plans", "rescreenings"]


class ReperProject(models.Model):
    """The REPER project (« Repérage des PERsonnes âgées à domicile »), carried by a consortium."""

    name = models.CharField("nom", max_length=200, unique=True)
    description = models.TextField("description", blank=True)
    start_date = models.DateField("date de début", null=True, blank=True)
    consortium_members = models.ManyToManyField(
        "interurps.Organisation", verbose_name="membres du consortium", blank=True, related_name="reper_projects"
    )
    unions = models.ManyToManyField(
        "interurps.Union", verbose_name="unions participantes", blank=True, related_name="reper_projects"
    )

    history = HistoricalRecords(m2m_fields=["consortium_members", "unions"])

    class Meta:
        verbose_name = "projet REPER"
        verbose_name_plural = "projets REPER"
        ordering = [F("start_date").desc(nulls_last=True), "name"]

    def __str__(self):
        return self.name


class Milestone(models.Model):
    """A dated key step of the project (call for interest, selection, launch…)."""

    class Kind(models.TextChoices):
        CALL_FOR_INTEREST = "call_for_interest", "appel à manifestation d'intérêt publié"
        APPLICATION = "application", "réponse déposée"
        CONSORTIUM_SELECTED = "consortium_selected", "consortium retenu"
        SPECIFICATIONS_PUBLISHED = "specifications_published", "cahier des charges publié"
        CANDIDACY_CONFIRMED = "candidacy_confirmed", "candidature confirmée"
        LAUNCH = "launch", "lancement"
        EXPERIMENTATION_START = "experimentation_start", "début de l'expérimentation"
        OTHER = "other", "autre étape"

    class Precision(models.TextChoices):
        DAY = "day", "jour"
        MONTH = "month", "mois"
        YEAR = "year", "année"

    project = models.ForeignKey(
        ReperProject, verbose_name="projet", on_delete=models.CASCADE, related_name="milestones"
    )
    kind = models.CharField("étape", max_length=30, choices=Kind.choices)
    label = models.CharField(
        "intitulé", max_length=200, blank=True, help_text="Laissez vide pour reprendre le nom de l'étape."
    )
    date = models.DateField("date")
    precision = models.CharField(
        "précision de la date",
        max_length=5,
        choices=Precision.choices,
        default=Precision.DAY,
        help_text="« mois » affiche « juillet 2020 » quand le jour exact n'est pas connu.",
    )
    note = models.TextField("note", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "étape clé"
        verbose_name_plural = "étapes clés"
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{self.title} ({self.date:%d/%m/%Y})"

    @property
    def title(self):
        return self.label or self.get_kind_display()

    @property
    def date_format(self):
        """The `date` template filter format matching the precision (« 28 décembre 2021 », « juillet 2020 »)."""
        return {self.Precision.DAY: "j F Y", self.Precision.MONTH: "F Y", self.Precision.YEAR: "Y"}[self.precision]


class TerritoryQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("project", "cpts__department")

    def with_totals(self, year=None):
        """Annotate each territory with `total_<figure>` summed over its periods (of `year` if given)."""
        condition = Q(figures__period_start__year=year) if year else Q()
        return self.annotate(
            **{f"total_{name}": Coalesce(Sum(f"figures__{name}", filter=condition), 0) for name in FIGURE_FIELDS}
        )

    def with_figures(self):
        """Prefetch each territory's periods, newest first, as `figures_newest_first`."""
        return self.prefetch_related(
            Prefetch(
                "figures", queryset=TerritoryFigures.objects.order_by("-period_start"), to_attr="figures_newest_first"
            )
        )


class ExperimentationTerritory(models.Model):
    """A CPTS whose territory takes part in the experimentation."""

    class Status(models.TextChoices):
        CANDIDATE = "candidate", "candidat"
        RECRUITED = "recruited", "recruté"
        ACTIVE = "active", "actif"
        WITHDRAWN = "withdrawn", "retiré"

    project = models.ForeignKey(
        ReperProject, verbose_name="projet", on_delete=models.CASCADE, related_name="territories"
    )
    cpts = models.ForeignKey(
        "cpts.CPTS", verbose_name="CPTS", on_delete=models.PROTECT, related_name="reper_territories"
    )
    status = models.CharField("statut", max_length=20, choices=Status.choices, default=Status.CANDIDATE)
    recruitment_date = models.DateField(
        "date de recrutement",
        null=True,
        blank=True,
        help_text="Obligatoire pour un territoire recruté ou actif.",
    )
    withdrawal_date = models.DateField(
        "date de retrait", null=True, blank=True, help_text="Pour un territoire qui a quitté l'expérimentation."
    )
    notes = models.TextField("notes", blank=True)

    objects = TerritoryQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = "territoire d'expérimentation"
        verbose_name_plural = "territoires d'expérimentation"
        ordering = ["cpts__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "cpts"],
                name="reper_territory_unique_cpts",
                violation_error_message="Cette CPTS est déjà un territoire d'expérimentation de ce projet.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["candidate", "withdrawn"]) | Q(recruitment_date__isnull=False),
                name="reper_territory_recruited_has_date",
                violation_error_message="Un territoire recruté ou actif a une date de recrutement.",
            ),
            models.CheckConstraint(
                condition=Q(status="withdrawn") | Q(withdrawal_date__isnull=True),
                name="reper_territory_withdrawal_date_if_withdrawn",
                violation_error_message="Seul un territoire retiré a une date de retrait.",
            ),
            models.CheckConstraint(
                condition=Q(withdrawal_date__isnull=True)
                | Q(recruitment_date__isnull=True)
                | Q(withdrawal_date__gte=F("recruitment_date")),
                name="reper_territory_withdrawal_after_recruitment",
                violation_error_message="La date de retrait précède la date de recrutement.",
            ),
        ]

    def __str__(self):
        return str(self.cpts)

    def clean(self):
        errors = {}
        if self.status in (self.Status.RECRUITED, self.Status.ACTIVE) and not self.recruitment_date:
            errors["recruitment_date"] = "Indiquez la date de recrutement d'un territoire recruté ou actif."
        if self.status == self.Status.WITHDRAWN and not self.withdrawal_date:
            errors["withdrawal_date"] = "Indiquez la date de retrait d'un territoire retiré."
        elif self.withdrawal_date and self.status != self.Status.WITHDRAWN:
            errors["withdrawal_date"] = (
                "Seul un territoire retiré a une date de retrait : videz-la ou changez le statut."
            )
        if self.recruitment_date and self.withdrawal_date and self.withdrawal_date < self.recruitment_date:
            errors["withdrawal_date"] = "La date de retrait précède la date de recrutement."
        if errors:
            raise ValidationError(errors)

    def took_part_in(self, year):
        """Whether the territory was in the experimentation at some point of `year`."""
        recruited = self.recruitment_date is not None and self.recruitment_date.year <= year
        return recruited and (self.withdrawal_date is None or self.withdrawal_date.year >= year)

    @property
    def latest_figures(self):
        """The most recent period, when the territory was fetched `with_figures()`."""
        return self.figures_newest_first[0] if self.figures_newest_first else None


class FiguresQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("territory__project", "territory__cpts__department")

    def in_year(self, year):
        """Periods of a calendar year (a period never spans two years)."""
        return self.filter(period_start__year=year)

    def totals(self):
        """The five figures summed over the queryset, in one query (0 when empty)."""
        return self.aggregate(**{name: Coalesce(Sum(name), 0) for name in FIGURE_FIELDS})

    def totals_of_year_and_overall(self, year):
        """(totals of the periods of `year`, totals of all periods), in one query."""
        sums = self.aggregate(
            **{f"year_{name}": Coalesce(Sum(name, filter=Q(period_start__year=year)), 0) for name in FIGURE_FIELDS},
            **{f"all_{name}": Coalesce(Sum(name), 0) for name in FIGURE_FIELDS},
        )
        return (
            {name: sums[f"year_{name}"] for name in FIGURE_FIELDS},
            {name: sums[f"all_{name}"] for name in FIGURE_FIELDS},
        )


class TerritoryFigures(models.Model):
    """What one territory reports for one period (a quarter by default).

    Counts are of acts in the period, so no order holds between them period by period:
    a step-2 evaluation may follow a screening of the previous quarter. The only rules are
    that counts are not negative and that a territory's periods do not overlap (a total
    would count them twice).
    """

    territory = models.ForeignKey(
        ExperimentationTerritory, verbose_name="territoire", on_delete=models.CASCADE, related_name="figures"
    )
    period_start = models.DateField("début de la période")
    period_end = models.DateField("fin de la période")
    professionals_trained = models.PositiveIntegerField("professionnels formés", default=0)
    screenings = models.PositiveIntegerField("repérages (étape 1)", default=0)
    assessments = models.PositiveIntegerField("évaluations approfondies (étape 2)", default=0)
    care_plans = models.PositiveIntegerField("plans de soins personnalisés (étape 3)", default=0)
    rescreenings = models.PositiveIntegerField("nouveaux repérages à 6 mois", default=0)
    notes = models.TextField("notes", blank=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    objects = FiguresQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = "chiffres d'un territoire"
        verbose_name_plural = "chiffres des territoires"
        ordering = ["territory__cpts__name", "-period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "period_start"],
                name="reper_figures_unique_period",
                violation_error_message="Les chiffres de cette période sont déjà saisis pour ce territoire.",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="reper_figures_end_after_start",
                violation_error_message="La fin de la période précède son début.",
            ),
        ]

    def __str__(self):
        return f"{self.territory} – {self.period}"

    @property
    def period(self):
        return period_label(self.period_start, self.period_end)

    def clean(self):
        if not (self.period_start and self.period_end):
            return
        if self.period_end < self.period_start:
            raise ValidationError({"period_end": "La fin de la période précède son début."})
        if self.period_start.year != self.period_end.year:
            raise ValidationError(
                {"period_end": "Une période ne peut pas couvrir deux années : saisissez une période par année."}
            )
        if self.period_start > timezone.localdate():
            raise ValidationError({"period_start": f"La période {self.period} n'a pas encore commencé."})
        if self.territory_id:
            overlapping = (
                TerritoryFigures.objects.filter(
                    territory_id=self.territory_id,
                    period_start__lte=self.period_end,
                    period_end__gte=self.period_start,
                )
                .exclude(pk=self.pk)
                .order_by("period_start")
                .first()
            )
            if overlapping:
                raise ValidationError(
                    f"La période {self.period} chevauche la période {overlapping.period} "
                    f"déjà saisie pour {self.territory} : modifiez celle-ci plutôt que d'en créer une autre."
                )
