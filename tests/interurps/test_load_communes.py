import io

from django.core.management import call_command

from interurps.models import Commune


def run(*args):
    out = io.StringIO()
    call_command("load_communes", *args, stdout=out)
    return out.getvalue()


def test_load_communes_fills_an_empty_database_and_keeps_imported_populations(db):
    assert "communes chargées" in run()
    nantes = Commune.objects.get(insee_code="44109")
    nantes.population = 320_000
    nantes.save()

    assert "rien à faire" in run()
    nantes.refresh_from_db()
    assert nantes.population == 320_000
