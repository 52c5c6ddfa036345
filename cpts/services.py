"""Writes of the CPTS domain. Each validates through the models (`full_clean`) and raises
`ValidationError` with a French message; none leaves a half-written change behind."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from cpts.enums import OPTIONAL_MISSIONS, SOCLE_MISSIONS, Mission, Stage, size_class, transition_error
from cpts.models import CPTS, ACIContract, ContractMission, Payment, StageChange, StepCompletion
from cpts.selectors import territory_overlaps
from interurps.models import Commune
from interurps.region import example_commune_code

CODE_SEPARATORS = re.compile(r"[\s,;]+")
INSEE_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$")


def _lock(cpts):
    """Serialise the writes on one CPTS (its stage history is validated against what is already there)."""
    CPTS.objects.select_for_update().filter(pk=cpts.pk).first()


@transaction.atomic
def move_to_stage(cpts, stage, on, by=None, note=""):
    """Record that `cpts` reached `stage` on the date `on`.

    Refused when the date precedes the current stage's, when the CPTS would go back (e.g. from
    « ACI signé » to « lettre d'intention validée »), or for a first « ACI signé » without its contract
    (use `sign_aci`).
    """
    _lock(cpts)
    change = StageChange(cpts=cpts, stage=stage, date=on, note=note, recorded_by=by)
    change.full_clean()
    change.save()
    return change


@transaction.atomic
def sign_aci(cpts, signed_on, optional_missions=(), by=None, note=""):
    """Record the ACI contract of `cpts` and its « ACI signé » stage, together.

    The size class at signature is the size computed from the territory on that day, kept as a fact.
    The socle missions are always in the contract; `optional_missions` adds the chosen optional ones.
    """
    _lock(cpts)
    unknown = [mission for mission in optional_missions if mission not in OPTIONAL_MISSIONS]
    if unknown:
        labels = ", ".join(Mission(m).label if m in Mission.values else str(m) for m in unknown)
        raise ValidationError(f"Missions non optionnelles ou inconnues : {labels}.")
    population = CPTS.objects.with_population().values_list("population", flat=True).get(pk=cpts.pk)
    size = size_class(population)
    if size is None:
        raise ValidationError(
            "Renseignez le territoire de la CPTS (communes ou population déclarée) avant d'enregistrer l'ACI : "
            "sa taille à la signature en dépend."
        )
    contract = ACIContract(cpts=cpts, signed_on=signed_on, size_class_at_signature=size, notes=note)
    contract.full_clean()
    contract.save()
    bulk_create_with_history(
        [ContractMission(contract=contract, mission=mission) for mission in [*SOCLE_MISSIONS, *optional_missions]],
        ContractMission,
    )
    move_to_stage(cpts, Stage.ACI_SIGNED, signed_on, by=by, note=note)
    return contract


def complete_step(cpts, step, on, by=None, note=""):
    """Record that `cpts` completed the accompaniment `step` on the date `on` (once per step)."""
    completion = StepCompletion(cpts=cpts, step=step, completed_on=on, note=note, recorded_by=by)
    completion.full_clean()
    completion.save()
    return completion


@transaction.atomic
def set_territory(cpts, communes):
    """Make `communes` the territory of `cpts`. Returns the communes another active CPTS also claims."""
    cpts.communes.set(communes)
    return territory_overlaps(cpts)


def parse_insee_codes(text):
    """The communes whose INSEE codes are listed in `text` (pasted from a spreadsheet or a document).

    Codes may be separated by spaces, commas, semicolons or new lines; duplicates are ignored and the
    order is kept. A code that lost its leading zero in a spreadsheet (1004 for 01004) is restored.
    Raises a `ValidationError` listing, in French, what is not a code and which codes are unknown.
    """
    codes, malformed = [], []
    for token in CODE_SEPARATORS.split(text or ""):
        if not token:
            continue
        code = token.upper()
        if code.isdigit() and len(code) == 4:
            code = f"0{code}"
        if not INSEE_CODE.match(code):
            malformed.append(token)
        elif code not in codes:
            codes.append(code)
    found = {commune.insee_code: commune for commune in Commune.objects.filter(insee_code__in=codes)}
    unknown = [code for code in codes if code not in found]
    errors = []
    if len(malformed) == 1:
        errors.append(
            f"« {malformed[0]} » n'est pas un code INSEE (5 caractères, par exemple {example_commune_code()})."
        )
    elif malformed:
        errors.append(
            f"Ces valeurs ne sont pas des codes INSEE (5 caractères, ex. {example_commune_code()}) : "
            f"{', '.join(malformed)}."
        )
    if len(unknown) == 1:
        errors.append(f"Code INSEE inconnu : {unknown[0]}.")
    elif unknown:
        errors.append(f"Codes INSEE inconnus : {', '.join(unknown)}.")
    if errors:
        raise ValidationError(errors)
    return [found[code] for code in codes]


@transaction.atomic
def record_payment(contract, year, kind, mission="", planned=None, paid=None, paid_on=None, note=None):
    """Create or update the payment line of `contract` for (`year`, `kind`, `mission`).

    Only the values given change: record what is planned at the anniversary, then what is paid.
    """
    payment = (
        Payment.objects.select_for_update().filter(contract=contract, year=year, kind=kind, mission=mission).first()
    ) or Payment(contract=contract, year=year, kind=kind, mission=mission)
    if planned is not None:
        payment.planned_amount = planned
    if paid is not None:
        payment.paid_amount = paid
    if paid_on is not None:
        payment.paid_on = paid_on
    if note is not None:
        payment.note = note
    payment.full_clean()
    payment.save()
    return payment


@transaction.atomic
def delete_stage_change(change):
    """Delete a stage change recorded by mistake, unless the history left would break the rules, or it is
    the « ACI signé » of a contract (that one goes with the contract)."""
    _lock(change.cpts)
    contract = ACIContract.objects.filter(cpts_id=change.cpts_id).first()
    if change.stage == Stage.ACI_SIGNED and contract is not None and change.date == contract.signed_on:
        raise ValidationError(
            "Cette étape est celle de la signature de l'ACI : elle se supprime avec le contrat, dans l'administration."
        )
    history = []
    for stage in (
        StageChange.objects.filter(cpts_id=change.cpts_id).exclude(pk=change.pk).values_list("stage", flat=True)
    ):
        error = transition_error(history, stage)
        if error:
            raise ValidationError(f"Sans cette étape, l'historique ne se suit plus : {error}")
        history.append(stage)
    change.delete()


@transaction.atomic
def update_aci(contract, optional_missions, start_dates, notes=""):
    """Change the optional missions of `contract`, the dates its missions started, and its notes.

    `start_dates` maps a mission to the date it started (None: not yet). An optional mission with payments
    recorded stays in the contract; no mission starts before the signature.
    """
    _lock(contract.cpts)
    unknown = [mission for mission in optional_missions if mission not in OPTIONAL_MISSIONS]
    if unknown:
        raise ValidationError(f"Missions non optionnelles ou inconnues : {', '.join(map(str, unknown))}.")
    current = {mission.mission: mission for mission in contract.missions.all()}
    removed = [mission for mission in current if mission in OPTIONAL_MISSIONS and mission not in optional_missions]
    paid = contract.payments.filter(mission__in=removed).values_list("mission", flat=True).distinct()
    errors = [
        f"Des versements portent sur la mission « {Mission(mission).label} » : elle reste au contrat."
        for mission in paid
    ]
    for mission, started_on in start_dates.items():
        if started_on and started_on < contract.signed_on:
            errors.append(
                f"La mission « {Mission(mission).label} » ne peut démarrer avant la signature de l'ACI "
                f"({contract.signed_on:%d/%m/%Y})."
            )
    if errors:
        raise ValidationError(errors)
    contract.missions.filter(mission__in=removed).delete()
    bulk_create_with_history(
        [
            ContractMission(contract=contract, mission=mission)
            for mission in optional_missions
            if mission not in current
        ],
        ContractMission,
    )
    for mission in contract.missions.all():
        if mission.mission in start_dates and mission.started_on != start_dates[mission.mission]:
            mission.started_on = start_dates[mission.mission]
            mission.save(update_fields=["started_on"])
    contract.notes = notes
    contract.full_clean()
    contract.save()
    return contract
