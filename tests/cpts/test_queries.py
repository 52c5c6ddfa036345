"""The reads that lists, exports and the dashboard use take the same number of queries for 10 or 200 CPTS."""

from datetime import date

import pytest

from cpts import selectors
from cpts.enums import Stage
from cpts.models import CPTS, Adhesion, StageChange
from cpts.resources import CPTSResource
from interurps.models import Commune
from tests.cpts.factories import signed_cpts, step
from tests.factories import DepartmentFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


def make_cpts(count):
    """`count` CPTS with two communes each (one shared with the next CPTS), a stage, an adhesion count
    and a referent; the last one has signed its ACI."""
    department = DepartmentFactory()
    communes = Commune.objects.bulk_create(
        Commune(insee_code=f"72{i:03d}", name=f"Commune {i}", department=department, population=10_000 + i)
        for i in range(count + 1)
    )
    all_cpts = CPTS.objects.bulk_create(CPTS(name=f"CPTS {i}", department=department) for i in range(count - 1))
    links = CPTS.communes.through
    links.objects.bulk_create(
        links(cpts=cpts, commune=commune) for i, cpts in enumerate(all_cpts) for commune in communes[i : i + 2]
    )
    StageChange.objects.bulk_create(
        StageChange(cpts=cpts, stage=Stage.LETTER_OF_INTENT, date=date(2020, 1, 1)) for cpts in all_cpts
    )
    Adhesion.objects.bulk_create(
        Adhesion(cpts=cpts, date=date(2021, 1, 1), professional_count=400, member_count=80) for cpts in all_cpts
    )
    referent = StaffUserFactory()
    for cpts in all_cpts:
        cpts.referents.add(referent)
    signed_cpts(signed_on=date(2021, 3, 12), department=department)
    step(1)


def read_list():
    rows = CPTS.objects.active().with_population().with_size_class().with_current_stage()
    return [(cpts.name, cpts.population, cpts.size_class_label, cpts.current_stage_label) for cpts in rows]


def read_full_list():
    return [
        (
            cpts.department.code,
            cpts.population,
            cpts.size_class,
            cpts.current_stage,
            cpts.current_stage_date,
            cpts.overlap_count,
            cpts.adhesion_rate,
            cpts.next_step_name,
            getattr(cpts, "aci", None),
            [user.get_full_name() for user in cpts.referents.all()],
        )
        for cpts in CPTS.objects.active().for_list()
    ]


@pytest.mark.parametrize("count", [10, 200])
def test_the_list_read_takes_one_query(count, django_assert_num_queries):
    make_cpts(count)
    with django_assert_num_queries(1):
        assert len(read_list()) == count


@pytest.mark.parametrize("count", [10, 200])
def test_the_full_list_read_takes_two_queries(count, django_assert_num_queries):
    make_cpts(count)
    with django_assert_num_queries(2):
        rows = read_full_list()
    assert len(rows) == count
    assert rows[1][5] == 2  # a CPTS in the middle shares a commune with each neighbour


@pytest.mark.parametrize("count", [10, 200])
def test_the_export_takes_a_constant_number_of_queries(count, django_assert_num_queries):
    make_cpts(count)
    with django_assert_num_queries(5):
        dataset = CPTSResource().export(CPTS.objects.all())
    assert len(dataset) == count


@pytest.mark.parametrize("count", [10, 200])
def test_the_dashboard_selectors_take_a_constant_number_of_queries(count, django_assert_num_queries):
    make_cpts(count)
    with django_assert_num_queries(9):
        selectors.counts_by_stage()
        selectors.population_stats()
        selectors.coverage_by_stage()
        assert len(selectors.overlaps()) == count - 2
        selectors.aci_signed_per_year()
        selectors.stage_durations()
        selectors.region_payments(2021)
        selectors.payments_by_year()
