"""The kinds of import offered to the staff, contributed by the apps.

Each app registers its kinds in its `AppConfig.ready()`:

    from interurps.import_registry import register_import_kind
    register_import_kind(key="indicateurs", label="Importer des indicateurs",
                         resource="myapp.resources.IndicatorResource",
                         permissions=("myapp.add_indicator", "myapp.change_indicator"),
                         list_url="myapp:indicator_list")

`key` is the slug of the import page (`/imports/<key>/`); `resource` the dotted path of an
import-export resource (read when the import runs, so this module imports no app); `permissions`
what a user needs to import; `list_url` the URL name of the list the import fills (the page goes
back there after a confirmed import, and the list links to the import). The core never names a
programme app: it registers its own kinds (people, organisations, meetings, communes) the same way.
"""

from dataclasses import dataclass

from django.utils.module_loading import import_string


@dataclass(frozen=True)
class ImportKind:
    key: str
    label: str
    resource: str  # dotted path of the resource class
    permissions: tuple
    list_url: str | None = None
    with_population_year: bool = False

    @property
    def slug(self):
        return self.key

    @property
    def title(self):
        return self.label

    @property
    def resource_class(self):
        return import_string(self.resource)


KINDS = {}


def register_import_kind(*, key, label, resource, permissions, list_url=None, with_population_year=False):
    kind = ImportKind(
        key=key,
        label=label,
        resource=resource,
        permissions=tuple(permissions),
        list_url=list_url,
        with_population_year=with_population_year,
    )
    if key in KINDS and KINDS[key] != kind:
        raise ValueError(f"Import kind {key!r} is already registered differently.")
    KINDS[key] = kind
    return kind


def import_kinds():
    """The registered kinds, in the order they were registered."""
    return list(KINDS.values())


def get_import_kind(key):
    return KINDS.get(key)


def import_kind_for_list(list_url):
    """The kind whose list is the URL name `list_url` (to show an "Importer" button), or None."""
    for kind in KINDS.values():
        if kind.list_url == list_url:
            return kind
    return None
