"""PACTE: the EHESP training of CPTS coordinators, its regional cohorts and its relay trainers.

One module a theme; every model is importable from `pacte.models` as before.
"""

from pacte.models.learners import Attendance, Learner, LearnerQuerySet
from pacte.models.relay import RelayTrainer, RelayTrainerQuerySet
from pacte.models.training import (
    Cohort,
    CohortQuerySet,
    Module,
    Session,
    SessionQuerySet,
    TrainingProgramme,
    configured_region,
)

__all__ = [
    "Attendance",
    "Cohort",
    "CohortQuerySet",
    "Learner",
    "LearnerQuerySet",
    "Module",
    "RelayTrainer",
    "RelayTrainerQuerySet",
    "Session",
    "SessionQuerySet",
    "TrainingProgramme",
    "configured_region",
]
