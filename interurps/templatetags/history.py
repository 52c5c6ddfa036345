"""`{% object_history object %}`: who changed what on a record, from its django-simple-history records."""

from django import template

from interurps.audit import object_history as history_of

register = template.Library()


@register.inclusion_tag("partials/history.html")
def object_history(obj):
    return {"entries": history_of(obj)}
