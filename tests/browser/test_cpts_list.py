"""The CPTS list in French order, as a reader looks for "CPTS de Guérande" under G."""

import pytest
from django.urls import reverse

from tests.cpts.factories import CPTSFactory
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_sorting_the_cpts_list_by_name_files_cpts_de_guerande_among_the_gs(open_as):
    for name in ["CPTS Vallée du Loir", "CPTS de Guérande", "CPTS du Choletais", "CPTS Grand Saumurois", "CPTS Sèvre"]:
        CPTSFactory(name=name)
    page = open_as(StaffUserFactory(username="claire"), reverse("cpts:cpts_list") + "?tri=-nom")
    page.get_by_role("link", name="Nom").click()
    page.wait_for_url("**tri=nom**")
    names = page.locator("table tbody tr td:first-child, table tbody tr th:first-child").all_inner_texts()
    names = [name.strip().splitlines()[0] for name in names]
    assert names == [
        "CPTS du Choletais",
        "CPTS Grand Saumurois",
        "CPTS de Guérande",
        "CPTS Sèvre",
        "CPTS Vallée du Loir",
    ]
