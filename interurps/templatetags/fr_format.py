"""French typography for amounts and dates: `686 000 €`, `02 et 03 juin 2021`."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils import dateformat

register = template.Library()

NARROW_NBSP = "\u202f"  # thousands separator (espace fine insécable)
NBSP = "\u00a0"  # before the euro sign (espace insécable)


@register.filter
def euros(value):
    """`686000` → `686 000 €`; cents only when there are some: `1 234,50 €`."""
    if value is None or value == "":
        return ""
    amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    units, cents = f"{abs(amount):.2f}".split(".")
    grouped = f"{int(units):,}".replace(",", NARROW_NBSP)
    decimals = f",{cents}" if cents != "00" else ""
    return f"{sign}{grouped}{decimals}{NBSP}€"


@register.filter
def french_date_range(start, end=None):
    """A day or a span of days as the report writes them.

    `02 juin 2021`, `02 et 03 juin 2021`, `02 au 04 juin 2021`, `31 août et 01 septembre 2021`,
    `31 décembre 2021 et 01 janvier 2022`.
    """
    if not start:
        return ""
    if not end or end <= start:
        return dateformat.format(start, "d F Y")
    link = "et" if (end - start).days == 1 else "au"
    if start.year != end.year:
        first = dateformat.format(start, "d F Y")
    elif start.month != end.month:
        first = dateformat.format(start, "d F")
    else:
        first = dateformat.format(start, "d")
    return f"{first} {link} {dateformat.format(end, 'd F Y')}"


@register.filter
def french_join(values):
    """`["a", "b", "c"]` → `a, b et c`."""
    values = [str(value) for value in values]
    if len(values) < 2:
        return "".join(values)
    return f"{', '.join(values[:-1])} et {values[-1]}"


@register.filter
def plural_fr(count, suffix="s"):
    """The plural suffix in French: none for 0 and 1 (`0 conseil`, `2 conseils`)."""
    return suffix if count and abs(count) >= 2 else ""
