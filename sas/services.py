"""Operations that write SAS records."""

from django.db import transaction

from sas.models import SASDeploymentStatus


@transaction.atomic
def record_status(deployment, *, status, date, note=""):
    """Add a dated status to a department's SAS; refuses (ValidationError) a date before the current status."""
    entry = SASDeploymentStatus(deployment=deployment, status=status, date=date, note=note)
    entry.full_clean()
    entry.save()
    return entry
