"""The sections of the annual report, contributed by the apps.

Each app registers its section in its `AppConfig.ready()`:

    from interurps.report.registry import register_section
    register_section(key="sas", title="SAS", order=30, build="sas.report.build_section",
                     template="sas/report_section.html")

`build(year)` returns a dict of figures and lists, computed from records; the template renders
it inside the report. The report module only orders and assembles the registered sections, so
adding a programme means adding an app, not editing the report.
"""

from dataclasses import dataclass

from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    order: int
    build: str  # dotted path of a function year -> dict
    template: str

    def build_for(self, year):
        return import_string(self.build)(year)


_sections = {}


def register_section(*, key, title, order, build, template):
    if key in _sections and _sections[key] != Section(key, title, order, build, template):
        raise ValueError(f"Report section {key!r} is already registered differently.")
    _sections[key] = Section(key=key, title=title, order=order, build=build, template=template)


def sections():
    """The registered sections in report order."""
    return sorted(_sections.values(), key=lambda section: (section.order, section.key))
