"""No inline script or style anywhere: the Content-Security-Policy forbids them (checked in Chromium, see the note)."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

INLINE_STYLE = re.compile(r"\sstyle\s*=|<style[\s>]", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE)


def templates():
    root = Path(settings.BASE_DIR)
    folders = [root / "templates", *root.glob("*/templates")]
    return sorted(path for folder in folders for path in folder.rglob("*.html"))


def test_no_template_has_an_inline_script_style_or_event_handler():
    offenders = [
        str(path.relative_to(settings.BASE_DIR))
        for path in templates()
        if INLINE_STYLE.search(text := path.read_text(encoding="utf-8"))
        or INLINE_SCRIPT.search(text)
        or EVENT_HANDLER.search(text)
    ]
    assert offenders == []


def test_the_map_and_the_dashboard_carry_no_inline_style(staff_client):
    for url in (reverse("home"), reverse("cpts:map")):
        page = staff_client.get(url).content.decode()
        assert not INLINE_STYLE.search(page), url
        assert not INLINE_SCRIPT.search(page), url
