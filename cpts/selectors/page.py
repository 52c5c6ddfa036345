"""The page of one CPTS: next step, adhesion, shared communes, contacts, payments table, timeline."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from cpts.enums import (
    ContactRole,
    Mission,
    PaymentKind,
    SizeClass,
    Stage,
)
from cpts.models import CPTS, AccompanimentStep, ACIContract, StageChange, StepCompletion
from cpts.selectors.region import Overlap, claims_of_shared_communes

# --- Accompaniment and adhesion ----------------------------------------------------------------------------


def steps_with_completions(cpts):
    """The steps of the accompaniment method in order, each with its completion by `cpts` or None (two queries)."""
    completions = {completion.step_id: completion for completion in cpts.step_completions.all()}
    return [(step, completions.get(step.pk)) for step in AccompanimentStep.objects.all()]


def territory_communes(cpts):
    """The communes of the territory of `cpts`, by name, without their boundaries (one query)."""
    return list(cpts.communes.defer("boundary").order_by("name", "insee_code"))


def contract_missions(contract):
    """The missions of an ACI contract, in the contract's order (one query, none if prefetched)."""
    return list(contract.missions.all())


def next_step(cpts):
    """The first step of the accompaniment method `cpts` has not completed yet; None when all are done."""
    return AccompanimentStep.objects.exclude(completions__cpts=cpts).order_by("order").first()


@dataclass(frozen=True)
class AdhesionPoint:
    date: object
    professional_count: int
    member_count: int
    rate: Decimal  # per cent
    change: Decimal | None  # points since the count before
    pk: int | None = None  # the Adhesion's


def adhesion_history(cpts):
    """The adhesion counts of `cpts`, oldest first, with their rate and its change since the count before."""
    points, previous = [], None
    for adhesion in cpts.adhesions.order_by("date"):
        rate = adhesion.rate
        change = None if previous is None else rate - previous
        points.append(
            AdhesionPoint(adhesion.date, adhesion.professional_count, adhesion.member_count, rate, change, adhesion.pk)
        )
        previous = rate
    return points


# --- The page of one CPTS ----------------------------------------------------------------------------------


def shared_communes(cpts):
    """The communes of `cpts` that another active CPTS also claims, each with those other CPTS (one query)."""
    overlaps = claims_of_shared_communes(
        active=CPTS.objects.active() | CPTS.objects.filter(pk=cpts.pk), communes=cpts.communes.values("pk")
    )
    return [
        Overlap(overlap.commune, others)
        for overlap in overlaps
        if (others := [other for other in overlap.cpts if other.pk != cpts.pk])
    ]


@dataclass(frozen=True)
class ContactsByPeriod:
    current: list  # roles held today (or starting later)
    past: list  # roles that ended

    @property
    def coordinators(self):
        return [contact for contact in self.current if contact.role == ContactRole.COORDINATOR]

    @property
    def others(self):
        """Current roles other than coordination (shown apart on the page)."""
        return [contact for contact in self.current if contact.role != ContactRole.COORDINATOR]


def contacts_by_period(cpts, today=None):
    """The contacts of `cpts` (with their person), split into current and past roles (one query)."""
    today = today or timezone.localdate()
    current, past = [], []
    for contact in cpts.contacts.select_related("person__organisation").order_by("role", "-start_date", "pk"):
        (past if contact.end_date and contact.end_date < today else current).append(contact)
    return ContactsByPeriod(current, past)


@dataclass(frozen=True)
class PaymentYear:
    year: int
    payments: list
    planned: Decimal
    paid: Decimal


def payments_table(contract):
    """The payments of `contract` by year (each with its totals), and the totals of the contract (one query)."""
    kinds, missions = list(PaymentKind.values), list(Mission.values)
    years = {}
    payments = sorted(
        contract.payments.all(),
        key=lambda p: (p.year, kinds.index(p.kind), missions.index(p.mission) if p.mission else -1),
    )
    for payment in payments:
        years.setdefault(payment.year, []).append(payment)
    rows = [
        PaymentYear(
            year,
            payments,
            sum((p.planned_amount for p in payments), Decimal(0)),
            sum((p.paid_amount for p in payments), Decimal(0)),
        )
        for year, payments in years.items()
    ]
    totals = {
        "planned": sum((row.planned for row in rows), Decimal(0)),
        "paid": sum((row.paid for row in rows), Decimal(0)),
    }
    return rows, totals


@dataclass(frozen=True)
class TimelineEvent:
    """One dated fact of the history of a CPTS."""

    date: datetime.date
    kind: str  # a key of TIMELINE_KINDS
    title: str
    detail: str = ""
    record: object = None  # the StageChange, StepCompletion, Meeting, ACIContract… behind the event

    @property
    def kind_label(self):
        return TIMELINE_KINDS[self.kind]


# The kinds of events and their labels; facts of the same day in the order they follow one another.
TIMELINE_KINDS = {
    "aci": "ACI",
    "stage": "étape",
    "step": "accompagnement",
    "mission": "mission",
    "meeting": "réunion",
    "anniversary": "anniversaire",
    "payment": "versement",
}


def _ordinal(number):
    return "1er" if number == 1 else f"{number}e"


def timeline(cpts, today=None):
    """The history of `cpts`, oldest first: stage changes, accompaniment steps completed, meetings linked to it,
    the signature of its ACI, missions started, anniversaries passed and payments made.

    Six queries whatever the number of events.
    """
    today = today or timezone.localdate()
    events = []
    contract = ACIContract.objects.filter(cpts=cpts).prefetch_related("missions").first()
    for change in StageChange.objects.filter(cpts=cpts).order_by("date", "pk"):
        if contract and change.stage == Stage.ACI_SIGNED and change.date == contract.signed_on:
            continue  # the signature of the contract, below, tells it
        title = f"Passage à l'étape « {change.get_stage_display()} »"
        events.append(TimelineEvent(change.date, "stage", title, change.note, change))
    for completion in StepCompletion.objects.filter(cpts=cpts).select_related("step"):
        title = f"Étape {completion.step.order} de l'accompagnement franchie : {completion.step.name}"
        events.append(TimelineEvent(completion.completed_on, "step", title, completion.note, completion))
    for meeting in cpts.meetings.select_related("category").order_by("date", "start_time", "pk"):
        detail = meeting.category.name if meeting.category else meeting.get_kind_display()
        events.append(TimelineEvent(meeting.date, "meeting", meeting.title, detail, meeting))
    if contract is not None:
        missions = contract.missions.all()
        detail = (
            f"{SizeClass(contract.size_class_at_signature).label.capitalize()} à la signature ; "
            f"missions : {', '.join(mission.get_mission_display() for mission in missions)}."
        )
        events.append(TimelineEvent(contract.signed_on, "aci", "Signature de l'ACI", detail, contract))
        for mission in missions:
            if mission.started_on:
                title = f"Démarrage de la mission « {mission.get_mission_display()} »"
                events.append(TimelineEvent(mission.started_on, "mission", title, "", mission))
        for number, anniversary in enumerate(contract.anniversaries(), start=1):
            if anniversary <= today:
                title = f"{_ordinal(number)} anniversaire de l'ACI"
                events.append(TimelineEvent(anniversary, "anniversary", title, "", contract))
        for payment in contract.payments.filter(paid_on__isnull=False):
            events.append(
                TimelineEvent(payment.paid_on, "payment", f"Versement ACI : {payment}", payment.note, payment)
            )
    rank = {kind: index for index, kind in enumerate(TIMELINE_KINDS)}
    return sorted(events, key=lambda event: (event.date, rank[event.kind]))
