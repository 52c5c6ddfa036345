"""French order on the database itself (run on SQLite and on PostgreSQL by CI)."""

import pytest

from cpts.models import CPTS
from cpts.ordering import cpts_sort_key
from interurps.collation import Fold, fold, french
from interurps.models import Person
from tests.cpts.factories import CPTSFactory
from tests.factories import PersonFactory


def test_fold_lowers_and_strips_accents_and_typographic_apostrophes():
    assert fold("Éloïse L’Hôte-Cœur") == "eloise l'hote-coeur"


@pytest.mark.django_db
def test_the_database_folds_like_python():
    PersonFactory(first_name="Élodie", last_name="L’HÔTE")
    folded = Person.objects.annotate(folded=Fold("last_name")).values_list("folded", flat=True).get()
    assert folded == "l'hote"


@pytest.mark.django_db
def test_names_sort_with_accents_and_case_aside():
    for last_name in ["Sud", "sèvre", "Émery", "Zola", "eric"]:
        PersonFactory(first_name="A", last_name=last_name)
    names = Person.objects.order_by(french("last_name")).values_list("last_name", flat=True)
    assert list(names) == ["Émery", "eric", "sèvre", "Sud", "Zola"]


@pytest.mark.django_db
def test_cpts_sort_under_the_word_after_the_prefix_and_the_article():
    for name in [
        "CPTS Vallée du Loir",
        "CPTS de Guérande",
        "CPTS du Choletais",
        "CPTS du Maine",
        "CPTS Sud-Vendée",
        "CPTS Sèvre et Loire",
        "CPTS de l'Erdre",
        "CPTS des Mauges",
    ]:
        CPTSFactory(name=name)
    assert list(CPTS.objects.order_by(cpts_sort_key()).values_list("name", flat=True)) == [
        "CPTS du Choletais",
        "CPTS de l'Erdre",
        "CPTS de Guérande",
        "CPTS du Maine",
        "CPTS des Mauges",
        "CPTS Sèvre et Loire",
        "CPTS Sud-Vendée",
        "CPTS Vallée du Loir",
    ]
