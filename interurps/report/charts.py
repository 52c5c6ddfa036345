"""Simple charts drawn on the server as inline SVG, for the report page and its PDF.

No JavaScript and no external file: the SVG is part of the HTML, so the browser preview and
WeasyPrint draw the same thing. The geometry is computed here; the markup is the template
`report/charts/horizontal_bar_chart.svg`, whose engine escapes every text. Colours are attributes, not styles.
"""

from django.template.loader import render_to_string

from interurps.templatetags.fr_format import number

COLOURS = {"bar": "#0b5c8c", "text": "#1d2433", "muted": "#5a6478", "grid": "#d6dbe4"}
LABEL_LENGTH = 40
VALUE_WIDTH = 90


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
    bars_width = width - label_width - VALUE_WIDTH
    bars = []
    for index, (label, value) in enumerate(items):
        top = gap + index * (bar_height + gap)
        length = max(round(bars_width * float(value) / float(largest), 1), 1 if value else 0)
        bars.append(
            {
                "label": _truncate(label, LABEL_LENGTH),
                "label_x": label_width - 8,
                "top": top,
                "middle": top + bar_height / 2 + 4,
                "length": length,
                "value_x": label_width + length + 6,
                "value": value_format(value),
            }
        )
    return render_to_string(
        "report/charts/horizontal_bar_chart.svg",
        {
            "title": title,
            "width": width,
            "height": len(items) * (bar_height + gap) + gap,
            "label_width": label_width,
            "bar_height": bar_height,
            "bars": bars,
            "colours": COLOURS,
        },
    )
