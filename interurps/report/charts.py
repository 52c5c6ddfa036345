"""Simple charts drawn on the server as inline SVG, for the report page and its PDF.

No JavaScript and no external file: the SVG is part of the HTML, so the browser preview and
WeasyPrint draw the same thing. Labels are escaped; colours are attributes, not styles.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from interurps.templatetags.fr_format import french_typography, number

BAR_COLOUR = "#0b5c8c"
TEXT_COLOUR = "#1d2433"
MUTED_COLOUR = "#5a6478"
GRID_COLOUR = "#d6dbe4"


def _truncate(text, length):
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def horizontal_bar_chart(items, *, title, value_format=number, width=560, label_width=230, bar_height=16, gap=8):
    """An SVG bar chart of `items` — pairs (label, value) — one horizontal bar each, value at its end.

    `title` is read by screen readers (and shown as a tooltip); `value_format` formats the values
    written beside the bars (e.g. the `euros` filter). Returns "" when there is nothing to draw.
    """
    items = [(str(label), value) for label, value in items]
    if not items:
        return ""
    largest = max((value for _, value in items), default=0) or 1
    value_width = 90
    bars_width = width - label_width - value_width
    height = len(items) * (bar_height + gap) + gap
    font = 'font-family="Lato, &apos;DejaVu Sans&apos;, sans-serif" font-size="10.5"'
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{label_width}" y1="0" x2="{label_width}" y2="{height}" stroke="{GRID_COLOUR}" stroke-width="1"/>',
    ]
    for index, (label, value) in enumerate(items):
        top = gap + index * (bar_height + gap)
        middle = top + bar_height / 2 + 4
        length = max(round(bars_width * float(value) / float(largest), 1), 1 if value else 0)
        parts.append(
            f'<text x="{label_width - 8}" y="{middle}" text-anchor="end" fill="{TEXT_COLOUR}" {font}>'
            f"{french_typography(escape(_truncate(label, 40)))}</text>"
        )
        parts.append(
            f'<rect x="{label_width}" y="{top}" width="{length}" height="{bar_height}" rx="2" fill="{BAR_COLOUR}"/>'
        )
        parts.append(
            f'<text x="{label_width + length + 6}" y="{middle}" fill="{MUTED_COLOUR}" {font}>'
            f"{escape(value_format(value))}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every piece of text above is escaped
