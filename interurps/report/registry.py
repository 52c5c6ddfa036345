"""The sections of the annual report, contributed by the apps.

Each app registers its section in its `AppConfig.ready()`:

    from interurps.report.registry import register_section
    register_section(key="sas", title="SAS", order=30, build="sas.report.build_section",
                     template="sas/report_section.html")

`build(year)` returns a dict of figures and lists, computed from records; the template renders
it inside the report. The report module only orders and assembles the registered sections, so
adding a programme means adding an app, not editing the report.

The template is rendered with the keys of that dict as variables, and also `section` and `data`
(the dict itself), `year`, and `preview` (True in the browser preview, False in the PDF). The
report writes the section's title (an `<h1>`, which also feeds the running header and the table
of contents), its anchor, and the editorial introduction and perspectives around it: the template
starts with its content and uses `<h2>`/`<h3>` for its own headings. Classes styled by the report
(`static/report/report.css`): `key-figures` (a list of `<strong>figure</strong><span>label</span>`),
`people`, `dated-list`, `table.data` with `.number` cells, `figure.chart` (an SVG from
`interurps.report.charts`), `empty` (a "nothing this year" sentence).

Every number the template prints is a figure of the report's catalogue (`interurps.report.figures`): a number of
the dict, of a nested dict, a list's length, or a number of a list item that names itself with `figure_key`
(`{"figure_key": "internal", "count": 16}` → `[[sas.by_category.internal.count]]`); a test renders every registered
section and fails on a number the catalogue does not have. The template also gets `cited` (what the edition's texts
of the section already cite: `{% if not cited|cites:"cpts.quintet_count" %}` prints a fact once) and `compare`
(`{% previous_year "cpts.aci_signed.nombre" %}` beside a key figure shows the year before when the edition asks).
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
