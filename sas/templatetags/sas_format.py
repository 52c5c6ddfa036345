"""Number formats of the SAS pages."""

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def percent(value, digits=0):
    """0.59 -> "59 %" (French: a non-breaking space before the sign); "–" when there is no rate."""
    if value is None or value == "":
        return "–"
    return f"{number_format(round(float(value) * 100, int(digits)), decimal_pos=int(digits))}\u00a0%"


@register.filter
def decimal(value, digits=1):
    """20.04 -> "20,0"; "–" when there is no value."""
    if value is None or value == "":
        return "–"
    return number_format(round(float(value), int(digits)), decimal_pos=int(digits))
