"""ACI signatures and payments: counts per year, totals per CPTS, per year and for the region."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, F, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear

from cpts.models import ACIContract, Payment

# --- ACI and payments --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class YearCount:
    year: int
    count: int
    cumulative: int


def aci_signed_per_year():
    """How many ACI were signed each year, and how many in all by the end of it."""
    rows = (
        ACIContract.objects.annotate(year=ExtractYear("signed_on"))
        .order_by()
        .values("year")
        .annotate(total=Count("pk"))
        .order_by("year")
    )
    result, cumulative = [], 0
    for row in rows:
        cumulative += row["total"]
        result.append(YearCount(row["year"], row["total"], cumulative))
    return result


def _sums():
    zero = Value(Decimal(0), output_field=DecimalField(max_digits=12, decimal_places=2))
    return {"planned": Coalesce(Sum("planned_amount"), zero), "paid": Coalesce(Sum("paid_amount"), zero)}


def payments_by_cpts(year=None):
    """[{"cpts_id", "cpts_name", "planned", "paid"}], by CPTS name, for one year or all years."""
    payments = Payment.objects.all() if year is None else Payment.objects.filter(year=year)
    return list(
        payments.order_by()
        .values(cpts_id=F("contract__cpts_id"), cpts_name=F("contract__cpts__name"))
        .annotate(**_sums())
        .order_by("cpts_name")
    )


def payments_by_year():
    """[{"year", "planned", "paid", "contract_count"}], by year."""
    return list(
        Payment.objects.order_by()
        .values("year")
        .annotate(**_sums(), contract_count=Count("contract", distinct=True))
        .order_by("year")
    )


def region_payments(year=None):
    """{"planned", "paid", "contract_count"} for the whole region, for one year or all years:
    « 686 000 € versés en 2020 pour les 7 premiers ACI »."""
    payments = Payment.objects.all() if year is None else Payment.objects.filter(year=year)
    return payments.aggregate(**_sums(), contract_count=Count("contract", distinct=True))
