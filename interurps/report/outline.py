"""The outline of an edition: which parts the report prints, in which order, at which level.

The parts are the mot des présidents, the presentation of the association, every registered section,
the perspectives of every registered section (placed on their own, so that an edition can print the
CPTS perspectives after the PACTE chapter as the 2021 report does) and the edition's free sections.

An edition stores its outline as a list of `{"key", "visible", "level", "compare"}` in `ReportEdition.outline`
(`compare`: the section's key figures show the previous year's value and the change);
the list's order is the report's order. Parts the stored outline does not name (a section registered
since, a new free section) take their default place: right after the part that precedes them in the
default order. The default order is the registry's, each section followed by its perspectives, the free
sections last. Level 1 is a chapter (a new page, an entry of the sommaire and of the PDF bookmarks);
level 2 is a part of the chapter before it (no page break, indented in the sommaire and the bookmarks).
"""

from dataclasses import dataclass

from interurps.report import registry

PRESIDENTS = "presidents"
ASSOCIATION = "interurps"
PERSPECTIVES_PREFIX = "perspectives-"
FREE_PREFIX = "libre-"
LEVELS = (1, 2)


@dataclass
class Entry:
    key: str
    label: str
    visible: bool = True
    level: int = 1
    compare: bool = False  # the key figures of the section show the year before

    @property
    def is_perspectives(self):
        return self.key.startswith(PERSPECTIVES_PREFIX)

    @property
    def section_key(self):
        """The registered section an entry is, or whose perspectives it is."""
        return self.key.removeprefix(PERSPECTIVES_PREFIX)

    @property
    def can_compare(self):
        """A registered section (not the texts of the edition, not perspectives, not a free section)."""
        return self.key not in (PRESIDENTS, ASSOCIATION) and not self.is_perspectives and not self.is_free

    @property
    def is_free(self):
        return self.key.startswith(FREE_PREFIX)

    def as_stored(self):
        return {"key": self.key, "visible": self.visible, "level": self.level, "compare": self.compare}


def free_key(free_section):
    return f"{FREE_PREFIX}{free_section.pk}"


def default_entries(free_sections, year):
    """Every part of the report in the default order, all visible at level 1."""
    entries = [Entry(PRESIDENTS, "Mot des présidents"), Entry(ASSOCIATION, "L'InterURPS")]
    for section in registry.sections():
        entries.append(Entry(section.key, section.title))
        entries.append(Entry(f"{PERSPECTIVES_PREFIX}{section.key}", f"Perspectives {section.title} {year + 1}"))
    entries += [Entry(free_key(free), free.title) for free in free_sections if free.pk]
    return entries


def resolve(stored, free_sections, year):
    """The outline of an edition: its stored entries that still exist, then the new parts in their default place."""
    defaults = default_entries(free_sections, year)
    by_key = {entry.key: entry for entry in defaults}
    result, seen = [], set()
    for item in stored or []:
        key = item.get("key") if isinstance(item, dict) else None
        if key not in by_key or key in seen:
            continue
        entry = by_key[key]
        entry.visible = bool(item.get("visible", True))
        entry.level = item.get("level") if item.get("level") in LEVELS else 1
        entry.compare = bool(item.get("compare", False)) and entry.can_compare
        result.append(entry)
        seen.add(key)
    for index, entry in enumerate(defaults):
        if entry.key in seen:
            continue
        previous = next((defaults[i].key for i in range(index - 1, -1, -1) if defaults[i].key in seen), None)
        position = 0 if previous is None else [e.key for e in result].index(previous) + 1
        result.insert(position, entry)
        seen.add(entry.key)
    return result


def compared_section_keys(entries):
    """The registered sections whose key figures show the previous year."""
    return {entry.key for entry in entries if entry.compare and entry.visible}


def hidden_section_keys(entries):
    """The registered sections an outline hides (their perspectives are hidden with them)."""
    return {entry.key for entry in entries if not entry.visible and not entry.is_perspectives}
