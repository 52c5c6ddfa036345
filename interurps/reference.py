"""Default reference data, loaded on first start by `python manage.py load_reference_data`.

What an association edits in the administration — the meeting categories of each programme, the steps of
the CPTS accompaniment method — comes with defaults in data files: each app ships its own under
`<app>/reference_data/` (`meeting_categories.json`: the programme's code and its categories), and an app with
more to load has a `reference` module with `load(stdout)` (cpts: the steps of the method).

Defaults are loaded once: a programme that already has one of its default categories (whatever the
administrators renamed, deactivated or added since), or a method that has steps, is left as it is.
Databases created before these files got the same defaults from data migrations and keep their rows.
"""

import json
from pathlib import Path

from interurps.models import MeetingCategory, Programme

CATEGORIES_FILE = "meeting_categories.json"


def data_file(app_config, name):
    """The reference data file `name` of an app, or None."""
    path = Path(app_config.path) / "reference_data" / name
    return path if path.is_file() else None


def read_json(path):
    with open(path, encoding="utf-8") as stream:
        return json.load(stream)


def load_meeting_categories(app_config, stdout):
    """Create the default categories of the app's programme, once: when none of them is there yet (a category
    some other code added does not count). Returns how many were created."""
    path = data_file(app_config, CATEGORIES_FILE)
    if path is None:
        return 0
    data = read_json(path)
    programme = Programme.objects.filter(code=data["programme"]).first()
    if programme is None:
        return 0
    defaults = data["categories"]
    existing = programme.categories.all()
    if existing.filter(code__in=[category["code"] for category in defaults if category.get("code")]).exists():
        return 0  # loaded before: what the administrators made of them stands
    names = set(existing.values_list("name", flat=True))
    created = [
        MeetingCategory(programme=programme, name=category["name"], code=category.get("code", ""), order=order)
        for order, category in enumerate(defaults, start=1)
        if category["name"] not in names
    ]
    MeetingCategory.objects.bulk_create(created)
    if created:
        stdout.write(f"  {len(created)} catégories de réunion « {programme.name} »")
    return len(created)
