"""Live figures in the edition's prose: `[[sas.meeting_total]]` prints the value computed for the edition's year.

The catalogue of a report is every figure its computed sections print: each number of a section's data
(`sas.meeting_total`, a share `cpts.coverage_shares.region.operational`), the numbers of its nested dicts, the
length of each of its lists (`cpts.aci_signed.nombre`) and the numbers of the items of a list that name themselves
with a `figure_key` (`sas.by_category.internal.count`). A text stores references (`[[key]]`); the preview and the
PDF print the value of the year; an unknown reference is shown in the preview (and printed as it was typed in the
PDF) and blocks publishing. A published version keeps what it printed: its PDF, and a snapshot of its figures and
texts (`interurps.report.snapshots`).

A figure may carry the previous year's value (`previous`, set by the assembly when the edition compares a section
with the year before) and the change between the two.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe

from interurps.templatetags.fr_format import number

# `[[sas.meeting_total]]`; `[[reper.union_count:lettres]]` writes a small number in words (« huit »), and
# `:Lettres` with a capital at the start of a sentence (« Huit unions… »).
REFERENCE = re.compile(r"\[\[\s*([a-z0-9_-]+(?:\.[a-z0-9_-]+)+)\s*(?::\s*(lettres|Lettres)\s*)?\]\]")
WORDS = "zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize".split()
COUNT_SUFFIX = "nombre"
ITEM_KEY = "figure_key"  # the key of a list item's figures: `sas.by_category.<figure_key>.count`
KEY_PART = re.compile(r"[a-z0-9_-]+")


def display(value):
    """A figure as the report prints it: `12 345`, a share with one decimal `37,2`."""
    if value is None:
        return ""
    if isinstance(value, (float, Decimal)) and value != int(value):
        return f"{float(value):.1f}".replace(".", ",")
    return number(value)


@dataclass
class Figure:
    key: str
    section_title: str
    value: int | float | Decimal
    previous: int | float | Decimal | None = None
    previous_year: int | None = None

    @property
    def reference(self):
        return f"[[{self.key}]]"

    @property
    def display(self):
        return display(self.value)

    @property
    def change(self):
        """The change since the previous year (None when there is no previous value)."""
        if self.previous is None:
            return None
        return self.value - self.previous

    @property
    def change_display(self):
        """`+4`, `−2` (minus sign), or "" when nothing changed: a report prints no "+0"."""
        change = self.change
        if not change:
            return ""
        sign = "+" if change > 0 else "\u2212"
        return f"{sign}{display(abs(change))}"


def flatten(prefix, value):
    """(key, number) of a value of a section's data: numbers, nested dicts, list lengths and named list items."""
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, (int, float, Decimal)):
        yield prefix, value
    elif isinstance(value, dict):
        for name, item in value.items():
            if isinstance(name, str) and KEY_PART.fullmatch(name) and name != ITEM_KEY:
                yield from flatten(f"{prefix}.{name}", item)
    elif isinstance(value, (list, tuple)):
        yield f"{prefix}.{COUNT_SUFFIX}", len(value)
        for item in value:
            if isinstance(item, dict) and KEY_PART.fullmatch(str(item.get(ITEM_KEY) or "")):
                yield from flatten(f"{prefix}.{item[ITEM_KEY]}", item)


def section_figures(section):
    """The figures a computed section prints (see the module's docstring)."""
    return [
        Figure(key, section.title, value)
        for name, data in section.data.items()
        if KEY_PART.fullmatch(name) and name != "year"  # the year of the report is no figure of it
        for key, value in flatten(f"{section.key}.{name}", data)
    ]


def catalogue(sections):
    """{key: Figure} of the computed sections (free sections have no figures of their own)."""
    return {figure.key: figure for section in sections if not section.is_free for figure in section_figures(section)}


def references(text):
    return [match.group(1) for match in REFERENCE.finditer(text or "")]


def in_words(value, capital=False):
    """A whole number up to 16 in French words (« huit »), a larger one or a share in digits."""
    if isinstance(value, int) and 0 <= value < len(WORDS):
        word = WORDS[value]
        return word[0].upper() + word[1:] if capital else word
    return display(value)


def broken_references(texts, figures):
    """The references of `texts` that name no figure of the catalogue, in order, once each."""
    return list(dict.fromkeys(key for text in texts for key in references(text) if key not in figures))


def with_figures(text, figures, preview=False):
    """`text` (sanitised HTML) with each reference replaced by its value; an unknown one is marked in the preview."""

    def replace(match):
        figure = figures.get(match.group(1))
        if figure is not None:
            if match.group(2):
                return in_words(figure.value, capital=match.group(2) == "Lettres")
            return figure.display
        if preview:
            return f'<mark class="broken-figure">{escape(match.group(0))} (chiffre inconnu)</mark>'
        return escape(match.group(0))

    return mark_safe(REFERENCE.sub(replace, str(text or "")))  # `text` is sanitised; values are numbers


class Cited:
    """The figures a section's own texts cite: `"sas.by_category" in cited` when a text cites one of them.

    A section's template leaves out what its texts already say (« Il y a eu [[cpts.quintet_count]] réunions de
    quintet »), so the report prints each fact once.
    """

    def __init__(self, *texts):
        self.keys = {key for text in texts for key in references(text)}

    def __contains__(self, prefix):
        return any(key == prefix or key.startswith(f"{prefix}.") for key in self.keys)


def with_previous(figures, previous_figures, previous_year):
    """Give each figure of `figures` its value of the previous year, when the previous catalogue has it."""
    for key, figure in figures.items():
        earlier = previous_figures.get(key)
        if earlier is not None:
            figure.previous, figure.previous_year = earlier.value, previous_year
    return figures
