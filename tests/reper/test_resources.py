"""Import and export of the territories' figures."""

import datetime
import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from interurps.formats import FrenchCSV
from reper.models import TerritoryFigures
from reper.resources import TerritoryFiguresResource
from tests.cpts.factories import CPTSFactory
from tests.reper.factories import FiguresFactory, TerritoryFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "territoire;période;professionnels formés;repérages (étape 1);évaluations approfondies (étape 2);"
    "plans de soins personnalisés (étape 3);nouveaux repérages à 6 mois"
)


@pytest.fixture
def retz(db):
    return TerritoryFactory(cpts=CPTSFactory(name="CPTS Pays de Retz"))


@pytest.fixture
def vendee(db):
    return TerritoryFactory(cpts=CPTSFactory(name="CPTS Centre Vendée"))


def run(*lines, dry_run=False):
    dataset = FrenchCSV().create_dataset("\n".join([HEADER, *lines]).encode("utf-8"))
    return TerritoryFiguresResource().import_data(dataset, dry_run=dry_run)


def errors(result):
    return {row.number: " ".join(row.error.messages) for row in result.invalid_rows}


def test_a_file_of_quarters_is_imported(retz, vendee):
    result = run("CPTS Pays de Retz;T3 2022;4;52;12;7;0", "CPTS Centre Vendée;T3 2022;2;20;5;3;1")
    assert not result.has_validation_errors()
    figures = TerritoryFigures.objects.get(territory=retz)
    assert (figures.period_start, figures.period_end, figures.screenings) == (
        datetime.date(2022, 7, 1),
        datetime.date(2022, 9, 30),
        52,
    )
    assert TerritoryFigures.objects.count() == 2


def test_a_territory_is_found_with_or_without_cpts_in_its_name(retz):
    result = run("Pays de Retz;T3 2022;4;52;12;7;0")
    assert not result.has_validation_errors()
    assert TerritoryFigures.objects.get().territory == retz


def test_a_recorded_quarter_is_updated_not_duplicated(retz):
    FiguresFactory(territory=retz, screenings=40)
    result = run("CPTS Pays de Retz;T3 2022;4;52;12;7;0")
    assert not result.has_validation_errors()
    assert TerritoryFigures.objects.get().screenings == 52


def test_a_quarter_twice_in_the_file_is_refused_in_french_and_nothing_is_written(retz):
    result = run("CPTS Pays de Retz;T3 2022;4;52;12;7;0", "CPTS Pays de Retz;2022-T3;1;1;1;1;1")
    assert errors(result) == {
        1: "Cette ligne et la ligne 3 désignent le même trimestre du même territoire : gardez-en une seule.",
        2: "Cette ligne et la ligne 2 désignent le même trimestre du même territoire : gardez-en une seule.",
    }
    assert not TerritoryFigures.objects.exists()


def test_an_unknown_territory_and_a_bad_period_are_reported_per_row(retz):
    result = run("CPTS Inconnue;T3 2022;4;52;12;7;0", "CPTS Pays de Retz;T5 2022;4;52;12;7;0")
    found = errors(result)
    assert "Territoire d'expérimentation inconnu : « CPTS Inconnue »" in found[1]
    assert "Période « T5 2022 » non reconnue" in found[2]
    assert not TerritoryFigures.objects.exists()


def test_a_negative_or_missing_count_is_refused_in_french(retz):
    result = run("CPTS Pays de Retz;T3 2022;4;-2;12;7;0", "CPTS Pays de Retz;T4 2022;4;;12;7;0")
    found = errors(result)
    assert "Un nombre ne peut pas être négatif : « -2 »." in found[1]
    assert "Nombre manquant (écrivez 0 s'il n'y en a pas)." in found[2]
    assert not TerritoryFigures.objects.exists()


def test_a_period_overlapping_a_recorded_one_is_refused(retz):
    FiguresFactory(territory=retz)
    result = run("CPTS Pays de Retz;du 01/09/2022 au 31/10/2022;4;52;12;7;0")
    assert "chevauche la période T3 2022" in errors(result)[1]
    assert TerritoryFigures.objects.count() == 1


def test_a_file_without_a_figure_column_is_refused_as_a_whole(retz):
    dataset = FrenchCSV().create_dataset(b"territoire;p\xc3\xa9riode\nCPTS Pays de Retz;T3 2022\n")
    result = TerritoryFiguresResource().import_data(dataset)
    assert result.has_errors()
    assert "Colonnes manquantes : professionnels formés" in str(result.base_errors[0].error)


def test_an_export_imports_back_unchanged(retz):
    FiguresFactory(territory=retz, screenings=40, notes="Premier trimestre complet")
    exported = FrenchCSV().export_data(TerritoryFiguresResource().export(TerritoryFigures.objects.all()))
    result = TerritoryFiguresResource().import_data(FrenchCSV().create_dataset(exported))
    assert not result.has_validation_errors()
    assert result.totals["skip"] == 1
    assert TerritoryFigures.objects.count() == 1


def test_the_staff_import_page_previews_then_writes_the_figures(client, retz):
    from tests.factories import StaffUserFactory

    client.force_login(StaffUserFactory())
    url = reverse("interurps:import", args=["reper-chiffres"])
    content = f"{HEADER}\nCPTS Pays de Retz;T3 2022;4;52;12;7;0\n".encode()
    preview = client.post(url, {"file": SimpleUploadedFile("chiffres.csv", content)})
    assert not TerritoryFigures.objects.exists()
    assert "CPTS Pays de Retz" in html.unescape(preview.content.decode())
    client.post(reverse("interurps:import_confirm", args=["reper-chiffres"]), {"token": preview.context["token"]})
    assert TerritoryFigures.objects.get().screenings == 52
