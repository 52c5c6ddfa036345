from datetime import date

import pytest
from django.core.exceptions import ValidationError

from cpts.enums import SizeClass, Stage, size_class
from cpts.models import CPTS
from cpts.selectors import overlap_summary, overlaps, territory_overlaps
from cpts.services import move_to_stage, parse_insee_codes, set_territory
from tests.cpts.factories import CPTSFactory, cpts_with_population
from tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("population", "expected"),
    [
        (1, SizeClass.ONE),
        (39_999, SizeClass.ONE),
        (40_000, SizeClass.TWO),
        (79_999, SizeClass.TWO),
        (80_000, SizeClass.THREE),
        (174_999, SizeClass.THREE),
        (175_000, SizeClass.FOUR),
        (1_000_000, SizeClass.FOUR),
    ],
)
def test_size_class_boundaries(population, expected):
    assert size_class(population) == expected


def test_an_empty_territory_has_no_size_class():
    assert size_class(0) is None
    assert size_class(None) is None


@pytest.mark.parametrize("population", [39_999, 40_000, 79_999, 80_000, 174_999, 175_000])
def test_size_class_annotation_agrees_with_the_function(population):
    cpts = cpts_with_population(population)
    assert CPTS.objects.with_size_class().get(pk=cpts.pk).size_class == size_class(population)


def test_size_class_annotation_is_none_for_a_cpts_without_communes():
    cpts = CPTSFactory()
    annotated = CPTS.objects.with_size_class().get(pk=cpts.pk)
    assert annotated.population == 0
    assert annotated.size_class is None
    assert annotated.size_class_label == "territoire non renseigné"


def test_population_is_the_sum_of_the_communes_populations():
    cpts = CPTSFactory(communes=[CommuneFactory(population=30_000), CommuneFactory(population=15_500)])
    annotated = CPTS.objects.with_population().get(pk=cpts.pk)
    assert annotated.population == 45_500
    assert annotated.commune_count == 2


def test_declared_population_overrides_the_sum_of_the_communes():
    cpts = CPTSFactory(
        communes=[CommuneFactory(population=30_000)],
        declared_population=88_000,
        declared_population_note="projet de santé du 12/03/2021",
    )
    annotated = CPTS.objects.with_size_class().get(pk=cpts.pk)
    assert annotated.population == 88_000
    assert annotated.communes_population == 30_000
    assert annotated.size_class == SizeClass.THREE


def test_declared_population_needs_its_source():
    cpts = CPTSFactory.build(declared_population=88_000, department=CPTSFactory().department)
    with pytest.raises(ValidationError) as error:
        cpts.full_clean()
    assert "Indiquez d'où vient la population déclarée" in str(error.value.message_dict["declared_population_note"])


def test_population_annotation_does_not_multiply_with_other_annotations():
    cpts = CPTSFactory(communes=[CommuneFactory(population=10_000), CommuneFactory(population=20_000)])
    move_to_stage(cpts, Stage.PRE_PROJECT, date(2020, 1, 1))
    move_to_stage(cpts, Stage.LETTER_OF_INTENT, date(2020, 6, 1))
    annotated = CPTS.objects.for_list().get(pk=cpts.pk)
    assert annotated.population == 30_000
    assert annotated.current_stage == Stage.LETTER_OF_INTENT


def test_two_active_cpts_sharing_a_commune_are_both_flagged():
    shared = CommuneFactory()
    first = CPTSFactory(communes=[shared, CommuneFactory()])
    second = CPTSFactory(communes=[shared])
    alone = CPTSFactory(communes=[CommuneFactory()])
    counts = dict(CPTS.objects.with_overlap_count().values_list("pk", "overlap_count"))
    assert counts == {first.pk: 1, second.pk: 1, alone.pk: 0}


def test_an_abandoned_cpts_does_not_count_as_an_overlap():
    shared = CommuneFactory()
    active = CPTSFactory(communes=[shared])
    abandoned = CPTSFactory(communes=[shared])
    move_to_stage(abandoned, Stage.PRE_PROJECT, date(2019, 1, 1))
    move_to_stage(abandoned, Stage.ABANDONED, date(2020, 1, 1))
    counts = dict(CPTS.objects.with_overlap_count().values_list("pk", "overlap_count"))
    assert counts == {active.pk: 0, abandoned.pk: 0}
    assert overlaps() == []


def test_overlaps_list_each_shared_commune_with_its_cpts():
    shared = CommuneFactory(name="Ancenis-Saint-Géréon")
    first = CPTSFactory(name="CPTS Ancenis", communes=[shared])
    second = CPTSFactory(name="CPTS Erdre et Canal", communes=[shared, CommuneFactory()])
    [overlap] = overlaps()
    assert overlap.commune == shared
    assert overlap.cpts == [first, second]


def test_set_territory_replaces_the_communes_and_reports_overlaps():
    shared, own, old = CommuneFactory(), CommuneFactory(), CommuneFactory()
    CPTSFactory(communes=[shared])
    cpts = CPTSFactory(communes=[old])
    assert set_territory(cpts, [shared, own]) == [shared]
    assert set(cpts.communes.all()) == {shared, own}
    assert territory_overlaps(cpts) == [shared]


def test_parse_insee_codes_accepts_spaces_commas_semicolons_and_new_lines():
    a, b, c, d = (CommuneFactory(insee_code=code) for code in ["44109", "44003", "85191", "2A004"])
    assert parse_insee_codes("44109, 44003;85191\n2a004\t44109") == [a, b, c, d]


def test_parse_insee_codes_restores_a_leading_zero_lost_in_a_spreadsheet():
    commune = CommuneFactory(insee_code="01004")
    assert parse_insee_codes("1004") == [commune]


def test_parse_insee_codes_reports_unknown_codes_in_french():
    CommuneFactory(insee_code="44109")
    with pytest.raises(ValidationError) as error:
        parse_insee_codes("44109 44999 85000")
    assert error.value.messages == ["Codes INSEE inconnus : 44999, 85000."]


def test_parse_insee_codes_reports_what_is_not_a_code():
    CommuneFactory(insee_code="44109", population=300_000)  # the region's largest commune is the example
    with pytest.raises(ValidationError) as error:
        parse_insee_codes("Nantes")
    assert error.value.messages == ["« Nantes » n'est pas un code INSEE (5 caractères, par exemple 44109)."]


def test_parse_insee_codes_of_an_empty_text_is_an_empty_territory():
    assert parse_insee_codes(" \n ") == []


def test_the_overlap_summary_gives_the_first_shared_communes_by_name_and_how_many_there_are():
    communes = [CommuneFactory(name=name) for name in ("Cholet", "Ancenis", "Blain")]
    CPTSFactory(name="CPTS Une", communes=communes)
    CPTSFactory(name="CPTS Deux", communes=communes[:2] + [CommuneFactory(name="Aigné")])
    CPTSFactory(name="CPTS Trois", communes=communes[1:])
    summary = overlap_summary(2)
    assert summary.count == 3
    assert [(overlap.commune.name, [cpts.name for cpts in overlap.cpts]) for overlap in summary.first] == [
        ("Ancenis", ["CPTS Deux", "CPTS Trois", "CPTS Une"]),
        ("Blain", ["CPTS Trois", "CPTS Une"]),
    ]
