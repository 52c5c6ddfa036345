"""The one place that draws a list's column headers, sortable or not."""

from django import template

register = template.Library()


@register.inclusion_tag("partials/sort_header.html", takes_context=True)
def sort_header(context, column):
    """`<th>` of `column` (a generic.Column); when it sorts, a link to the next order and its aria-sort."""
    header = None
    filterset = context.get("filterset")
    sorts = filterset.filters.get("tri") if filterset is not None else None
    if column.sort and sorts is not None:
        value = filterset.form.cleaned_data.get("tri", "") if hasattr(filterset.form, "cleaned_data") else ""
        header = sorts.header(column.sort, value)
    return {"column": column, "header": header, "request": context.get("request")}
