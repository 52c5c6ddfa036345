"""The panels of the dashboard (the home page), contributed by the apps.

Each app registers its panels in its `AppConfig.ready()`, as it registers its report section:

    from interurps.dashboard import register_panel
    register_panel(key="cpts", title="Les CPTS en région", order=10, build="cpts.dashboard.build_panel",
                   template="cpts/dashboard_panel.html", permission="cpts.view_cpts")

`build(request)` returns a dict computed from records (in a constant number of queries); the home
page shows the panels the user's role may see (`permission`, None for everyone), in `order`. The home
template writes the panel's title (an `<h2>`) in a card and the panel's template rendered with the
dict as `data` (and the request's context): the template starts with its content and uses `<h3>` for its
own headings. A panel that needs its own style sheets names them (`stylesheets`, static paths): the page
links them in its head.
The home page stays in `interurps`, which imports none of the apps that contribute panels.

A panel whose data depends only on the records and the date, not on who looks (`cached=True`), is built
once per change of the records (`interurps.versioning`) and day, and served from the cache meanwhile.
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.module_loading import import_string

from interurps.versioning import cached_on_records


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    order: int
    build: str  # dotted path of a function request -> dict
    template: str
    permission: str | None = None  # "app_label.codename"; None: every logged-in user
    stylesheets: tuple = ()  # static paths
    cached: bool = False  # the same for every user who may see it: built once per change of the records

    def visible_to(self, user):
        return self.permission is None or user.has_perm(self.permission)

    def build_for(self, request):
        """The panel's data and its HTML: computed, or for a cached panel its HTML from the cache (data None)."""
        if not self.cached:
            return self._build(request)
        built = {}

        def render():
            built["data"], html = self._build(request)
            return html

        html = cached_on_records(request, f"dashboard-panel:{self.key}", render, daily=True)
        return built.get("data"), html

    def _build(self, request):
        data = import_string(self.build)(request)
        return data, render_to_string(self.template, {"data": data}, request=request)


@dataclass(frozen=True)
class BuiltPanel:
    """A panel and the data its `build` returned, as the home template receives it."""

    key: str
    title: str
    template: str
    data: dict | None  # None when the panel's HTML came from the cache
    html: str
    stylesheets: tuple = ()

    @property
    def anchor(self):
        return f"panneau-{self.key}"


_panels = {}


def register_panel(*, key, title, order, build, template, permission=None, stylesheets=(), cached=False):
    panel = Panel(key, title, order, build, template, permission, tuple(stylesheets), cached)
    if key in _panels and _panels[key] != panel:
        raise ValueError(f"Dashboard panel {key!r} is already registered differently.")
    _panels[key] = panel


def panels():
    """The registered panels, in the order of the dashboard."""
    return sorted(_panels.values(), key=lambda panel: (panel.order, panel.key))


def panels_for(user):
    """The panels `user` may see, in order."""
    return [panel for panel in panels() if panel.visible_to(user)]


def build_panels(request):
    """The panels the user of `request` may see, each with its data."""
    return [
        BuiltPanel(panel.key, panel.title, panel.template, *panel.build_for(request), panel.stylesheets)
        for panel in panels_for(request.user)
    ]


def stylesheets_of(built_panels):
    """The style sheets the panels need, each once, in order."""
    return list(dict.fromkeys(sheet for panel in built_panels for sheet in panel.stylesheets))
