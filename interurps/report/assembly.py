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
from interurps.report import registry

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

    @property
    def anchor(self):
        return f"chapitre-{self.key}"


@dataclass
class Report:
    year: int
    edition: ReportEdition
    signatories: list = field(default_factory=list)
    unions: list = field(default_factory=list)
    sections: list = field(default_factory=list)

    @property
    def title(self):
        return self.edition.title

    @property
    def region(self):
        return settings.REGION_NAME

    @property
    def has_presidents_message(self):
        return bool(self.edition.presidents_message.strip() or self.signatories)


def get_edition(year):
    """The year's edition with its texts, or None."""
    return (
        ReportEdition.objects.filter(year=year)
        .prefetch_related(
            Prefetch("signatories", queryset=ReportSignatory.objects.select_related("person")),
            "texts",
            "free_sections",
        )
        .first()
    )


def assemble(year):
    """The report of `year`: the edition (unsaved if there is none yet) and its sections in order."""
    edition = get_edition(year)
    if edition is None:
        edition = ReportEdition(year=year)
        signatories, texts, free_sections = [], [], []
    else:
        signatories = list(edition.signatories.all())
        texts = list(edition.texts.all())
        free_sections = list(edition.free_sections.all())
    bodies = {(text.section_key, text.kind): text.body for text in texts}
    sections = [
        ReportSection(
            key=section.key,
            title=section.title,
            template=section.template,
            data=section.build_for(year),
            introduction=bodies.get((section.key, ReportText.Kind.INTRODUCTION), ""),
            perspectives=bodies.get((section.key, ReportText.Kind.PERSPECTIVES), ""),
        )
        for section in registry.sections()
    ]
    sections += [
        ReportSection(
            key=f"libre-{free.pk}",
            title=free.title,
            template=FREE_SECTION_TEMPLATE,
            data={"body": free.body},
            is_free=True,
        )
        for free in free_sections
    ]
    return Report(
        year=year, edition=edition, signatories=signatories, unions=list(Union.objects.all()), sections=sections
    )
