"""Chainable, named reads of the CPTS domain.

Every annotation is a correlated subquery rather than a join, so that combining them
(population, stage, overlaps, adhesion…) never multiplies rows, and a list of any length
is fetched in one query (plus one per `prefetch_related`).
"""

from django.apps import apps
from django.db import models
from django.db.models import Case, Count, Exists, F, FloatField, IntegerField, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils import timezone

from cpts.enums import LARGEST_SIZE, PROGRESS_STAGES, SIZE_UPPER_BOUNDS


def _model(name):
    return apps.get_model("cpts", name)


def stage_changes_until(on=None):
    """The stage history, as it stood on the date `on` (all of it when `on` is None)."""
    changes = _model("StageChange").objects.all()
    if on is not None:
        changes = changes.filter(date__lte=on)
    return changes


def latest_stage_change(cpts_ref, on=None):
    """A subquery base: the stage changes of the CPTS `cpts_ref` (an OuterRef), latest first."""
    return stage_changes_until(on).filter(cpts=cpts_ref).order_by("-date", "-pk")


class CPTSQuerySet(models.QuerySet):
    def _has(self, annotation):
        return annotation in self.query.annotations

    def not_archived(self, keep=()):
        """CPTS that are not archived: what pickers and default lists offer (archived ones stay in the past).

        `keep`: primary keys to offer even if archived (those a form being edited already holds).
        """
        return self.filter(models.Q(archived_at__isnull=True) | models.Q(pk__in=keep))

    def active(self, on=None):
        """CPTS neither dormant nor abandoned (on the date `on`). A CPTS without any stage yet is active."""
        stage = Subquery(latest_stage_change(OuterRef("pk"), on).values("stage")[:1])
        return self.alias(stage_for_activity=stage).filter(
            Q(stage_for_activity__isnull=True) | Q(stage_for_activity__in=PROGRESS_STAGES)
        )

    def with_population(self):
        """`population`: the declared population if any, else the sum of the communes' populations.

        Also `communes_population` (always the sum) and `commune_count`.
        """
        if self._has("population"):
            return self
        links = self.model.communes.through.objects.filter(cpts=OuterRef("pk")).values("cpts")
        return self.annotate(
            communes_population=Coalesce(Subquery(links.annotate(total=Sum("commune__population")).values("total")), 0),
            commune_count=Coalesce(Subquery(links.annotate(total=Count("commune")).values("total")), 0),
        ).annotate(
            population=Coalesce("declared_population", "communes_population", output_field=IntegerField()),
        )

    def with_size_class(self):
        """`size_class` (1 to 4, None for an empty territory), computed like `cpts.enums.size_class`."""
        if self._has("size_class"):
            return self
        whens = [When(population__lte=0, then=Value(None, output_field=IntegerField()))]
        whens += [When(population__lt=upper, then=Value(int(size))) for size, upper in SIZE_UPPER_BOUNDS]
        return self.with_population().annotate(
            size_class=Case(*whens, default=Value(int(LARGEST_SIZE)), output_field=IntegerField())
        )

    def with_current_stage(self, on=None):
        """`current_stage` and `current_stage_date`: the latest stage change (on the date `on`), or None.

        Once annotated, a queryset keeps its first `on`: chain this call first when you need a past date.
        """
        if self._has("current_stage"):
            return self
        latest = latest_stage_change(OuterRef("pk"), on)
        return self.annotate(
            current_stage=Subquery(latest.values("stage")[:1]),
            current_stage_date=Subquery(latest.values("date")[:1]),
        )

    def with_overlap_count(self):
        """`overlap_count`: how many communes of an active CPTS another active CPTS also claims (0 if inactive)."""
        # The shared communes are one uncorrelated grouped subquery (computed once), not a test per commune and
        # per CPTS: PostgreSQL's plan of the nested form took minutes on a large region.
        links = self.model.communes.through.objects.filter(cpts__in=self.model.objects.active().values("pk"))
        shared = links.values("commune_id").annotate(claims=Count("cpts_id")).filter(claims__gte=2).values("commune_id")
        overlapping = (
            links.filter(cpts=OuterRef("pk"), commune__in=shared)
            .values("cpts")
            .annotate(total=Count("commune"))
            .values("total")
        )
        return self.annotate(overlap_count=Coalesce(Subquery(overlapping), 0))

    def with_adhesion(self):
        """The latest adhesion count: `adhesion_date`, `member_count`, `professional_count`, `adhesion_rate` (%),
        and `adhesion_trend`: the change in points since the count before (None without two counts)."""
        counts = _model("Adhesion").objects.filter(cpts=OuterRef("pk")).order_by("-date", "-pk")
        rated = counts.annotate(
            rate=Cast("member_count", FloatField()) * 100 / NullIf(Cast("professional_count", FloatField()), 0.0)
        )
        return self.annotate(
            adhesion_date=Subquery(counts.values("date")[:1]),
            member_count=Subquery(counts.values("member_count")[:1]),
            professional_count=Subquery(counts.values("professional_count")[:1]),
            adhesion_rate=Subquery(rated.values("rate")[:1], output_field=FloatField()),
            previous_adhesion_rate=Subquery(rated.values("rate")[1:2], output_field=FloatField()),
        ).annotate(adhesion_trend=F("adhesion_rate") - F("previous_adhesion_rate"))

    def with_accompaniment_progress(self):
        """`completed_step_count`, and the next step of the method not yet completed:
        `next_step_order` and `next_step_name` (None when all are completed)."""
        completions = _model("StepCompletion").objects
        done = completions.filter(cpts=OuterRef("pk")).values("cpts").annotate(total=Count("pk")).values("total")
        pending = (
            _model("AccompanimentStep")
            .objects.filter(~Exists(completions.filter(cpts=OuterRef(OuterRef("pk")), step=OuterRef("pk"))))
            .order_by("order")
        )
        return self.annotate(
            completed_step_count=Coalesce(Subquery(done), 0),
            next_step_order=Subquery(pending.values("order")[:1]),
            next_step_name=Subquery(pending.values("name")[:1]),
        )

    def for_list(self, on=None):
        """What a list, an export or the dashboard shows of each CPTS, in a constant number of queries."""
        return (
            self.with_size_class()
            .with_current_stage(on)
            .with_overlap_count()
            .with_adhesion()
            .with_accompaniment_progress()
            .select_related("department", "aci")
            .prefetch_related("referents")
        )


class ContactQuerySet(models.QuerySet):
    def current(self, on=None):
        """Roles held on the date `on` (today when None)."""
        on = on or timezone.localdate()
        return self.filter(Q(start_date__isnull=True) | Q(start_date__lte=on)).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on)
        )


class PaymentQuerySet(models.QuerySet):
    def totals(self):
        """{"planned": Decimal, "paid": Decimal} over the payments of the queryset (0 when none)."""
        zero = Value(0, output_field=models.DecimalField(max_digits=12, decimal_places=2))
        return self.aggregate(planned=Coalesce(Sum("planned_amount"), zero), paid=Coalesce(Sum("paid_amount"), zero))
