"""CPTS: territory (communes), stages, accompaniment, contacts, adhesion, ACI contracts and payments.

What can be computed is not stored: population, size class, current stage, overlaps, next step and
adhesion rate are queryset annotations (`cpts.querysets.CPTSQuerySet`); the size class at the
signature of an ACI is stored because it is a historical fact.
"""

from cpts.models.accompaniment import AccompanimentStep, Adhesion, Contact, StepCompletion
from cpts.models.aci import ACIContract, ContractMission, Payment, add_months, add_years
from cpts.models.core import CPTS, StageChange

__all__ = [
    "CPTS",
    "ACIContract",
    "AccompanimentStep",
    "Adhesion",
    "Contact",
    "ContractMission",
    "Payment",
    "StageChange",
    "StepCompletion",
    "add_months",
    "add_years",
]
