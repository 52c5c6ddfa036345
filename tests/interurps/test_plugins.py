"""Programmes plug in: the core's registries, what the apps register, roles, and programmes switched off."""

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse

from interurps import registry
from interurps.roles import ADMINISTRATOR, BOARD, STAFF
from tests.cpts.factories import CPTSFactory
from tests.factories import MeetingFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def empty_registries(monkeypatch):
    """Registries of this test only: the apps' registrations stay as they are."""
    for name in ["_menu", "_pages", "_urls", "_roles", "_meeting_extensions", "_various_meetings"]:
        monkeypatch.setattr(registry, name, {})


# --- Registration and duplicates ------------------------------------------------------------


def test_menu_entries_come_in_order_whatever_the_order_of_registration(empty_registries):
    registry.register_menu_entry(key="b", label="B", url_name="b:home", order=20)
    registry.register_menu_entry(key="a", label="A", url_name="a:home", order=10)
    assert [entry.label for entry in registry.menu_entries()] == ["A", "B"]


def test_registering_the_same_menu_entry_twice_keeps_one(empty_registries):
    for _ in range(2):
        registry.register_menu_entry(key="a", label="A", url_name="a:home", order=10)
    assert len(registry.menu_entries()) == 1


def test_a_menu_key_registered_differently_is_refused(empty_registries):
    registry.register_menu_entry(key="a", label="A", url_name="a:home", order=10)
    with pytest.raises(ValueError, match="'a' is already registered differently"):
        registry.register_menu_entry(key="a", label="Autre", url_name="a:home", order=10)


def test_main_pages_are_the_menu_then_the_other_pages_each_once(empty_registries):
    registry.register_menu_entry(key="a", label="A", url_name="a:home", order=10)
    registry.register_page("a:map")
    registry.register_page("a:home")
    assert registry.main_pages() == ["a:home", "a:map"]


def test_two_apps_cannot_take_the_same_url_prefix(empty_registries):
    registry.register_urls(key="a", prefix="a/", module="a.urls")
    with pytest.raises(ValueError, match="already taken by 'a'"):
        registry.register_urls(key="b", prefix="a/", module="b.urls")


def test_an_app_declares_its_roles_once(empty_registries):
    registry.register_roles(app_label="a", admin_only_models=["reference"])
    registry.register_roles(app_label="a", admin_only_models=["reference"])
    with pytest.raises(ValueError):
        registry.register_roles(app_label="a", admin_only_models=[])


class FirstExtension(registry.MeetingExtension):
    key = "things"


class OtherExtension(registry.MeetingExtension):
    key = "things"


def test_a_meeting_extension_registered_twice_is_kept_once(empty_registries):
    registry.register_meeting_extension(FirstExtension())
    registry.register_meeting_extension(FirstExtension())
    assert registry.meeting_extensions() == [FirstExtension()]


def test_two_meeting_extensions_cannot_add_the_same_field(empty_registries):
    registry.register_meeting_extension(FirstExtension())
    with pytest.raises(ValueError, match="'things'"):
        registry.register_meeting_extension(OtherExtension())


def test_a_various_meetings_list_registered_differently_is_refused(empty_registries):
    registry.register_various_meetings(key="days", title="Journées", programme="p", category="day", order=1)
    with pytest.raises(ValueError):
        registry.register_various_meetings(key="days", title="Autres", programme="p", category="day", order=1)


# --- What the installed apps register -------------------------------------------------------


def test_the_menu_holds_the_core_and_every_installed_programme_in_order():
    assert [entry.label for entry in registry.menu_entries()] == [
        "Tableau de bord",
        "CPTS",
        "Réunions",
        "SAS",
        "REPER",
        "PACTE",
        "Contacts",
        "Rapport annuel",
    ]


def test_the_main_pages_include_the_cpts_map_the_bench_times():
    assert "cpts:map" in registry.main_pages()


def test_the_staff_menu_shows_every_programme(staff_client):
    navigation = staff_client.get(reverse("home")).context["navigation"]
    assert [item["label"] for item in navigation][:6] == [
        "Tableau de bord",
        "CPTS",
        "Réunions",
        "SAS",
        "REPER",
        "PACTE",
    ]


def test_the_meeting_list_has_the_cpts_column_of_the_cpts_app(staff_client):
    saumurois = CPTSFactory(name="CPTS du Grand Saumurois")
    MeetingFactory(title="Quintet du Saumurois").cpts.add(saumurois)
    content = staff_client.get(reverse("interurps:meeting_list") + "?qui=toutes").content.decode()
    assert re.search(r'<th scope="col"\s*>CPTS</th>', content)
    assert f'<a href="{reverse("cpts:cpts", args=[saumurois.pk])}">CPTS du Grand Saumurois</a>' in content


def test_the_meeting_page_shows_the_cpts_block_of_the_cpts_app(staff_client):
    meeting = MeetingFactory()
    meeting.cpts.add(CPTSFactory(name="CPTS Èvre et Mauges"))
    content = staff_client.get(reverse("interurps:meeting", args=[meeting.pk])).content.decode()
    assert "<dt>CPTS</dt>" in content
    assert "CPTS Èvre et Mauges</a>" in content


def test_the_meeting_form_places_the_cpts_field_in_the_essentials(staff_client):
    form = staff_client.get(reverse("interurps:meeting_create")).context["form"]
    assert form.fieldsets[0].names[-1] == "cpts"


# --- Roles ----------------------------------------------------------------------------------


def codenames(group_name):
    return set(Group.objects.get(name=group_name).permissions.values_list("codename", flat=True))


def test_staff_edit_business_data_and_only_read_the_reference_data_an_app_declares(db):
    staff = codenames(STAFF)
    assert {"change_cpts", "change_cohort", "change_meeting", "view_accompanimentstep"} <= staff
    assert not {"change_accompanimentstep", "change_commune", "add_user"} & staff


def test_the_board_reads_and_exports_the_report(db):
    board = codenames(BOARD)
    assert {"view_cpts", "view_sasindicator", "export_report"} <= board
    assert not {name for name in board if not name.startswith("view_")} - {"export_report"}


def test_migrate_gives_existing_groups_their_permissions_back(db):
    Group.objects.get(name=STAFF).permissions.clear()
    call_command("migrate", verbosity=0, interactive=False)
    assert "change_cpts" in codenames(STAFF)


def test_sync_roles_command_restores_the_administrator_group(db):
    Group.objects.get(name=ADMINISTRATOR).delete()
    call_command("sync_roles", stdout=io.StringIO())
    assert Group.objects.get(name=ADMINISTRATOR).permissions.count() == Permission.objects.count()


# --- Programmes switched off ----------------------------------------------------------------


def run_switched_off(programmes):
    """The main pages of an instance running only `programmes`, opened in a fresh process."""
    environment = {
        **os.environ,
        "PROGRAMMES": programmes,
        "DATABASE_URL": "sqlite://:memory:",
        "DEBUG": "True",
        "SECRET_KEY": "test-only",
        "DJANGO_SETTINGS_MODULE": "interurps.settings",
    }
    completed = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "interurps" / "programme_switch.py")],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return json.loads(completed.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("programmes", "removed", "menu"),
    [
        ("sas,reper", "pacte", ["Tableau de bord", "CPTS", "Réunions", "SAS", "REPER", "Contacts", "Rapport annuel"]),
        ("reper,pacte", "sas", ["Tableau de bord", "CPTS", "Réunions", "REPER", "PACTE", "Contacts", "Rapport annuel"]),
    ],
    ids=["sans PACTE", "sans SAS"],
)
def test_a_programme_switched_off_vanishes_and_the_rest_runs(programmes, removed, menu):
    result = run_switched_off(programmes)
    assert removed not in result["installed"]
    assert {name: page["status"] for name, page in result["pages"].items()} == dict.fromkeys(result["pages"], 200)
    assert all(page["menu"] == menu for page in result["pages"].values())
    assert removed not in result["report_chapters"]
    assert "cpts" in result["report_chapters"]
    assert result["programme_urls"][removed] == 404
    assert result["programme_urls"]["cpts"] == 200
    assert removed not in result["roles"]
