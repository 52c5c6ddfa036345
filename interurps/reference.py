"""Default reference data, loaded on first start by `python manage.py load_reference_data`.

What an association edits in the administration — the meeting categories of each programme, the steps of
the CPTS accompaniment method — comes with defaults in data files: each app ships its own under
`<app>/reference_data/` (`meeting_categories.json`: the programme's code and its categories), and an app with
more to load has a `reference` module with `load(stdout)` (cpts: the steps of the method).

Defaults fill what is empty and nothing else: a programme that has categories, or a method that has steps,
is the association's list and is left as it is. Databases created before these files got the same defaults
from data migrations and keep their rows.
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
    """Create the default categories of the app's programme when the programme has none. Returns how many."""
    path = data_file(app_config, CATEGORIES_FILE)
    if path is None:
        return 0
    data = read_json(path)
    programme = Programme.objects.filter(code=data["programme"]).first()
    if programme is None or programme.categories.exists():
        return 0
    for order, category in enumerate(data["categories"], start=1):
        MeetingCategory.objects.create(
            programme=programme, name=category["name"], code=category.get("code", ""), order=order
        )
    stdout.write(f"  {len(data['categories'])} catégories de réunion « {programme.name} »")
    return len(data["categories"])
