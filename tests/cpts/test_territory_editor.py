"""The territory editor: the running total's JSON, the commune picker and its « déjà dans la CPTS X » flag."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cpts.enums import SizeClass, Stage
from cpts.services import move_to_stage
from interurps.models import Commune
from tests.cpts.factories import CPTSFactory
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def loire():
    department = DepartmentFactory(code="44", name="Loire-Atlantique")
    return {
        code: Commune.objects.create(insee_code=code, name=name, department=department, population=population)
        for code, name, population in [
            ("44001", "Abbaretz", 2_000),
            ("44002", "Aigrefeuille-sur-Maine", 3_900),
            ("44003", "Ancenis-Saint-Géréon", 11_000),
            ("44109", "Nantes", 320_000),
        ]
    }


def summary(client, cpts, **params):
    response = client.get(reverse("cpts:cpts_territory_summary", args=[cpts.pk]), params)
    assert response.status_code == 200
    return response.json()


def picker(client, cpts, q):
    response = client.get(reverse("cpts:territory_communes"), {"q": q, "cpts": cpts.pk})
    assert response.status_code == 200
    return response.json()["results"]


def test_the_total_adds_the_kept_the_picked_and_the_pasted_communes(staff_client, loire):
    cpts = CPTSFactory()
    data = summary(
        staff_client, cpts, communes=[loire["44001"].pk], added=[loire["44002"].pk], insee_codes="44003 ; 4410X"
    )
    assert (data["commune_count"], data["population"]) == (3, 16_900)
    assert (data["size_class"], data["size_label"]) == (1, SizeClass.ONE.label)


def test_the_size_class_changes_as_a_large_commune_is_added(staff_client, loire):
    cpts = CPTSFactory()
    assert summary(staff_client, cpts, communes=[loire["44003"].pk])["size_label"] == SizeClass.ONE.label
    data = summary(staff_client, cpts, communes=[loire["44003"].pk], added=[loire["44109"].pk])
    assert (data["population"], data["size_label"]) == (331_000, SizeClass.FOUR.label)


def test_an_empty_territory_says_so(staff_client, loire):
    data = summary(staff_client, CPTSFactory())
    assert (data["commune_count"], data["population"], data["size_label"]) == (0, 0, "territoire vide")


def test_the_declared_population_sets_the_size_class(staff_client, loire):
    cpts = CPTSFactory(declared_population=90_000, declared_population_note="projet de santé 2021")
    data = summary(staff_client, cpts, communes=[loire["44001"].pk])
    assert (data["population"], data["declared_population"], data["size_class"]) == (2_000, 90_000, 3)


def test_the_total_flags_a_commune_another_cpts_holds_but_not_the_cpts_itself(staff_client, loire):
    CPTSFactory(name="CPTS du Vignoble", communes=[loire["44002"]])
    cpts = CPTSFactory(name="CPTS Erdre", communes=[loire["44001"]])
    data = summary(staff_client, cpts, communes=[loire["44001"].pk], added=[loire["44002"].pk])
    assert data["claimed"] == [
        {
            "id": loire["44002"].pk,
            "name": "Aigrefeuille-sur-Maine",
            "insee_code": "44002",
            "label": "déjà dans la CPTS du Vignoble",
        }
    ]


def test_an_archived_or_abandoned_cpts_does_not_flag_its_communes(staff_client, loire):
    archived = CPTSFactory(name="CPTS Archivée", communes=[loire["44002"]])
    archived.archived_at = timezone.now()
    archived.save()
    abandoned = CPTSFactory(name="CPTS Abandonnée", communes=[loire["44002"]])
    move_to_stage(abandoned, Stage.ABANDONED, datetime.date(2021, 1, 4))
    data = summary(staff_client, CPTSFactory(), added=[loire["44002"].pk])
    assert data["claimed"] == []


def test_the_total_costs_the_same_queries_for_one_commune_or_many(staff_client, loire):
    other = CPTSFactory(name="CPTS Voisine", communes=list(loire.values()))
    cpts = CPTSFactory()
    address = reverse("cpts:cpts_territory_summary", args=[cpts.pk])

    def count(pks):
        with CaptureQueriesContext(connection) as queries:
            staff_client.get(address, {"communes": pks})
        return len(queries)

    assert count([loire["44001"].pk]) == count([commune.pk for commune in loire.values()])
    assert other.communes.count() == 4


def test_the_total_is_refused_to_the_board(board_client, loire):
    response = board_client.get(reverse("cpts:cpts_territory_summary", args=[CPTSFactory().pk]))
    assert response.status_code == 403


def test_the_picker_finds_a_commune_by_part_of_its_name_or_its_code_and_shows_its_department(staff_client, loire):
    cpts = CPTSFactory()
    assert [result["text"] for result in picker(staff_client, cpts, "ancenis")] == [
        "Ancenis-Saint-Géréon (44) — 44003 · 11\u202f000 hab."
    ]
    assert [result["id"] for result in picker(staff_client, cpts, "44109")] == [str(loire["44109"].pk)]


def test_the_picker_flags_a_commune_another_cpts_holds_before_it_is_saved(staff_client, loire):
    CPTSFactory(name="CPTS du Vignoble", communes=[loire["44002"]])
    cpts = CPTSFactory(communes=[loire["44001"]])
    (result,) = picker(staff_client, cpts, "aigre")
    assert result["text"].endswith("· déjà dans la CPTS du Vignoble")
    assert result["selected_text"] == "Aigrefeuille-sur-Maine (44) · déjà dans la CPTS du Vignoble"
    (own,) = picker(staff_client, cpts, "abba")
    assert "déjà" not in own["text"]


def test_the_kept_communes_and_the_search_without_javascript_carry_the_flag(staff_client, loire):
    CPTSFactory(name="CPTS du Vignoble", communes=[loire["44002"], loire["44003"]])
    cpts = CPTSFactory(communes=[loire["44002"]])
    response = staff_client.post(
        reverse("cpts:cpts_territory", args=[cpts.pk]),
        {"_search": "1", "q": "ancenis", "communes": [loire["44002"].pk]},
    )
    content = response.content.decode()
    assert "Aigrefeuille-sur-Maine (44002) – 3\u202f900 hab. · déjà dans la CPTS du Vignoble" in content
    assert '<span class="tag warning">déjà dans la CPTS du Vignoble</span>' in content


def test_the_territory_page_loads_its_script_from_our_static_files_and_no_inline_script(staff_client, loire):
    cpts = CPTSFactory()
    content = staff_client.get(reverse("cpts:cpts_territory", args=[cpts.pk])).content.decode()
    assert '<script src="/static/cpts/territory.js"></script>' in content
    assert f'data-territory-summary-url="{reverse("cpts:cpts_territory_summary", args=[cpts.pk])}"' in content
    assert "<script>" not in content and " style=" not in content


def test_communes_picked_in_the_picker_are_saved(staff_client, loire):
    cpts = CPTSFactory(communes=[loire["44001"]])
    response = staff_client.post(
        reverse("cpts:cpts_territory", args=[cpts.pk]),
        {"communes": [loire["44001"].pk], "added": [loire["44003"].pk, loire["44109"].pk]},
    )
    assert response.status_code == 302
    assert set(cpts.communes.values_list("insee_code", flat=True)) == {"44001", "44003", "44109"}
