"""Live figures in the edition's prose: `[[sas.meeting_total]]` prints the value computed for the edition's year.

The catalogue of a report is every figure its computed sections print: each whole number of a section's data
(`sas.meeting_total`) and the length of each of its lists (`cpts.aci_signed.nombre`). A text stores references
(`[[key]]`); the preview and the PDF print the value of the year; an unknown reference is shown in the preview
(and printed as it was typed in the PDF) and blocks publishing. A published version keeps what it printed: its PDF.
"""

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe

from interurps.templatetags.fr_format import number

REFERENCE = re.compile(r"\[\[\s*([a-z0-9_-]+(?:\.[a-z0-9_-]+)+)\s*\]\]")
COUNT_SUFFIX = "nombre"


@dataclass(frozen=True)
class Figure:
    key: str
    section_title: str
    value: int

    @property
    def reference(self):
        return f"[[{self.key}]]"


def section_figures(section):
    """The figures a computed section prints: its whole numbers and the lengths of its lists."""
    figures = []
    for name, value in section.data.items():
        if isinstance(value, bool):
            continue
        if isinstance(value, int):
            figures.append(Figure(f"{section.key}.{name}", section.title, value))
        elif isinstance(value, (list, tuple)):
            figures.append(Figure(f"{section.key}.{name}.{COUNT_SUFFIX}", section.title, len(value)))
    return figures


def catalogue(sections):
    """{key: Figure} of the computed sections (free sections have no figures of their own)."""
    return {figure.key: figure for section in sections if not section.is_free for figure in section_figures(section)}


def references(text):
    return REFERENCE.findall(text or "")


def broken_references(texts, figures):
    """The references of `texts` that name no figure of the catalogue, in order, once each."""
    return list(dict.fromkeys(key for text in texts for key in references(text) if key not in figures))


def with_figures(text, figures, preview=False):
    """`text` (sanitised HTML) with each reference replaced by its value; an unknown one is marked in the preview."""

    def replace(match):
        figure = figures.get(match.group(1))
        if figure is not None:
            return number(figure.value)
        if preview:
            return f'<mark class="broken-figure">{escape(match.group(0))} (chiffre inconnu)</mark>'
        return escape(match.group(0))

    return mark_safe(REFERENCE.sub(replace, str(text or "")))  # `text` is sanitised; values are numbers
