"""Assemble a year's report: the edition's texts and the registered sections, in order.

The report module computes nothing itself: each section's figures come from the function its
app registered; this module adds the editorial texts of the edition and appends the free
sections. A year without an edition is assembled from an unsaved, empty one, so its computed
sections can be previewed before anyone writes a word.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch

from interurps.models import ReportEdition, ReportSignatory, ReportText, Union
from interurps.report import figures, outline, photos, registry
from interurps.report.checklist import has_data
from interurps.versioning import cached_on_records

FREE_SECTION_TEMPLATE = "report/sections/free.html"


@dataclass
class ReportSection:
    key: str
    title: str
    template: str
    data: dict
    introduction: str = ""
    perspectives: str = ""
    is_free: bool = False
    level: int = 1
    compare: bool = False  # its key figures show the previous year's value and the change
    photos: list = field(default_factory=list)  # SectionPhoto, printed after the section's figures

    @property
    def anchor(self):
        return f"chapitre-{self.key}"

    @property
    def is_empty(self):
        """A computed section with no figure and no list this year, and no text of the edition."""
        return not (self.is_free or self.introduction or has_data(self.data))


@dataclass
class ReportItem:
    """One part of the report in the edition's outline: `kind` is presidents, association, section or perspectives.

    A `section` item carries its `section`; a `perspectives` item the section whose perspectives it prints.
    """

    kind: str
    key: str
    title: str
    level: int = 1
    section: ReportSection | None = None

    @property
    def anchor(self):
        return self.section.anchor if self.kind == "section" else self.key

    @property
    def in_toc(self):
        return self.kind != "perspectives"


@dataclass
class Report:
    year: int
    edition: ReportEdition
    signatories: list = field(default_factory=list)
    unions: list = field(default_factory=list)
    sections: list = field(default_factory=list)
    items: list = field(default_factory=list)
    outline: list = field(default_factory=list)
    figures: dict = field(default_factory=dict)  # the catalogue of live figures {key: Figure}
    broken_figures: list = field(default_factory=list)  # references of the texts that name no figure
    photos: list = field(default_factory=list)  # every SectionPhoto of the edition (interurps.report.photos)

    @property
    def title(self):
        return self.edition.title

    @property
    def region(self):
        return settings.REGION_NAME

    @property
    def has_presidents_message(self):
        return bool(self.edition.presidents_message.strip() or self.signatories)

    @property
    def toc(self):
        """The sommaire: the items that are chapters or parts of one, each with its level."""
        return [item for item in self.items if item.in_toc]


def get_edition(year):
    """The year's edition with its texts, or None."""
    return (
        ReportEdition.objects.filter(year=year)
        .prefetch_related(
            Prefetch("signatories", queryset=ReportSignatory.objects.select_related("person")),
            "photos",
            "texts",
            "free_sections",
        )
        .first()
    )


def computed_sections(year, keys=None):
    """The registered sections computed for `year` (only those of `keys` when given), data only."""
    return [
        ReportSection(key=section.key, title=section.title, template=section.template, data=section_data(section, year))
        for section in registry.sections()
        if keys is None or section.key in keys
    ]


def previous_catalogue(year, keys):
    """The catalogue of `year` for the sections of `keys`: the values the compared key figures show beside theirs."""
    return figures.catalogue(computed_sections(year, keys))


def section_data(section, year):
    """What a section prints for `year`, computed from the records once per change of them (and per day)."""
    return cached_on_records(None, f"report-section:{section.key}:{year}", lambda: section.build_for(year), daily=True)


def assemble(year, preview=False):
    """The report of `year`: the edition (unsaved if there is none yet) and its parts in the edition's outline.

    A hidden section is not computed. Perspectives print only when written (in the preview, their placeholder).
    """
    edition = get_edition(year)
    if edition is None:
        edition = ReportEdition(year=year)
        signatories, texts, free_sections = [], [], []
    else:
        signatories = list(edition.signatories.all())
        texts = list(edition.texts.all())
        free_sections = list(edition.free_sections.all())
    entries = outline.resolve(edition.outline, free_sections, year)
    hidden = outline.hidden_section_keys(entries)
    compared = outline.compared_section_keys(entries)
    bodies = {(text.section_key, text.kind): text.body for text in texts}
    levels = {entry.key: entry.level for entry in entries}
    computed = {
        section.key: ReportSection(
            key=section.key,
            title=section.title,
            template=section.template,
            data=section_data(section, year),
            introduction=bodies.get((section.key, ReportText.Kind.INTRODUCTION), ""),
            perspectives=bodies.get((section.key, ReportText.Kind.PERSPECTIVES), ""),
            level=levels[section.key],
            compare=section.key in compared,
        )
        for section in registry.sections()
        if section.key not in hidden
    }
    free = {
        outline.free_key(section): ReportSection(
            key=outline.free_key(section),
            title=section.title,
            template=FREE_SECTION_TEMPLATE,
            data={"body": section.body},
            is_free=True,
            level=levels[outline.free_key(section)],
        )
        for section in free_sections
    }
    report = Report(
        year=year, edition=edition, signatories=signatories, unions=list(Union.objects.all()), outline=entries
    )
    for entry in entries:
        if not entry.visible:
            continue
        if entry.key == outline.PRESIDENTS:
            if report.has_presidents_message or preview:
                report.items.append(ReportItem("presidents", "mot-des-presidents", entry.label, entry.level))
        elif entry.key == outline.ASSOCIATION:
            report.items.append(ReportItem("association", "interurps", entry.label, entry.level))
        elif entry.is_perspectives:
            section = computed.get(entry.section_key)
            if section is not None and (section.perspectives or preview):
                report.items.append(ReportItem("perspectives", entry.key, entry.label, entry.level, section=section))
        else:
            section = computed.get(entry.key) or free.get(entry.key)
            if section is not None:
                report.sections.append(section)
                report.items.append(ReportItem("section", entry.key, section.title, entry.level, section=section))
    report.figures = figures.catalogue(computed.values())
    if compared:
        figures.with_previous(report.figures, previous_catalogue(year - 1, compared), year - 1)
    texts = [edition.presidents_message, edition.presentation]
    texts += [text for section in computed.values() for text in (section.introduction, section.perspectives)]
    texts += [section.data["body"] for section in free.values()]
    report.broken_figures = figures.broken_references(texts, report.figures)
    return photos.attach(report)
