"""The SVG of the map: the projected communes filled by the stage of their CPTS, borders, legend."""

import hashlib
import math
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import OuterRef, Subquery
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from cpts.enums import PROGRESS_STAGES, STAGE_RANK, Stage
from cpts.map.geometry import MARGIN, geometry_generation, region_geometry_and_key, segments_path
from cpts.models import CPTS
from cpts.querysets import latest_stage_change
from interurps.versioning import CACHE_SECONDS as RECORDS_CACHE_SECONDS
from interurps.versioning import records_version

MAP_TEMPLATE = "cpts/map/region_map.svg"

# Bump when the drawing code or its templates change what they write: cached maps of the old drawing are then
# not reused.
MAP_DRAWING_VERSION = 3
MAP_CACHE_SECONDS = 24 * 3600
# A shared commune's tooltip names its first CPTS and counts the others: the page stays light where many overlap.
OVERLAP_TITLE_NAMES = 3

# One colour per stage, light to dark as the CPTS moves on (ColorBrewer YlGnBu: colour-blind safe, and even
# the lightest tells apart from the grey of the communes without CPTS).
STAGE_COLOURS = {
    Stage.PRE_PROJECT: "#c7e9b4",
    Stage.LETTER_OF_INTENT: "#41b6c4",
    Stage.HEALTH_PROJECT: "#2c7fb8",
    Stage.ACI_SIGNED: "#253494",
}
UNKNOWN_STAGE = "unknown"  # an active CPTS with no stage recorded yet
UNKNOWN_STAGE_COLOUR = "#fdd49e"
UNKNOWN_STAGE_LABEL = "étape non renseignée"
NO_CPTS_COLOUR = "#e3e6eb"
COMMUNE_STROKE = "#ffffff"
OVERLAP_COLOUR = "#c2410c"  # the hatching of communes claimed by several CPTS
TERRITORY_STROKE = "#1d2433"
DEPARTMENT_STROKE = "#5a6478"
TEXT_COLOUR = "#1d2433"
# The colours the template uses by name.
COLOURS = {
    "commune_stroke": COMMUNE_STROKE,
    "no_cpts": NO_CPTS_COLOUR,
    "overlap": OVERLAP_COLOUR,
    "territory_stroke": TERRITORY_STROKE,
    "department_stroke": DEPARTMENT_STROKE,
    "text": TEXT_COLOUR,
}


# The stages in short, for the legend and the tables.
SHORT_STAGE_LABELS = {
    Stage.PRE_PROJECT: "pré-projet",
    Stage.LETTER_OF_INTENT: "lettre d'intention validée",
    Stage.HEALTH_PROJECT: "projet de santé validé",
    Stage.ACI_SIGNED: "ACI signé",
    Stage.DORMANT: "en sommeil",
    Stage.ABANDONED: "abandonné",
}


def stage_colour(stage):
    return STAGE_COLOURS.get(stage, UNKNOWN_STAGE_COLOUR)


def stage_label(stage):
    return Stage(stage).label if stage in Stage.values else UNKNOWN_STAGE_LABEL


@dataclass
class MapCPTS:
    pk: int
    name: str
    department: str  # INSEE code of its main department
    stage: str  # a Stage, or UNKNOWN_STAGE
    communes: list = field(default_factory=list)  # pks of the communes it claims on the map

    @property
    def stage_label(self):
        return stage_label(self.stage)

    @property
    def colour(self):
        return stage_colour(self.stage)

    @property
    def title(self):
        return f"{self.name} ({self.department}) – {self.stage_label}"


@dataclass(frozen=True)
class LegendItem:
    key: str
    label: str
    colour: str
    count: int | None = None
    unit: str = "CPTS"  # what `count` counts
    pattern: bool = False  # drawn with the overlap hatching
    line: bool = False  # a line, not a swatch
    note: bool = False  # a line of text, without swatch (the ARS figure)

    @property
    def text(self):
        if self.count is None:
            return self.label
        unit = self.unit if self.count < 2 or self.unit == "CPTS" else f"{self.unit}s"
        return f"{self.label} ({self.count} {unit})"


@dataclass(frozen=True)
class RegionMap:
    svg: str  # safe HTML
    on: object  # the date of the map, None for today
    cpts: list  # MapCPTS on the map, by name
    legend: list  # LegendItem
    overlap_count: int  # communes claimed by several CPTS
    commune_count: int
    version: str = ""  # digest of what the drawing depends on (see `map_version`)

    def __str__(self):
        return self.svg

    def __html__(self):
        return self.svg


def territories(on=None):
    """{cpts pk: MapCPTS} for the active CPTS (on the date `on`) and the communes they claim (one query).

    On a past date, a CPTS appears from its first recorded stage; the territories are today's (the links
    between CPTS and communes are not dated).
    """
    links = CPTS.communes.through.objects.filter(cpts__in=CPTS.objects.active(on)).annotate(
        stage=Subquery(latest_stage_change(OuterRef("cpts"), on).values("stage")[:1])
    )
    if on is not None:
        links = links.filter(stage__isnull=False)
    rows = links.order_by("cpts__name", "commune_id").values_list(
        "cpts_id", "cpts__name", "cpts__department__code", "stage", "commune_id"
    )
    result = {}
    for pk, name, department, stage, commune in rows:
        entry = result.setdefault(pk, MapCPTS(pk, name, department, stage or UNKNOWN_STAGE))
        entry.communes.append(commune)
    return result


def _most_advanced(cpts_list):
    return max(cpts_list, key=lambda cpts: STAGE_RANK.get(cpts.stage, 0)).stage


def map_version(geometry_key, entries, on, id_prefix, title, operational=None):
    """A digest of everything the drawing depends on: the communes (their key), each CPTS's name, stage and
    communes, the date, the labels and the ARS figure. Equal digests draw the same SVG: the cache key, the ETag."""
    content = repr(
        (
            geometry_key,
            [(entry.pk, entry.name, entry.department, entry.stage, entry.communes) for entry in entries],
            on,
            id_prefix,
            title,
            operational,
            MAP_DRAWING_VERSION,
        )
    )
    return hashlib.blake2b(content.encode(), digest_size=16).hexdigest()


def build_map(on=None, *, id_prefix="carte", title=None, operational=None):
    """The `RegionMap` of the CPTS on the date `on` (today when None), its SVG ready to include as it is.

    `id_prefix` keeps the ids of the SVG (patterns, title) unique when a page holds several maps. The map is
    drawn once per change of the communes, the territories or the stages, then served from the cache:
    while no record changes (`interurps.versioning`, one query) the map is taken from the cache as it is;
    after a change, two queries tell whether the drawing changed (`RegionMap.version`, its digest).
    `operational`, the region's `selectors.AreaCoverage` on the same date, adds the ARS figure (the share of
    the population covered by operational CPTS) under the legend; the caller computes it (three queries).
    """
    asked = (records_version(), on, timezone.localdate(), id_prefix, title, operational, geometry_generation())
    records_key = f"cpts-map-records:{hashlib.blake2b(repr(asked).encode(), digest_size=16).hexdigest()}"
    region_map = cache.get(records_key)
    if region_map is None:
        region_map = _drawn_map(on, id_prefix=id_prefix, title=title, operational=operational)
        cache.set(records_key, region_map, RECORDS_CACHE_SECONDS)
    return region_map


def _drawn_map(on, *, id_prefix, title, operational):
    """The map from the cache of drawings when what it depends on has not changed, else drawn."""
    geometry, geometry_key = region_geometry_and_key()
    entries = list(territories(on).values())
    version = map_version(geometry_key, entries, on, id_prefix, title, operational)
    cache_key = f"cpts-map:{version}"
    region_map = cache.get(cache_key)
    if region_map is None:
        region_map = draw_map(
            geometry, entries, on, id_prefix=id_prefix, title=title, version=version, operational=operational
        )
        cache.set(cache_key, region_map, MAP_CACHE_SECONDS)
    return region_map


def draw_map(geometry, entries, on, *, id_prefix, title, version, operational=None):
    """Draw the map (what `build_map` caches): the geometry is computed here, the SVG written by the template
    `cpts/map/region_map.svg`, which escapes the names and labels."""
    claims = defaultdict(list)  # commune pk -> the CPTS that claim it
    for entry in entries:
        for commune in entry.communes:
            if commune in geometry.communes:
                claims[commune].append(entry)
    on_map = sorted((entry for entry in entries if any(c in claims for c in entry.communes)), key=_name)
    overlaps = {commune: entries for commune, entries in claims.items() if len(entries) > 1}
    legend = _legend(on_map, overlaps, geometry, claims)
    if operational is not None and operational.population:
        legend.extend(operational_legend(operational))
    position = _legend_position(legend, geometry)
    _, _, extra = position
    context = {
        "width": geometry.width,
        "height": _number(round(geometry.height + extra, 1)),
        "id_prefix": id_prefix,
        "title": title or _title(on),
        "description": _description(len(on_map), len(geometry.communes)),
        "colours": COLOURS,
        "patterns": _patterns(id_prefix),
        **_communes(geometry, claims, on_map, overlaps, id_prefix),
        "territory_borders": _territory_borders(geometry, claims),
        "department_borders": geometry.department_borders,
        "outline": geometry.outline,
        "legend_box": _legend_box(legend, position, id_prefix),
    }
    svg = render_to_string(MAP_TEMPLATE, context)
    return RegionMap(mark_safe(svg), on, on_map, legend, len(overlaps), len(geometry.communes), version)


def _name(entry):
    """A sort key in the French alphabetical order: accents and case ignored (Sèvre before Sud)."""
    decomposed = unicodedata.normalize("NFKD", entry.name.casefold())
    return "".join(character for character in decomposed if not unicodedata.combining(character))


def _title(on):
    region = settings.REGION_NAME
    if on is None:
        return f"Les CPTS en région {region} par étape"
    return f"Les CPTS en région {region} par étape, au {on:%d/%m/%Y}"


def _legend(on_map, overlaps, geometry, claims):
    counts = defaultdict(int)
    for entry in on_map:
        counts[entry.stage] += 1
    items = [
        LegendItem(stage, SHORT_STAGE_LABELS[stage], STAGE_COLOURS[stage], counts[stage]) for stage in PROGRESS_STAGES
    ]
    if counts[UNKNOWN_STAGE]:
        items.append(LegendItem(UNKNOWN_STAGE, UNKNOWN_STAGE_LABEL, UNKNOWN_STAGE_COLOUR, counts[UNKNOWN_STAGE]))
    unclaimed = len(geometry.communes) - len(claims)
    items.append(LegendItem("none", "sans CPTS", NO_CPTS_COLOUR, unclaimed, unit="commune"))
    items.append(LegendItem("overlap", "plusieurs CPTS", OVERLAP_COLOUR, len(overlaps), unit="commune", pattern=True))
    items.append(LegendItem("department", "limite de département", DEPARTMENT_STROKE, line=True))
    return items


def _percent_text(value):
    return f"{value:.1f}".replace(".", ",") + " %"


OPERATIONAL_LABELS = {Stage.ACI_SIGNED: "ACI signé", Stage.HEALTH_PROJECT: "projet validé"}


def operational_legend(coverage):
    """The ARS figure under the legend: « CPTS opérationnelles : 74,3 % des habitants », then its parts."""
    items = [
        LegendItem(
            "operational",
            f"CPTS opérationnelles : {_percent_text(coverage.operational_share_percent)} des habitants",
            TEXT_COLOUR,
            note=True,
        )
    ]
    parts = " + ".join(
        f"{_percent_text(share)} {OPERATIONAL_LABELS[stage]}" for stage, _, share in coverage.stage_shares
    )
    items.append(LegendItem("operational-parts", f"({parts})", TEXT_COLOUR, note=True))
    return items


LEGEND_TITLE = "Étape de la CPTS"
# Legend layout, in SVG units: its text stays readable on a map shown 500 pixels wide.
LEGEND_FONT_SIZE = 18
LEGEND_ROW = 28
LEGEND_SWATCH = 18
LEGEND_PADDING = 12
CHARACTER_WIDTH = 0.5  # average width of a character of Lato, in ems


def _legend_size(legend):
    longest = max([len(LEGEND_TITLE), *(len(item.text) for item in legend)])
    width = 2 * LEGEND_PADDING + LEGEND_SWATCH + 10 + longest * CHARACTER_WIDTH * LEGEND_FONT_SIZE
    return math.ceil(width), LEGEND_ROW * (len(legend) + 1) + LEGEND_PADDING


def _legend_position(legend, geometry):
    """The top-left corner of the legend: the first corner of the map that no commune reaches, else below the
    map. Returns (x, y, extra height)."""
    width, height = _legend_size(legend)
    right, bottom = geometry.width - MARGIN - width, geometry.height - MARGIN - height
    for x, y in [(right, bottom), (MARGIN, bottom), (right, MARGIN), (MARGIN, MARGIN)]:
        if x < 0 or y < 0:
            continue
        box = (x, y, x + width, y + height)
        if not any(_intersects(box, shape.bbox) for shape in geometry.communes.values()):
            return x, y, 0
    return MARGIN, geometry.height, height + MARGIN


def _intersects(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _number(value):
    """An SVG number as the f-strings wrote it (`:g`): 12.0 → "12", 12.5 → "12.5"; never localised."""
    return f"{value:g}"


def _description(cpts_count, commune_count):
    return (
        f"{cpts_count} CPTS sur {commune_count} communes ; chaque territoire est coloré selon l'étape de sa "
        "CPTS, les communes revendiquées par plusieurs CPTS sont hachurées."
    )


def _hatch_id(id_prefix, stage):
    return f"{id_prefix}-hachures-{stage}"


def _patterns(id_prefix):
    """The hatchings of the overlaps, one per stage colour and one for the legend: [{id, colour}]."""
    fills = {**{stage: STAGE_COLOURS[stage] for stage in PROGRESS_STAGES}, UNKNOWN_STAGE: UNKNOWN_STAGE_COLOUR}
    fills["legend"] = "#ffffff"
    return [{"id": _hatch_id(id_prefix, key), "colour": colour} for key, colour in fills.items()]


def _communes(geometry, claims, on_map, overlaps, id_prefix):
    """The path data of the communes: `unclaimed` (grey), `groups` (one per CPTS, its colour and title) and
    `overlaps` (hatched with the colour of the most advanced of the CPTS that claim them)."""
    unclaimed = [shape.path for pk, shape in geometry.communes.items() if pk not in claims]
    groups = []
    for entry in on_map:
        paths = [geometry.communes[pk].path for pk in entry.communes if pk in claims and pk not in overlaps]
        if paths:
            groups.append({"colour": entry.colour, "title": entry.title, "paths": paths})
    hatched = []
    for pk, entries in overlaps.items():
        shape = geometry.communes[pk]
        claimants = sorted(entries, key=_name)
        names = ", ".join(f"{entry.name} ({entry.stage_label})" for entry in claimants[:OVERLAP_TITLE_NAMES])
        if len(claimants) > OVERLAP_TITLE_NAMES:
            others = len(claimants) - OVERLAP_TITLE_NAMES
            names += f" et {others} autre{'s' if others > 1 else ''} CPTS"
        hatched.append(
            {
                "path": shape.path,
                "hatch_id": _hatch_id(id_prefix, _most_advanced(entries)),
                "title": f"{shape.name} : {names}",
            }
        )
    return {"unclaimed": unclaimed, "groups": groups, "overlaps": hatched}


def _territory_borders(geometry, claims):
    """The path data of the borders between two communes that are not claimed by the same CPTS, one of them at
    least claimed ("" when there is none)."""

    def owners(pk):
        return frozenset(entry.pk for entry in claims.get(pk, ()))

    segments = []
    for first, second, segment in geometry.shared_edges:
        a, b = owners(first), owners(second)
        if a != b:
            segments.append(segment)
    return segments_path(segments) if segments else ""


def _legend_box(legend, position, id_prefix):
    """The legend's layout: its corner and size, and one row per item (a swatch or a line, and its text)."""
    x, y, _ = position
    width, height = _legend_size(legend)
    left = LEGEND_PADDING
    baseline = (LEGEND_SWATCH + LEGEND_FONT_SIZE * 0.7) / 2  # text centred on the swatch
    rows = []
    for index, item in enumerate(legend, start=1):
        top = LEGEND_PADDING + index * LEGEND_ROW
        rows.append(
            {
                "line": item.line,
                "note": item.note,
                "middle": _number(top + LEGEND_SWATCH / 2),
                "top": top,
                "colour": item.colour,
                "fill": f"url(#{_hatch_id(id_prefix, 'legend')})" if item.pattern else item.colour,
                "text_y": _number(top + baseline),
                "text": item.text,
            }
        )
    return {
        "x": _number(x),
        "y": _number(y),
        "width": width,
        "height": height,
        "left": left,
        "swatch": LEGEND_SWATCH,
        "swatch_right": left + LEGEND_SWATCH,
        "text_x": LEGEND_PADDING + LEGEND_SWATCH + 10,
        "font_size": LEGEND_FONT_SIZE,
        "title": LEGEND_TITLE,
        "title_y": _number(LEGEND_PADDING + baseline),
        "rows": rows,
    }
