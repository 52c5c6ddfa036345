"""The demo data's one loader: each app's JSON files under `<app>/demo_data/`, and the meetings they describe.

An app contributes its demo from its `AppConfig.ready()`, as it contributes the rest:

    registry.register_demo(app_label="sas", load="sas.demo.load")

`python manage.py load_demo` calls every registered `load(stdout)` in INSTALLED_APPS order (the core's
first: the others refer to its organisations, people and staff). A `load` reads its files with
`read(app_label, name)` and writes what they describe; what only code can say (a territory grown
commune by commune, an ACI signed through its service) stays in the app's `demo.py`.

Files are JSON (the project has no YAML parser among its dependencies); a string of the form
`YYYY-MM-DD` is read as a date. A meetings file is a list of entries, each one of:
- `{"date": …, "title": …, …}`: one meeting; `{"dates": [...], …}`: one meeting each day, fields alike;
- `{"series": {"seed", "count", "start", "end", "weekdays"?, "exclude"?}, …}`: `count` days spread
  evenly between `start` and `end` by a generator seeded with `seed` (the same days on every run;
  series of one seed share its generator, in the order of the file), with `title` or `titles` (taken
  in turn), `mode` or `modes` (one drawn a meeting, after the days), and `first`: fields that only
  the first meeting of the series takes (a highlight);
- `{"generate": name, …}`: the meetings the app's code returns for `name`, given the entry (see `meeting_specs`).
A meeting names its staff by username, its organisations by acronym or name, its people as
`[first name, last name]`, its category as `[programme code, category code or name]`; `links`
holds what the app links the meeting to (read by its code, ignored here). JSON has no comments: a
`comment` key (or `…_comment`) is documentation, which no code reads.
"""

import datetime
import json
import random
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from interurps.models import Department, Meeting, MeetingCategory, Organisation, Person, Programme

DEMO_NOTE = "Donnée de démonstration."
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# --- Files --------------------------------------------------------------------------------------------------------


def _dates(value):
    if isinstance(value, str) and DATE.match(value):
        return datetime.date.fromisoformat(value)
    if isinstance(value, list):
        return [_dates(item) for item in value]
    if isinstance(value, dict):
        return {key: _dates(item) for key, item in value.items()}
    return value


@cache
def _read(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def read(app_label, name):
    """The data of `<app>/demo_data/<name>.json`, its ISO dates as `datetime.date` (a fresh copy each call)."""
    path = Path(apps.get_app_config(app_label).path) / "demo_data" / f"{name}.json"
    return _dates(_read(str(path)))


def rng(seed):
    """A random generator seeded with `seed`: the same draws on every run, independent per seed."""
    return random.Random(seed)


# --- Days -----------------------------------------------------------------------------------------------------------


def working_days(start, end, weekdays=(0, 1, 2, 3, 4)):
    """The days from `start` to `end` (included) that fall on `weekdays` (Monday is 0)."""
    days, day = [], start
    while day <= end:
        if day.weekday() in weekdays:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def month_bounds(year, month):
    """The first and the last day of a month."""
    first = datetime.date(year, month, 1)
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return first, following - datetime.timedelta(days=1)


def spread_dates(random_, start, end, count, weekdays=(0, 1, 2, 3, 4), exclude=()):
    """`count` distinct days between `start` and `end`, spread evenly (one draw per equal slice), in order."""
    days = [day for day in working_days(start, end, weekdays) if day not in set(exclude)]
    if count > len(days):
        raise ValueError(f"Pas assez de jours entre le {start} et le {end} pour {count} réunions.")
    chosen = []
    for index in range(count):
        slice_ = days[len(days) * index // count : len(days) * (index + 1) // count]
        chosen.append(random_.choice(slice_))
    return chosen


# --- References -----------------------------------------------------------------------------------------------------


def demo_user(username):
    return get_user_model().objects.get(username=username)


def organisation(acronym_or_name):
    """A demo organisation by its acronym or its name."""
    return Organisation.objects.filter(acronym__iexact=acronym_or_name).first() or Organisation.objects.get(
        name__iexact=acronym_or_name
    )


def person(first_name, last_name):
    return Person.objects.get(first_name=first_name, last_name=last_name)


def save_user(username, first_name, last_name, groups):
    """A user with an unusable password (demo people cannot log in; the demo accounts are another command)."""
    user, created = get_user_model().objects.update_or_create(
        username=username, defaults={"first_name": first_name, "last_name": last_name, "is_active": True}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    user.groups.set(Group.objects.filter(name__in=groups))
    return user


def save_person(first_name, last_name, civility="", profession="", organisation=None, union=None, notes=""):
    """A person found by first and last name, created or updated (no e-mail address: none is invented)."""
    person, _ = Person.objects.update_or_create(
        first_name=first_name,
        last_name=last_name,
        defaults={
            "civility": civility,
            "profession": profession,
            "organisation": organisation,
            "union": union,
            "notes": notes,
        },
    )
    return person


# --- Meetings -------------------------------------------------------------------------------------------------------


@dataclass
class MeetingSpec:
    """A meeting to write; (date, title) is its natural key."""

    date: datetime.date
    title: str
    programmes: tuple = ()  # programme codes
    category: tuple | None = None  # (programme code, category code, or name for a category without code)
    kind: str = Meeting.Kind.MEETING
    mode: str = Meeting.Mode.IN_PERSON
    end_date: datetime.date | None = None
    place: str = ""
    department: str | None = None  # INSEE code
    staff: tuple = ()  # users
    organisations: tuple = ()
    people: tuple = ()
    notes: str = DEMO_NOTE
    is_highlight: bool = False
    highlight_summary: str = ""
    links: dict = field(default_factory=dict)  # what the app's code links the meeting to (not written here)


SPEC_FIELDS = {"title", "programmes", "category", "kind", "mode", "end_date", "place", "department", "notes"}
SPEC_FIELDS |= {"is_highlight", "highlight_summary", "links"}


class _References:
    """The users, organisations and people a meetings file names, each looked up once."""

    def __init__(self):
        self.users, self.organisations, self.people = {}, {}, {}

    def user(self, username):
        if username not in self.users:
            self.users[username] = demo_user(username)
        return self.users[username]

    def organisation(self, ref):
        if ref not in self.organisations:
            self.organisations[ref] = organisation(ref)
        return self.organisations[ref]

    def person(self, first_name, last_name):
        if (first_name, last_name) not in self.people:
            self.people[first_name, last_name] = person(first_name, last_name)
        return self.people[first_name, last_name]


def spec(entry, day, references=None, **overrides):
    """The MeetingSpec of a meetings file's `entry` on `day`, with `overrides` (a `generate` function's piece)."""
    references = references or _References()
    fields = {
        "staff": [references.user(username) for username in entry.get("staff", ())],
        "organisations": [references.organisation(ref) for ref in entry.get("organisations", ())],
        "people": [references.person(*name) for name in entry.get("people", ())],
    }
    fields.update({key: value for key, value in entry.items() if key in SPEC_FIELDS})
    fields.update(overrides)
    if fields.get("category"):
        fields["category"] = tuple(fields["category"])
    fields["programmes"] = tuple(fields.get("programmes", ()))
    return MeetingSpec(date=day, **fields)


def _series(entry, generators, references):
    series = entry["series"]
    random_ = generators.setdefault(series["seed"], rng(series["seed"]))
    days = spread_dates(
        random_,
        series["start"],
        series["end"],
        series["count"],
        weekdays=tuple(series.get("weekdays", (0, 1, 2, 3, 4))),
        exclude=set(series.get("exclude", ())),
    )
    titles = entry.get("titles") or [entry["title"]]
    specs = []
    for index, day in enumerate(days):
        fields = {"title": titles[index % len(titles)]}
        if "modes" in entry:
            fields["mode"] = random_.choice(entry["modes"])
        if index == 0:
            fields.update(entry.get("first", {}))
        specs.append(spec(entry, day, references, **fields))
    return specs


def meeting_specs(entries, generate=None):
    """The MeetingSpecs of the entries of a meetings file (see the module's docstring), in their order.

    `generate` maps the names of `{"generate": name}` entries to functions of the entry returning MeetingSpecs.
    """
    generators, references, specs = {}, _References(), []
    for entry in entries:
        if "generate" in entry:
            specs += generate[entry["generate"]](entry)
        elif "series" in entry:
            specs += _series(entry, generators, references)
        else:
            specs += [spec(entry, day, references) for day in entry.get("dates") or [entry["date"]]]
    return specs


MEETING_FIELDS = [
    "end_date",
    "kind",
    "category",
    "mode",
    "place",
    "department",
    "notes",
    "is_highlight",
    "highlight_summary",
]


def save_meetings(specs):
    """Create or update the meetings of `specs` and set their relations, in a few queries whatever their number.

    Returns {(date, title): Meeting}. Two specs may not share a date and a title.
    """
    specs = list(specs)
    keys = [(spec.date, spec.title) for spec in specs]
    if len(set(keys)) != len(keys):
        duplicates = sorted({key for key in keys if keys.count(key) > 1})
        raise ValueError(f"Réunions en double dans les données de démonstration : {duplicates}")
    categories = {}
    for category in MeetingCategory.objects.select_related("programme"):
        categories[category.programme.code, category.name] = category
        if category.code:  # seeded categories are found by their code, whatever an administrator renamed them
            categories[category.programme.code, category.code] = category
    unknown = sorted({spec.category for spec in specs if spec.category and spec.category not in categories})
    if unknown:
        names = ", ".join(f"{programme} · {name}" for programme, name in unknown)
        raise ValueError(f"Catégories de réunion introuvables (renommées ?) : {names}.")
    departments = {d.code: d for d in Department.objects.all()}
    programmes = {p.code: p for p in Programme.objects.all()}
    existing = {}
    for meeting in Meeting.objects.filter(title__in={t for _, t in keys}, date__in={d for d, _ in keys}).order_by("pk"):
        existing.setdefault((meeting.date, meeting.title), meeting)

    new, changed, meetings = [], [], {}
    for spec in specs:
        meeting = existing.get((spec.date, spec.title)) or Meeting(date=spec.date, title=spec.title)
        meeting.end_date = spec.end_date
        meeting.kind = spec.kind
        meeting.category = categories[spec.category] if spec.category else None
        meeting.mode = spec.mode
        meeting.place = spec.place
        meeting.department = departments[spec.department] if spec.department else None
        meeting.notes = spec.notes
        meeting.is_highlight = spec.is_highlight
        meeting.highlight_summary = spec.highlight_summary
        meeting.clean_fields()
        meeting.clean()
        (changed if meeting.pk else new).append(meeting)
        meetings[(spec.date, spec.title)] = meeting
    Meeting.objects.bulk_create(new)
    if changed:
        Meeting.objects.bulk_update(changed, MEETING_FIELDS)

    related = {
        "programmes": lambda spec: [programmes[code] for code in spec.programmes],
        "staff": lambda spec: spec.staff,
        "organisations": lambda spec: spec.organisations,
        "people": lambda spec: spec.people,
    }
    for name, values_of in related.items():
        set_many(
            getattr(Meeting, name),
            {meetings[(spec.date, spec.title)].pk: [value.pk for value in values_of(spec)] for spec in specs},
        )
    return meetings


def set_many(descriptor, targets):
    """Set a many-to-many relation for many objects at once: `targets` maps an object's pk to the related pks."""
    field = descriptor.field
    through = descriptor.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    through.objects.filter(**{f"{source}_id__in": list(targets)}).delete()
    through.objects.bulk_create(
        through(**{f"{source}_id": pk, f"{target}_id": related_pk})
        for pk, related_pks in targets.items()
        for related_pk in dict.fromkeys(related_pks)
    )


def link_meetings(descriptor, pairs):
    """Add links of a many-to-many relation to the meeting (`SomeModel.meetings`), keeping those there.

    `pairs` are (object, meeting); a link already recorded is left as it is.
    """
    field = descriptor.field
    through = descriptor.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    through.objects.bulk_create(
        [through(**{f"{source}_id": owner.pk, f"{target}_id": meeting.pk}) for owner, meeting in pairs],
        ignore_conflicts=True,
    )


def linked(specs, meetings, key, objects):
    """The (object, meeting) pairs that the specs' `links[key]` name: `objects` maps a name to its object."""
    return [(objects[name], meetings[spec.date, spec.title]) for spec in specs for name in spec.links.get(key, ())]


# --- Loading ---------------------------------------------------------------------------------------------------------


def load_all(stdout):
    """Every registered demo, in INSTALLED_APPS order."""
    from interurps import registry

    for demo in registry.demos():
        demo.load_function()(stdout)
