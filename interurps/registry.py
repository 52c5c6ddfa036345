"""What the apps contribute to the core: menu entries, pages, URLs, roles, extensions of the meeting.

The core app (`interurps`) imports and names no programme app. Each app registers what it adds from
its own `AppConfig.ready()`, as it registers its report section (`interurps.report.registry`) and its
dashboard panels (`interurps.dashboard`):

    from interurps import registry
    registry.register_urls(key="sas", prefix="sas/", module="sas.urls")
    registry.register_menu_entry(key="sas", label="SAS", url_name="sas:home", order=40,
                                 permission="sas.view_sasdeployment")
    registry.register_roles(app_label="sas", admin_only_models=["deploymentstatus"])
    registry.register_meeting_extension(MyMeetingExtension())  # a subclass of MeetingExtension

An app that is not installed registers nothing, so its pages, menu entry and permissions vanish with it.
Registering the same key twice with the same value is harmless (`ready()` may run twice in a process);
with a different value it is an error, so two apps cannot silently take the same place.
"""

from dataclasses import dataclass


def _register(registry, kind, key, value):
    if key in registry and registry[key] != value:
        raise ValueError(f"{kind} {key!r} is already registered differently.")
    registry[key] = value


# --- Menu entries and main pages ------------------------------------------------------------


@dataclass(frozen=True)
class MenuEntry:
    key: str
    label: str
    url_name: str
    order: int
    permission: str | None = None  # "app_label.codename"; None: every logged-in user

    def visible_to(self, user):
        return self.permission is None or user.has_perm(self.permission)


_menu = {}
_pages = {}


def register_menu_entry(*, key, label, url_name, order, permission=None):
    """An entry of the main menu; it is also one of the main pages (see `main_pages`)."""
    _register(_menu, "Menu entry", key, MenuEntry(key, label, url_name, order, permission))


def menu_entries():
    """The registered menu entries, in menu order."""
    return sorted(_menu.values(), key=lambda entry: (entry.order, entry.key))


def register_page(url_name):
    """A main page that is not in the menu (a map, a second list): the bench times it."""
    _pages[url_name] = url_name


def main_pages():
    """The URL names of the main pages: the menu entries in order, then the other registered pages."""
    names = [entry.url_name for entry in menu_entries()]
    return [*names, *(name for name in _pages if name not in names)]


# --- URLs -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class UrlInclude:
    key: str
    prefix: str  # "sas/"
    module: str  # dotted path of a URLconf that sets `app_name` (its namespace)


_urls = {}


def register_urls(*, key, prefix, module):
    """An app's pages, included by the root URLconf under `prefix`."""
    for other in _urls.values():
        if other.key != key and other.prefix == prefix:
            raise ValueError(f"URL prefix {prefix!r} is already taken by {other.key!r}.")
    _register(_urls, "URLs", key, UrlInclude(key, prefix, module))


def url_includes():
    return sorted(_urls.values(), key=lambda include: include.key)


# --- Roles ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoleDeclaration:
    """The permissions an app gives the roles (see `interurps.roles`).

    Every model of the app is business data: staff edit it, the board reads it, except the
    `admin_only_models` (reference data: administrators edit them in the Django admin, staff read them).
    `board_permissions` are codenames the board gets besides the `view_` ones (e.g. `export_report`).
    """

    app_label: str
    admin_only_models: frozenset = frozenset()
    board_permissions: frozenset = frozenset()


_roles = {}


def register_roles(*, app_label, admin_only_models=(), board_permissions=()):
    declaration = RoleDeclaration(app_label, frozenset(admin_only_models), frozenset(board_permissions))
    _register(_roles, "Roles of app", app_label, declaration)


def role_declarations():
    return sorted(_roles.values(), key=lambda declaration: declaration.app_label)


# --- Extensions of the meeting --------------------------------------------------------------


class MeetingExtension:
    """What an app adds to the meeting (`interurps.Meeting`), usually through a relation it declares.

    Subclass it, set `key` and override what you add; the core's meeting form, filter, list, detail
    page and import/export resource call every registered extension:
    - `prefetch`: lookups `Meeting.objects.for_list()` prefetches (the list, the detail and the export read them);
    - `form_field(meeting)`: a form field (or None), named `key`, placed at the end of the fieldset `fieldset`;
      `initial(meeting)` its value for an existing meeting, `save(meeting, value)` writes it back;
      `initial_from_query(query)` a value read from a "log a meeting for …" link (None: nothing);
    - `filter()`: a django-filter `Filter` of the meeting list (or None), named `key`;
    - `resource_field()`: an import-export `Field` (or None), placed after the column `resource_after`;
    - `list_label` and `list_template`: a column of the meeting list (the template gets `meeting`);
    - `detail_template`: a block of the meeting's facts on its page (the template gets `meeting`).
    Two extensions are the same when they are of the same class.
    """

    key = ""
    prefetch = ()
    fieldset = "L'essentiel"
    resource_after = None
    list_label = ""
    list_template = None
    detail_template = None

    def __eq__(self, other):
        return type(self) is type(other)

    def __hash__(self):
        return hash(type(self))

    def form_field(self, meeting):
        return None

    def initial(self, meeting):
        return None

    def save(self, meeting, value):
        """Write the form field's cleaned `value` for the saved `meeting`."""

    def initial_from_query(self, query):
        return None

    def filter(self):
        return None

    def resource_field(self):
        return None


_meeting_extensions = {}


def register_meeting_extension(extension):
    _register(_meeting_extensions, "Meeting extension", extension.key, extension)


def meeting_extensions():
    """The registered extensions of the meeting, in the order of their keys."""
    return [_meeting_extensions[key] for key in sorted(_meeting_extensions)]


def meeting_prefetches():
    """The lookups the extensions need prefetched on a list of meetings."""
    return [lookup for extension in meeting_extensions() for lookup in extension.prefetch]


def meeting_list_columns():
    """The extensions that add a column to the meeting list."""
    return [extension for extension in meeting_extensions() if extension.list_template]


def meeting_detail_blocks():
    """The templates of the blocks the extensions add to a meeting's page."""
    return [extension.detail_template for extension in meeting_extensions() if extension.detail_template]


# --- "Réunions diverses" in the annual report -----------------------------------------------


@dataclass(frozen=True)
class VariousMeetings:
    """A list of the year's meetings of one category, in the report's "Réunions diverses" section."""

    key: str
    title: str  # the list's heading
    programme: str  # the code of the category's programme
    category: str  # the category's stable code
    order: int
    empty: str = "Aucune réunion de ce type"  # the template adds "en <year>."


_various_meetings = {}


def register_various_meetings(*, key, title, programme, category, order, empty=VariousMeetings.empty):
    item = VariousMeetings(key, title, programme, category, order, empty)
    _register(_various_meetings, "Various meetings list", key, item)


def various_meetings():
    return sorted(_various_meetings.values(), key=lambda item: (item.order, item.key))


# --- Demo data ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Demo:
    """An app's part of `load_demo`: `load` is the dotted path of its `load(stdout)`, which reads the app's
    files under `demo_data/` through `interurps.demo_loader`."""

    app_label: str
    load: str

    def load_function(self):
        from django.utils.module_loading import import_string

        return import_string(self.load)


_demos = {}


def register_demo(*, app_label, load):
    _register(_demos, "Demo of app", app_label, Demo(app_label, load))


def demos():
    """The registered demos, in INSTALLED_APPS order (an app's demo may use what an earlier one loaded)."""
    from django.apps import apps

    order = [config.label for config in apps.get_app_configs()]
    return sorted(_demos.values(), key=lambda demo: order.index(demo.app_label))
