"""The map's SVG is written by a template: the engine escapes names and titles, numbers are not localised."""

import xml.etree.ElementTree as ET

import pytest

from cpts import map as region_map
from cpts.map import build_map
from tests.cpts.factories import CPTSFactory, grid_commune

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def fresh_geometry():
    region_map.clear_cache()
    yield
    region_map.clear_cache()


def test_a_cpts_name_with_markup_is_escaped_and_reads_back_as_written():
    CPTSFactory(name='CPTS <Sud> & "Loire"', communes=[grid_commune(0, 0)])
    svg = str(build_map().svg)
    assert "<Sud>" not in svg
    titles = [title.text for title in ET.fromstring(svg).iter(f"{SVG}title")]
    assert 'CPTS <Sud> & "Loire" (44) – étape non renseignée' in titles


def test_the_numbers_of_the_map_use_a_decimal_point_under_the_french_locale():
    grid_commune(0, 0)
    root = ET.fromstring(str(build_map(title="Carte").svg))
    numbers = [root.get("height"), *root.get("viewBox").split(), root.find(f"{SVG}g[@class='legend']").get("transform")]
    assert not any("," in number for number in numbers)
