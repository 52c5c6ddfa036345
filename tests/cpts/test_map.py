"""The SVG map of the region: one path per commune, coloured by the stage of its CPTS, overlaps hatched."""

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cpts import map as region_map
from cpts.enums import Stage
from cpts.map import NO_CPTS_COLOUR, STAGE_COLOURS, build_map, project
from cpts.map.geometry import _tenths
from cpts.models import CPTS, StageChange
from cpts.services import move_to_stage, sign_aci
from interurps.models import Commune
from tests.cpts.factories import CPTSFactory, grid_commune, square_boundary
from tests.factories import CommuneFactory, DepartmentFactory, MeetingFactory

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def fresh_geometry():
    """Each test starts without the projected communes of another test."""
    region_map.clear_cache()
    yield
    region_map.clear_cache()


def parse(result):
    return ET.fromstring(str(result.svg))


def commune_paths(root):
    group = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "communes")
    return list(group.iter(f"{SVG}path"))


def cpts_groups(root):
    """{title of the group: group} for the groups of communes of one CPTS."""
    return {g.find(f"{SVG}title").text: g for g in root.iter(f"{SVG}g") if g.get("class") == "cpts"}


def cpts_at(stage, communes, on=date(2020, 6, 1), **kwargs):
    cpts = CPTSFactory(communes=communes, **kwargs)
    move_to_stage(cpts, stage, on)
    return cpts


def test_the_map_is_valid_svg():
    grid_commune(0, 0)
    root = parse(build_map())
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox").startswith("0 0 1000 ")


def test_the_map_has_one_path_per_commune_with_a_boundary():
    for column in range(3):
        grid_commune(column, 0)
    CommuneFactory(boundary=None)
    result = build_map()
    assert len(commune_paths(parse(result))) == 3
    assert result.commune_count == 3


def test_communes_outside_the_region_are_not_drawn(settings):
    settings.REGION_DEPARTMENTS = ["44"]
    grid_commune(0, 0)
    grid_commune(1, 0, department=DepartmentFactory(code="35"))
    assert len(commune_paths(parse(build_map()))) == 1


def test_coordinates_are_rounded_to_a_tenth_of_a_unit():
    grid_commune(0, 0)
    grid_commune(1, 0)
    for path in commune_paths(parse(build_map())):
        numbers = re.findall(r"-?\d*\.?\d+", path.get("d"))
        assert numbers
        assert all(len(number.partition(".")[2]) <= 1 for number in numbers)


def test_communes_are_coloured_by_the_stage_of_their_cpts():
    letter, signed, free = grid_commune(0, 0), grid_commune(1, 0, population=50_000), grid_commune(2, 0)
    cpts_at(Stage.LETTER_OF_INTENT, [letter], name="CPTS de la Lettre")
    sign_aci(CPTSFactory(name="CPTS Signée", communes=[signed]), date(2021, 3, 12))
    root = parse(build_map())
    groups = cpts_groups(root)
    assert (
        groups["CPTS de la Lettre (44) – lettre d'intention validée"].get("fill")
        == STAGE_COLOURS[Stage.LETTER_OF_INTENT]
    )
    assert groups["CPTS Signée (44) – ACI signé"].get("fill") == STAGE_COLOURS[Stage.ACI_SIGNED]
    grey = [g for g in root.iter(f"{SVG}g") if g.get("fill") == NO_CPTS_COLOUR]
    assert len(grey) == 1 and len(grey[0].findall(f"{SVG}path")) == 1
    assert free.pk not in {commune for entry in build_map().cpts for commune in entry.communes}


def test_each_cpts_groups_its_communes_under_a_title_with_its_name():
    communes = [grid_commune(column, 0) for column in range(3)]
    cpts_at(Stage.PRE_PROJECT, communes, name="CPTS du Bocage")
    groups = cpts_groups(parse(build_map()))
    assert list(groups) == ["CPTS du Bocage (44) – pré-projet (réflexion)"]
    assert len(groups["CPTS du Bocage (44) – pré-projet (réflexion)"].findall(f"{SVG}path")) == 3


def test_a_cpts_without_any_stage_yet_has_its_own_colour():
    CPTSFactory(name="CPTS Naissante", communes=[grid_commune(0, 0)])
    groups = cpts_groups(parse(build_map()))
    assert groups["CPTS Naissante (44) – étape non renseignée"].get("fill") == region_map.UNKNOWN_STAGE_COLOUR


def test_a_commune_claimed_by_two_cpts_is_hatched_and_names_both():
    shared = grid_commune(1, 0, name="Clisson")
    cpts_at(Stage.LETTER_OF_INTENT, [grid_commune(0, 0), shared], name="CPTS Sèvre et Loire")
    cpts_at(Stage.HEALTH_PROJECT, [shared, grid_commune(2, 0)], name="CPTS Sud Loire Vignoble")
    result = build_map()
    root = parse(result)
    overlaps = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "overlaps")
    (path,) = overlaps.findall(f"{SVG}path")
    assert path.find(f"{SVG}title").text == (
        "Clisson : CPTS Sèvre et Loire (lettre d'intention validée), CPTS Sud Loire Vignoble (projet de santé validé)"
    )
    pattern_id = re.fullmatch(r"url\(#(.+)\)", path.get("fill")).group(1)
    assert pattern_id == "carte-hachures-health_project"  # the hatching over the most advanced stage
    assert any(pattern.get("id") == pattern_id for pattern in root.iter(f"{SVG}pattern"))
    assert result.overlap_count == 1
    # the shared commune is drawn once, in the overlaps, not in either CPTS's group
    assert len(commune_paths(root)) == 3
    assert all(len(group.findall(f"{SVG}path")) == 1 for group in cpts_groups(root).values())


def test_a_commune_many_cpts_claim_names_three_and_counts_the_others():
    shared = grid_commune(1, 0, name="Clisson")
    for letter in "ABCDE":
        cpts_at(Stage.PRE_PROJECT, [shared], name=f"CPTS {letter}")
    overlaps = next(g for g in parse(build_map()).iter(f"{SVG}g") if g.get("class") == "overlaps")
    (path,) = overlaps.findall(f"{SVG}path")
    assert path.find(f"{SVG}title").text == (
        "Clisson : CPTS A (pré-projet (réflexion)), CPTS B (pré-projet (réflexion)), "
        "CPTS C (pré-projet (réflexion)) et 2 autres CPTS"
    )


def test_communes_of_an_inactive_cpts_stay_grey():
    commune = grid_commune(0, 0)
    dormant = cpts_at(Stage.LETTER_OF_INTENT, [commune], name="CPTS Endormie")
    move_to_stage(dormant, Stage.DORMANT, date(2021, 1, 1))
    root = parse(build_map())
    assert cpts_groups(root) == {}
    assert "CPTS Endormie" not in str(build_map().svg)


def test_the_map_on_a_past_date_shows_the_stages_then():
    older = cpts_at(Stage.PRE_PROJECT, [grid_commune(0, 0)], on=date(2020, 1, 1), name="CPTS Ancienne")
    move_to_stage(older, Stage.LETTER_OF_INTENT, date(2022, 1, 10))
    cpts_at(Stage.PRE_PROJECT, [grid_commune(1, 0)], on=date(2022, 5, 1), name="CPTS Récente")
    past = build_map(on=date(2021, 12, 31))
    assert list(cpts_groups(parse(past))) == ["CPTS Ancienne (44) – pré-projet (réflexion)"]
    assert "au 31/12/2021" in parse(past).find(f"{SVG}title").text
    today = cpts_groups(parse(build_map()))
    assert set(today) == {
        "CPTS Ancienne (44) – lettre d'intention validée",
        "CPTS Récente (44) – pré-projet (réflexion)",
    }


def test_department_borders_are_drawn_between_two_departments_only():
    grid_commune(0, 0)
    grid_commune(1, 0)
    root = parse(build_map())
    assert not [path for path in root.iter(f"{SVG}path") if path.get("class") == "departments"]
    region_map.clear_cache()
    grid_commune(2, 0, department=DepartmentFactory(code="49"))
    root = parse(build_map())
    (border,) = [path for path in root.iter(f"{SVG}path") if path.get("class") == "departments"]
    assert border.get("d").count("M") == 1  # one line, chained from the segments of the shared border


def test_territory_borders_separate_a_cpts_from_its_neighbours():
    cpts_at(Stage.PRE_PROJECT, [grid_commune(0, 0), grid_commune(1, 0)])
    grid_commune(2, 0)
    root = parse(build_map())
    (border,) = [path for path in root.iter(f"{SVG}path") if path.get("class") == "territories"]
    assert border.get("d").count("M") == 1  # only the edge between the 2nd and the 3rd commune


def test_the_legend_counts_the_cpts_by_stage_and_the_communes():
    cpts_at(Stage.PRE_PROJECT, [grid_commune(0, 0)])
    cpts_at(Stage.PRE_PROJECT, [grid_commune(1, 0)])
    grid_commune(2, 0)
    result = build_map()
    texts = {item.key: item.text for item in result.legend}
    assert texts[Stage.PRE_PROJECT] == "pré-projet (2 CPTS)"
    assert texts[Stage.ACI_SIGNED] == "ACI signé (0 CPTS)"
    assert texts["none"] == "sans CPTS (1 commune)"
    legend_text = [text.text for text in parse(result).iter(f"{SVG}text")]
    assert "pré-projet (2 CPTS)" in legend_text
    assert "Étape de la CPTS" in legend_text


def test_names_are_escaped():
    cpts_at(Stage.PRE_PROJECT, [grid_commune(0, 0)], name="CPTS <Loire & Sèvre>")
    assert "CPTS (44)" not in str(build_map().svg)
    assert "CPTS <Loire & Sèvre> (44) – pré-projet (réflexion)" in cpts_groups(parse(build_map()))


def test_the_projection_keeps_the_shape_and_fits_the_width():
    geometry = project([(1, "Carré", "44", square_boundary(0, 0))])
    shape = geometry.communes[1]
    x0, y0, x1, y1 = shape.bbox
    assert (x0, x1) == (12, 988)  # the margins on both sides
    assert (x1 - x0) / (y1 - y0) == pytest.approx(0.6817, abs=0.001)  # cos(47.025°): a square of 0.05° is narrow
    assert shape.path.startswith("M") and shape.path.endswith("z")


def test_svg_numbers_are_written_in_tenths():
    assert [_tenths(value) for value in (1234, -5, 20, 0, -17)] == ["123.4", "-.5", "2", "0", "-1.7"]


def test_the_geometry_is_projected_once_until_the_communes_change(django_assert_num_queries):
    grid_commune(0, 0)
    with django_assert_num_queries(4):  # records' version, communes' key, communes, territories
        build_map()
    cache.clear()  # the drawings forgotten, not the projected communes
    with django_assert_num_queries(3):  # records' version, communes' key, territories
        build_map()
    grid_commune(1, 0)
    with django_assert_num_queries(4):
        assert build_map().commune_count == 2


def test_the_geometry_is_projected_again_when_a_boundary_changes():
    commune = grid_commune(0, 0)
    grid_commune(1, 1)
    before = region_map.region_geometry().communes[commune.pk].path
    moved = {"type": "Polygon", "coordinates": [[[-1.5, 47.0], [-1.45, 47.0], [-1.5, 47.05], [-1.5, 47.0]]]}
    Commune.objects.filter(pk=commune.pk).update(boundary=moved)
    assert region_map.region_geometry().communes[commune.pk].path != before


def test_without_any_boundary_the_map_is_empty_and_takes_one_query_and_the_territories(django_assert_num_queries):
    CommuneFactory(boundary=None)
    with django_assert_num_queries(3):  # records' version, communes' key, territories
        result = build_map()
    assert result.commune_count == 0
    ET.fromstring(str(result.svg))


def make_territories(count, start=0):
    """`count` CPTS on a grid of communes (one each, plus one shared with the next), with a stage."""
    department = DepartmentFactory()
    communes = Commune.objects.bulk_create(
        Commune(
            insee_code=f"44{i:03d}",
            name=f"Commune {i}",
            department=department,
            population=1000,
            boundary=square_boundary(i % 20, i // 20),
        )
        for i in range(start, start + count + 1)
    )
    all_cpts = CPTS.objects.bulk_create(
        CPTS(name=f"CPTS {i}", department=department) for i in range(start, start + count)
    )
    links = CPTS.communes.through
    links.objects.bulk_create(
        links(cpts=cpts, commune=commune) for i, cpts in enumerate(all_cpts) for commune in communes[i : i + 2]
    )
    StageChange.objects.bulk_create(
        StageChange(cpts=cpts, stage=Stage.LETTER_OF_INTENT, date=date(2020, 1, 1)) for cpts in all_cpts
    )


@pytest.mark.parametrize("count", [10, 200])
def test_building_the_map_takes_four_queries_then_three_for_another_date(count, django_assert_num_queries):
    make_territories(count)
    with django_assert_num_queries(4):
        result = build_map()
    assert len(result.cpts) == count
    with django_assert_num_queries(3):  # the communes are projected already
        build_map(on=date(2021, 12, 31))


# The map page


def test_the_map_page_shows_the_map_and_the_cpts_on_it(board_client):
    cpts = cpts_at(Stage.PRE_PROJECT, [grid_commune(0, 0)], name="CPTS du Bocage")
    content = board_client.get(reverse("cpts:map")).content.decode()
    assert "Carte des CPTS aujourd'hui" in content
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="region-map"' in content
    assert f'<a href="{reverse("cpts:cpts", args=[cpts.pk])}">CPTS du Bocage</a> (44)' in content
    assert "1 CPTS sur la carte" in content


def test_the_map_page_shows_a_past_date(board_client):
    older = cpts_at(Stage.PRE_PROJECT, [grid_commune(0, 0)], on=date(2020, 1, 1), name="CPTS Ancienne")
    move_to_stage(older, Stage.LETTER_OF_INTENT, date(2022, 1, 10))
    content = board_client.get(reverse("cpts:map"), {"au": "2021-12-31"}).content.decode()
    assert "Carte des CPTS au 31/12/2021" in content
    assert "CPTS Ancienne (44) – pré-projet (réflexion)" in content
    assert 'value="2021-12-31"' in content


def test_an_invalid_date_is_refused_in_french_and_today_s_map_shown(board_client):
    cpts_at(Stage.PRE_PROJECT, [grid_commune(0, 0)], name="CPTS du Bocage")
    response = board_client.get(reverse("cpts:map"), {"au": "2021-13-45"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Date invalide : choisissez une date (jj/mm/aaaa)." in content
    assert "voici la carte d'aujourd'hui" in content
    assert "CPTS du Bocage (44) – pré-projet (réflexion)" in content


def test_the_map_page_queries_do_not_grow_with_the_cpts(board_client, django_assert_num_queries):
    make_territories(10)
    with CaptureQueriesContext(connection) as few:
        board_client.get(reverse("cpts:map"))
    make_territories(190, start=11)
    region_map.clear_cache()
    with django_assert_num_queries(len(few.captured_queries)):
        response = board_client.get(reverse("cpts:map"))
    assert "200 CPTS sur la carte" in response.content.decode()


# --- The map as an image, drawn once per change --------------------------------------------------------------


def test_the_map_is_drawn_once_until_a_territory_changes(db, django_assert_num_queries):
    cache.clear()
    cpts = CPTSFactory(name="CPTS du Marais", communes=[grid_commune(0, 0)])
    first = build_map()
    with django_assert_num_queries(1):  # the records' version: nothing changed
        again = build_map()
    assert again is not first and again.svg == first.svg and again.version == first.version
    cpts.communes.add(grid_commune(1, 0))
    assert build_map().version != first.version


def test_a_change_the_map_does_not_show_keeps_its_drawing_and_its_version(db, django_assert_num_queries):
    CPTSFactory(name="CPTS du Marais", communes=[grid_commune(0, 0)])
    first = build_map()
    MeetingFactory(title="Réunion sans effet sur la carte")
    with django_assert_num_queries(3):  # records' version, communes' key, territories: the same drawing
        again = build_map()
    assert again.version == first.version and again.svg == first.svg


def test_a_new_stage_draws_the_map_again(db):
    cache.clear()
    cpts = CPTSFactory(name="CPTS du Marais", communes=[grid_commune(0, 0)])
    before = build_map()
    move_to_stage(cpts, Stage.LETTER_OF_INTENT, date(2021, 3, 1))
    after = build_map()
    assert after.version != before.version
    assert STAGE_COLOURS[Stage.LETTER_OF_INTENT] in after.svg


def test_the_map_image_is_an_svg_the_browser_keeps_until_it_changes(board_client, db):
    cache.clear()
    CPTSFactory(name="CPTS du Marais", communes=[grid_commune(0, 0)])
    response = board_client.get(reverse("cpts:map_svg"))
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert response.content.startswith(b"<svg ")
    assert "private" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]
    etag = response["ETag"]
    assert board_client.get(reverse("cpts:map_svg"), headers={"if-none-match": etag}).status_code == 304


def test_the_dashboard_shows_the_map_as_an_image_instead_of_inlining_it(board_client, db):
    CPTSFactory(name="CPTS du Marais", communes=[grid_commune(0, 0)])
    html = board_client.get(reverse("home")).content.decode()
    assert f'src="{reverse("cpts:map_svg")}"' in html
    assert "<svg" not in html.split('class="cpts-dashboard-map"')[1][:500]
