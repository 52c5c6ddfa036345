"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

They are skipped, with the reason, where /usr/bin/chromium is absent; `.ci/run` installs it.
The live server needs real transactions; `serialized_rollback` puts back the reference data
(roles, programmes, categories) that migrations wrote and the flush between tests removes.
"""

import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client

from interurps.models import Programme

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def reference_snapshot(django_db_setup):
    """The serialized reference data, read before Playwright starts.

    Django keeps it on the connection object, and connections are context-local: once Playwright's
    event loop runs, the ORM may hand out another connection object that lacks it.
    """
    return getattr(connection, "_test_serialized_contents", None)


@pytest.fixture(scope="module")
def browser(reference_snapshot):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} absent : installez le paquet Debian chromium pour lancer les tests navigateur")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test itself are
    # still synchronous and sequential, so Django's guard against async contexts is lifted meanwhile.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def reference_data(reference_snapshot, transactional_db):
    """Put back the reference data (roles, programmes, categories) the flush after a previous test removed."""
    if reference_snapshot and not Programme.objects.exists():
        # The flush re-ran post_migrate, which made content types, permissions and the role groups anew (but
        # not the programmes and categories of the data migrations): the snapshot's win.
        Group.objects.all().delete()
        ContentType.objects.all().delete()
        ContentType.objects.clear_cache()
        connection.creation.deserialize_db_from_string(reference_snapshot)


@pytest.fixture
def open_as(browser, live_server):
    """`open_as(user, path, viewport=DESKTOP)`: a page logged in as `user` (session cookie, no login form)."""
    contexts = []

    def open_page(user, path, viewport=DESKTOP):
        client = Client()
        client.force_login(user)
        context = browser.new_context(viewport=viewport, locale="fr-FR")
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.goto(live_server.url + path)
        return page

    yield open_page
    for context in contexts:
        context.close()
