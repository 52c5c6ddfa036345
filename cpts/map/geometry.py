"""The communes of the region projected to SVG units, once per process.

The boundaries (`interurps.Commune.boundary`: GeoJSON in longitude/latitude, simplified so that neighbours
share their borders exactly) become SVG path data with an equirectangular projection; the borders between
departments and the region's outline are found from the edges the communes share, without any geometry
library. The result does not depend on the CPTS: it is kept (`region_geometry`) and computed again only when
the communes change.
"""

import math
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, IntegerField, Max, Sum, TextField
from django.db.models.functions import Cast, Coalesce, Length

from interurps.models import Commune

WIDTH = 1000  # SVG units; the height follows the region's shape
MARGIN = 12


@dataclass(frozen=True)
class CommuneShape:
    pk: int
    name: str
    department: str  # INSEE code
    path: str  # SVG path data
    bbox: tuple  # (x0, y0, x1, y1) in SVG units


@dataclass(frozen=True)
class Geometry:
    width: int
    height: float
    communes: dict  # pk -> CommuneShape, in the order of the pks
    shared_edges: list  # (commune pk, commune pk, (point, point)): the borders between two communes
    department_borders: str  # SVG path data
    outline: str  # SVG path data: the region's outer boundary


def _rings(boundary):
    """The rings of a GeoJSON Polygon or MultiPolygon, each a list of (lon, lat)."""
    if not boundary:
        return []
    polygons = boundary["coordinates"] if boundary.get("type") == "MultiPolygon" else [boundary["coordinates"]]
    return [[tuple(point[:2]) for point in ring] for polygon in polygons for ring in polygon]


def _tenths(value):
    """An SVG number from a count of tenths of a unit: 1234 → "123.4", -5 → "-.5", 20 → "2"."""
    sign = "-" if value < 0 else ""
    whole, tenth = divmod(abs(value), 10)
    if not tenth:
        return f"{sign}{whole}"
    return f"{sign}{whole or ''}.{tenth}"


def _numbers(values):
    """SVG numbers, separated by a space unless the next one starts with its minus sign."""
    parts = []
    for value in values:
        text = _tenths(value)
        if parts and not text.startswith("-"):
            parts.append(" ")
        parts.append(text)
    return "".join(parts)


def _line_path(points, close):
    """Path data through `points` (integer tenths): an absolute move, then relative lines; `z` closes it."""
    deltas = []
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        deltas += [x1 - x0, y1 - y0]
    start = f"M{_numbers(points[0])}"
    return start + (f"l{_numbers(deltas)}" if deltas else "") + ("z" if close else "")


def _dedupe(points):
    kept = [points[0]]
    for point in points[1:]:
        if point != kept[-1]:
            kept.append(point)
    return kept


def _chain(segments):
    """Join segments ((point, point), any direction) that meet end to end into polylines (lists of points)."""
    ends = defaultdict(list)
    for index, (start, end) in enumerate(segments):
        ends[start].append(index)
        ends[end].append(index)
    used = [False] * len(segments)

    def follow(line):
        while True:
            point = line[-1]
            following = next((i for i in ends[point] if not used[i]), None)
            if following is None:
                return line
            used[following] = True
            start, end = segments[following]
            line.append(end if start == point else start)

    lines = []
    for index, (start, end) in enumerate(segments):
        if used[index]:
            continue
        used[index] = True
        forward = follow([start, end])
        backward = follow([start])
        lines.append(backward[::-1] + forward[1:])
    return lines


def segments_path(segments):
    return "".join(_line_path(line, close=False) for line in _chain(segments))


def project(rows, width=WIDTH, margin=MARGIN):
    """The `Geometry` of communes given as (pk, name, department code, boundary) rows.

    Equirectangular projection: x = longitude × cos(mean latitude), y = −latitude, scaled to `width`;
    coordinates rounded to a tenth of a unit. A border met by one commune only is the region's outline; one
    met by two communes of different departments is a department border.
    """
    rings_by_commune = {pk: _rings(boundary) for pk, _, _, boundary in rows}
    points = [point for rings in rings_by_commune.values() for ring in rings for point in ring]
    if not points:
        return Geometry(width, 2 * margin, {}, [], "", "")
    lon_min, lon_max = min(p[0] for p in points), max(p[0] for p in points)
    lat_min, lat_max = min(p[1] for p in points), max(p[1] for p in points)
    x_factor = math.cos(math.radians((lat_min + lat_max) / 2))
    scale = (width - 2 * margin) / (((lon_max - lon_min) * x_factor) or 1)
    height = round(2 * margin + (lat_max - lat_min) * scale, 1)

    def to_svg(point):
        lon, lat = point
        return (
            round(10 * (margin + (lon - lon_min) * x_factor * scale)),
            round(10 * (margin + (lat_max - lat) * scale)),
        )

    communes, edges, departments = {}, defaultdict(list), {}
    for pk, name, department, _ in sorted(rows, key=lambda row: row[0]):
        departments[pk] = department
        paths, xs, ys = [], [], []
        for ring in rings_by_commune[pk]:
            for start, end in zip(ring, ring[1:], strict=False):
                if start != end:
                    edges[(start, end) if start < end else (end, start)].append(pk)
            projected = _dedupe([to_svg(point) for point in ring])
            if len(projected) > 1 and projected[-1] == projected[0]:
                projected.pop()
            if len(projected) < 3:
                continue
            paths.append(_line_path(projected, close=True))
            xs += [x for x, _ in projected]
            ys += [y for _, y in projected]
        if paths:
            bbox = (min(xs) / 10, min(ys) / 10, max(xs) / 10, max(ys) / 10)
            communes[pk] = CommuneShape(pk, name, department, "".join(paths), bbox)

    shared, department_borders, outline = [], [], []
    for (start, end), owners in edges.items():
        segment = (to_svg(start), to_svg(end))
        if segment[0] == segment[1]:
            continue
        if len(owners) == 1:
            outline.append(segment)
            continue
        first, second = owners[0], owners[1]
        shared.append((first, second, segment))
        if departments[first] != departments[second]:
            department_borders.append(segment)
    return Geometry(width, height, communes, shared, segments_path(department_borders), segments_path(outline))


# The projected communes and their key: one (key, Geometry) pair, replaced as a whole.
_cache = {}


def region_communes():
    return Commune.objects.filter(department__code__in=settings.REGION_DEPARTMENTS, boundary__isnull=False)


def geometry_key():
    """What changes when the communes of the map change: their number, their keys, their populations and the
    length of their boundaries (one query)."""
    summary = region_communes().aggregate(
        count=Count("pk"),
        last=Max("pk"),
        population=Coalesce(Sum("population"), 0),
        year=Max("population_year"),
        boundaries=Coalesce(Sum(Length(Cast("boundary", TextField()))), 0, output_field=IntegerField()),
    )
    return (tuple(settings.REGION_DEPARTMENTS), *summary.values(), geometry_generation())


def region_geometry_and_key():
    """(projected communes of the region, the key they were computed under): once per process, again when
    the communes change. Without any commune boundary the map is empty, and its key query is the only one."""
    key = geometry_key()
    if not key[1]:
        return project([]), key
    cached = _cache.get("entry")
    if cached is None or cached[0] != key:
        rows = region_communes().values_list("pk", "name", "department__code", "boundary")
        cached = (key, project(list(rows)))
        _cache["entry"] = cached
    return cached[1], key


def region_geometry():
    """The projected communes of the region (see `region_geometry_and_key`)."""
    return region_geometry_and_key()[0]


def clear_cache():
    """Forget the projected communes and, through the generation in their key, every map drawn from them."""
    generation = geometry_generation() + 1
    _cache.clear()
    _cache["generation"] = generation


def geometry_generation():
    """How many times `clear_cache` ran in this process: part of the key of every map drawn."""
    return _cache.get("generation", 0)
