"""The guards of `load_demo` (what it loads is tested in tests/test_demo.py)."""

import io

import pytest
from django.core.management import CommandError, call_command


def test_load_demo_is_refused_when_debug_is_off(settings):
    settings.DEBUG = False  # as in production (and in tests, where Django turns it off)

    with pytest.raises(CommandError, match="DEBUG=True"):
        call_command("load_demo", stdout=io.StringIO())


def test_load_demo_asks_for_the_communes_first(db):
    with pytest.raises(CommandError, match="load_communes"):
        call_command("load_demo", force=True, stdout=io.StringIO())
