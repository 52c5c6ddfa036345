"""Year N beside N-1, and two published versions of one year side by side.

`compare_years(year, other)` puts the whole catalogue of live figures of two years side by side, with the change;
`compare_versions(a, b)` says which figures and which texts changed between two published versions of a year, from
the snapshot each version keeps (`snapshot(report)`, stored beside its PDF by `save_snapshot`).

A snapshot is a JSON file next to the version's PDF (`…-v2.pdf.json`): the figures printed ({key: {"section",
"value"}}) and the texts as read ({label: plain text, figures printed}). A version published before snapshots existed
has none: the page says so.
"""

import json
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils.html import strip_tags

from interurps.report import figures, registry
from interurps.report.assembly import computed_sections
from interurps.report.richtext import sanitize_html

SNAPSHOT_SUFFIX = ".json"


@dataclass
class FigureRow:
    key: str
    section_title: str
    value: object  # None: the figure does not exist on that side
    other: object

    @property
    def display(self):
        return figures.display(self.value)

    @property
    def other_display(self):
        return figures.display(self.other)

    @property
    def changed(self):
        return self.value != self.other

    @property
    def change_display(self):
        """`+4`, `−2`; "" when nothing changed or a side has no value (a report prints no "+0")."""
        if self.value is None or self.other is None:
            return ""
        return figures.Figure(self.key, self.section_title, self.value, previous=self.other).change_display


def section_order():
    return {section.key: index for index, section in enumerate(registry.sections())}


def figure_rows(current, other):
    """Rows of two catalogues {key: (section title, value)}, in the report's order of sections, then by key."""
    order = section_order()
    keys = sorted(set(current) | set(other), key=lambda key: (order.get(key.split(".")[0], len(order)), key))
    return [
        FigureRow(
            key,
            (current.get(key) or other.get(key))[0],
            current[key][1] if key in current else None,
            other[key][1] if key in other else None,
        )
        for key in keys
    ]


def year_catalogue(year):
    return {key: (f.section_title, f.value) for key, f in figures.catalogue(computed_sections(year)).items()}


def compare_years(year, other):
    """Every figure of the catalogue of `year` beside its value in `other`."""
    return figure_rows(year_catalogue(year), year_catalogue(other))


# --- Snapshots of published versions ------------------------------------------------------------------------


def plain_text(body, catalogue):
    html = figures.with_figures(sanitize_html(body), catalogue)
    return " ".join(strip_tags(str(html).replace(">", "> ")).split())


def report_texts(report):
    """{label: text} of what the edition wrote, as printed (figures included)."""
    texts = {
        "Mot des présidents": report.edition.presidents_message,
        "Présentation de l'association": report.edition.presentation,
    }
    for section in report.sections:
        if section.is_free:
            texts[section.title] = section.data.get("body", "")
        else:
            texts[f"{section.title} – introduction"] = section.introduction
            texts[f"{section.title} – perspectives"] = section.perspectives
    return {label: plain_text(body, report.figures) for label, body in texts.items() if (body or "").strip()}


def snapshot(report):
    return {
        "year": report.year,
        "figures": {
            key: {"section": figure.section_title, "value": str(figure.value)} for key, figure in report.figures.items()
        },
        "texts": report_texts(report),
    }


def snapshot_name(published):
    return f"{published.file.name}{SNAPSHOT_SUFFIX}"


def save_snapshot(published, report):
    """Store the version's snapshot beside its PDF (the storage never replaces a file)."""
    content = json.dumps(snapshot(report), ensure_ascii=False, indent=1, sort_keys=True)
    published.file.storage.save(snapshot_name(published), ContentFile(content.encode("utf-8")))


def load_snapshot(published):
    """The snapshot of a published version, or None when it has none (published before snapshots)."""
    storage = published.file.storage
    name = snapshot_name(published)
    if not published.file.name or not storage.exists(name):
        return None
    with storage.open(name, "rb") as handle:
        return json.loads(handle.read().decode("utf-8"))


def as_number(text):
    value = Decimal(text)
    return int(value) if value == int(value) else value


@dataclass
class TextChange:
    label: str
    before: str  # "" : the text did not exist
    after: str


def compare_versions(older, newer):
    """(figure rows that changed, texts that changed) between two snapshots."""

    def catalogue(shot):
        return {key: (item["section"], as_number(item["value"])) for key, item in shot["figures"].items()}

    rows = [row for row in figure_rows(catalogue(newer), catalogue(older)) if row.changed]
    labels = list(dict.fromkeys([*older["texts"], *newer["texts"]]))
    texts = [
        TextChange(label, older["texts"].get(label, ""), newer["texts"].get(label, ""))
        for label in labels
        if older["texts"].get(label, "") != newer["texts"].get(label, "")
    ]
    return rows, texts
