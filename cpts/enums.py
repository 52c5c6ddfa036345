"""Fixed lists of the CPTS domain and the pure rules that go with them (size classes, stage order).

Kept apart from the models so that querysets, services and imports share one definition.
"""

from django.db import models


class Stage(models.TextChoices):
    """Where a CPTS stands. The first four are a progression; the last two are states."""

    PRE_PROJECT = "pre_project", "pré-projet (réflexion)"
    LETTER_OF_INTENT = "letter_of_intent", "lettre d'intention validée"
    HEALTH_PROJECT = "health_project", "projet de santé validé"
    ACI_SIGNED = "aci_signed", "ACI signé"
    DORMANT = "dormant", "en sommeil"
    ABANDONED = "abandoned", "abandonné"


# The progression, in order; a CPTS never goes back to an earlier one.
PROGRESS_STAGES = [Stage.PRE_PROJECT, Stage.LETTER_OF_INTENT, Stage.HEALTH_PROJECT, Stage.ACI_SIGNED]
INACTIVE_STAGES = [Stage.DORMANT, Stage.ABANDONED]
STAGE_RANK = {stage: rank for rank, stage in enumerate(PROGRESS_STAGES, start=1)}


def transition_error(history, new_stage):
    """Why a CPTS whose stages so far are `history` (oldest first) cannot move to `new_stage`; None if it can.

    A CPTS may skip stages (it may be known to us only once its letter of intent is validated), may fall
    dormant or be abandoned at any time, and may resume — but never at a stage below the highest it reached.
    """
    current = history[-1] if history else None
    if new_stage == current:
        return f"La CPTS est déjà à l'étape « {Stage(new_stage).label} »."
    if new_stage in STAGE_RANK:
        reached = [stage for stage in history if stage in STAGE_RANK]
        if reached:
            highest = max(reached, key=STAGE_RANK.__getitem__)
            if STAGE_RANK[new_stage] < STAGE_RANK[highest]:
                return (
                    f"Une CPTS ne revient pas en arrière : elle a atteint l'étape « {Stage(highest).label} », "
                    f"elle ne peut pas passer à « {Stage(new_stage).label} »."
                )
    return None


class SizeClass(models.IntegerChoices):
    """The four sizes of the ACI, from the population of the territory."""

    ONE = 1, "taille 1 (moins de 40 000 habitants)"
    TWO = 2, "taille 2 (de 40 000 à 79 999 habitants)"
    THREE = 3, "taille 3 (de 80 000 à 174 999 habitants)"
    FOUR = 4, "taille 4 (175 000 habitants et plus)"


# (size, first population *above* the size): taille 1 < 40 000 ≤ taille 2 < 80 000 ≤ taille 3 < 175 000 ≤ taille 4.
SIZE_UPPER_BOUNDS = [(SizeClass.ONE, 40_000), (SizeClass.TWO, 80_000), (SizeClass.THREE, 175_000)]
LARGEST_SIZE = SizeClass.FOUR


def size_class(population):
    """The ACI size class (1 to 4) of a territory of `population` inhabitants; None for an empty territory."""
    if not population:
        return None
    for size, upper_bound in SIZE_UPPER_BOUNDS:
        if population < upper_bound:
            return size
    return LARGEST_SIZE


class AccompanyingBody(models.TextChoices):
    INTERURPS = "interurps", "InterURPS"
    APMSL = "apmsl", "APMSL"
    MSA = "msa", "MSA"
    CONSULTANT = "consultant", "consultant"
    OTHER = "other", "autre"


class ContactRole(models.TextChoices):
    PRESIDENT = "president", "président·e"
    CO_PRESIDENT = "co_president", "co-président·e"
    VICE_PRESIDENT = "vice_president", "vice-président·e"
    TREASURER = "treasurer", "trésorier·ère"
    SECRETARY = "secretary", "secrétaire"
    BOARD_MEMBER = "board_member", "membre du conseil d'administration"
    COORDINATOR = "coordinator", "coordinateur·rice"
    PROJECT_OFFICER = "project_officer", "chargé·e de mission CPTS"
    OTHER = "other", "autre"


# Roles held by employees (the others are elected): only they have an employer.
SALARIED_ROLES = [ContactRole.COORDINATOR, ContactRole.PROJECT_OFFICER]


class Employer(models.TextChoices):
    CPTS = "cpts", "la CPTS"
    EMPLOYERS_GROUP = "employers_group", "GE InterURPS (mise à disposition)"
    OTHER = "other", "autre employeur"


class Mission(models.TextChoices):
    """The missions of the ACI: four socle missions (crises sanitaires since avenant 2) and two optional ones."""

    ACCESS = "access", "accès aux soins"
    PATHWAYS = "pathways", "parcours pluriprofessionnels"
    PREVENTION = "prevention", "prévention"
    CRISIS = "crisis", "réponse aux crises sanitaires"
    QUALITY = "quality", "qualité et pertinence des soins"
    SUPPORT = "support", "accompagnement des professionnels de santé"


SOCLE_MISSIONS = [Mission.ACCESS, Mission.PATHWAYS, Mission.PREVENTION, Mission.CRISIS]
OPTIONAL_MISSIONS = [Mission.QUALITY, Mission.SUPPORT]

# Months after signature within which a socle mission must start, then be deployed (ACI, art. 3).
MISSION_DEADLINES = {
    Mission.ACCESS: (6, 18),
    Mission.PATHWAYS: (12, 24),
    Mission.PREVENTION: (12, 24),
    Mission.CRISIS: (6, 18),
}

# An ACI contract runs for five years from its signature.
ACI_DURATION_YEARS = 5


class PaymentKind(models.TextChoices):
    FUNCTIONING = "functioning", "fonctionnement"
    FIXED = "fixed", "part fixe"
    VARIABLE = "variable", "part variable"
