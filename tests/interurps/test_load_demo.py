"""The guards of `load_demo` (what it loads is tested in tests/test_demo.py)."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from interurps.demo_loader import MeetingSpec, save_meetings
from interurps.models import Meeting
from tests.factories import rename_category


def test_load_demo_is_refused_when_debug_is_off(settings):
    settings.DEBUG = False  # as in production (and in tests, where Django turns it off)

    with pytest.raises(CommandError, match="DEBUG=True"):
        call_command("load_demo", stdout=io.StringIO())


def test_load_demo_asks_for_the_communes_first(db):
    with pytest.raises(CommandError, match="load_communes"):
        call_command("load_demo", force=True, stdout=io.StringIO())


def test_demo_meetings_find_a_renamed_category_by_its_code(db):
    rename_category("cpts", "quintet", "Comité quintet")
    spec = MeetingSpec(date=datetime.date(2021, 3, 1), title="Quintet de mars", category=("cpts", "quintet"))
    meeting = save_meetings([spec])[spec.date, spec.title]
    assert (meeting.category.code, meeting.category.name) == ("quintet", "Comité quintet")


def test_demo_meetings_refuse_an_unknown_category(db):
    spec = MeetingSpec(date=datetime.date(2021, 3, 1), title="Réunion", category=("cpts", "inconnue"))
    with pytest.raises(ValueError, match="cpts · inconnue"):
        save_meetings([spec])


def test_load_demo_leaves_another_region_empty_and_says_why(db, settings):
    settings.REGION_NAME = "Bretagne"
    settings.REGION_DEPARTMENTS = ["22", "29", "35", "56"]
    out = io.StringIO()
    call_command("load_demo", force=True, stdout=out)
    assert "Données de démonstration non chargées" in out.getvalue()
    assert "cette instance sert Bretagne (22, 29, 35, 56)" in out.getvalue()
    assert not Meeting.objects.exists()
