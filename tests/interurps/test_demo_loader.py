"""The demo data's loader: JSON files read with their dates, meetings files turned into meetings, the registry."""

import datetime
import json
from pathlib import Path

import pytest
from django.apps import apps

from interurps import demo_loader, registry
from tests.factories import OrganisationFactory, PersonFactory, UserFactory

ENTRIES = [
    {"date": "2021-03-09", "title": "Assemblée générale", "programmes": ["association"], "mode": "remote"},
    {"dates": ["2021-01-12", "2021-01-26"], "title": "Quintet", "staff": ["jeanne.test"], "comment": "ignoré"},
    {
        "series": {"seed": "essai", "count": 3, "start": "2021-06-14", "end": "2021-12-17"},
        "titles": ["Réunion A", "Réunion B"],
        "modes": ["remote", "in_person"],
        "first": {"is_highlight": True, "highlight_summary": "La première"},
        "organisations": ["ARS"],
        "people": [["Lucie", "Témoin"]],
        "links": {"groupe": ["un"]},
    },
    {"generate": "custom", "title": "Générée"},
]


def test_read_gives_the_iso_dates_of_a_file_as_dates():
    staff = demo_loader.read("interurps", "staff")

    assert {"username": "jean.cassard", "start_date": datetime.date(2021, 6, 14)}.items() <= staff[3].items()


def test_every_registered_demo_has_data_files_and_a_load():
    for demo in registry.demos():
        files = sorted((Path(apps.get_app_config(demo.app_label).path) / "demo_data").glob("*.json"))
        assert files, demo.app_label
        for path in files:
            assert json.loads(path.read_text(encoding="utf-8")), path
        assert callable(demo.load_function())


def test_demos_are_registered_by_every_app_in_installed_apps_order():
    assert [demo.app_label for demo in registry.demos()] == ["interurps", "cpts", "sas", "reper", "pacte"]


def test_spread_dates_draws_the_same_days_for_the_same_seed_one_in_each_slice():
    days = demo_loader.spread_dates(demo_loader.rng("graine"), datetime.date(2021, 1, 4), datetime.date(2021, 1, 29), 4)

    assert days == demo_loader.spread_dates(
        demo_loader.rng("graine"), datetime.date(2021, 1, 4), datetime.date(2021, 1, 29), 4
    )
    assert [day.isocalendar().week for day in days] == [1, 2, 3, 4]  # 20 working days, 5 a slice
    assert all(day.weekday() < 5 for day in days)


def test_spread_dates_refuses_more_meetings_than_days():
    with pytest.raises(ValueError, match="Pas assez de jours"):
        demo_loader.spread_dates(demo_loader.rng("x"), datetime.date(2021, 1, 4), datetime.date(2021, 1, 5), 3)


@pytest.mark.django_db
def test_meeting_specs_read_single_meetings_dates_series_and_generated_ones_in_order():
    user = UserFactory(username="jeanne.test")
    ars = OrganisationFactory(name="Agence régionale de santé", acronym="ARS")
    witness = PersonFactory(first_name="Lucie", last_name="Témoin")

    def custom(entry):
        return [demo_loader.spec(entry, datetime.date(2021, 12, 1), mode="hybrid")]

    specs = demo_loader.meeting_specs(demo_loader._dates(ENTRIES), generate={"custom": custom})

    assert [(spec.date, spec.title) for spec in specs[:3]] == [
        (datetime.date(2021, 3, 9), "Assemblée générale"),
        (datetime.date(2021, 1, 12), "Quintet"),
        (datetime.date(2021, 1, 26), "Quintet"),
    ]
    assert specs[0].programmes == ("association",) and specs[0].mode == "remote"
    assert specs[1].staff == [user] and specs[1].notes == demo_loader.DEMO_NOTE
    series = specs[3:6]
    assert [spec.title for spec in series] == ["Réunion A", "Réunion B", "Réunion A"]
    assert [spec.is_highlight for spec in series] == [True, False, False]
    assert series[0].highlight_summary == "La première"
    assert all(spec.organisations == [ars] and spec.people == [witness] for spec in series)
    assert all(datetime.date(2021, 6, 14) <= spec.date <= datetime.date(2021, 12, 17) for spec in series)
    assert {spec.mode for spec in series} <= {"remote", "in_person"}
    assert series[0].links == {"groupe": ["un"]}
    assert (specs[6].title, specs[6].mode) == ("Générée", "hybrid")


@pytest.mark.django_db
def test_series_of_one_seed_share_its_generator_and_give_the_same_days_on_every_run():
    UserFactory(username="jeanne.test")
    OrganisationFactory(acronym="ARS")
    PersonFactory(first_name="Lucie", last_name="Témoin")
    entries = demo_loader._dates(ENTRIES[2:3] * 2)

    first_run = [spec.date for spec in demo_loader.meeting_specs(entries)]
    second_run = [spec.date for spec in demo_loader.meeting_specs(entries)]

    assert first_run == second_run
    assert first_run[:3] != first_run[3:]  # the second series continues the generator of the first
