"""The reads of the CPTS page and of its territory editor, moved out of the views: a fixed number of queries."""

import datetime

import pytest

from cpts import selectors
from cpts.services import complete_step
from tests.cpts.factories import CPTSFactory, step
from tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db


def test_the_steps_of_the_method_come_with_the_completions_of_the_cpts_in_two_queries(django_assert_num_queries):
    cpts = CPTSFactory()
    done = complete_step(cpts, step(2), datetime.date(2021, 3, 1))
    with django_assert_num_queries(2):
        steps = selectors.steps_with_completions(cpts)
    assert [(item.order, completion) for item, completion in steps[:3]] == [(1, None), (2, done), (3, None)]


@pytest.mark.parametrize("count", [1, 12])
def test_the_territory_communes_come_by_name_in_one_query(count, django_assert_num_queries):
    communes = [CommuneFactory(name=f"Commune {index:02}") for index in reversed(range(count))]
    cpts = CPTSFactory(communes=communes)
    with django_assert_num_queries(1):
        names = [commune.name for commune in selectors.territory_communes(cpts)]
    assert names == sorted(names) and len(names) == count


@pytest.mark.parametrize("count", [1, 12])
def test_the_running_total_takes_two_queries_whatever_the_number_of_communes(count, django_assert_num_queries):
    communes = [CommuneFactory(population=1_000) for _ in range(count)]
    CPTSFactory(name="CPTS Voisine", communes=communes)
    cpts = CPTSFactory()
    with django_assert_num_queries(2):
        summary = selectors.territory_summary(cpts, [commune.pk for commune in communes])
    assert (summary.commune_count, summary.population, len(summary.claimed)) == (count, count * 1_000, count)
