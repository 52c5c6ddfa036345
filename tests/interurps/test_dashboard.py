"""The registry through which apps contribute panels to the dashboard (the home page)."""

import datetime

import pytest
from django.test import RequestFactory

from interurps import dashboard
from tests.factories import BoardUserFactory, MeetingFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(monkeypatch):
    """An empty registry for the test, the apps' panels put back afterwards."""
    monkeypatch.setattr(dashboard, "_panels", {})
    return dashboard


@pytest.fixture(autouse=True)
def panel_templates(settings):
    """The panels' templates of these tests, from memory."""
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "DIRS": [],
            "APP_DIRS": False,
            "OPTIONS": {
                **settings.TEMPLATES[0]["OPTIONS"],
                "loaders": [
                    (
                        "django.template.loaders.locmem.Loader",
                        {"panel.html": "Bonjour {{ data.name }} ({{ data.built }})"},
                    )
                ],
            },
        }
    ]


BUILDS = []


def build_greeting(request):
    BUILDS.append(request.user.username)
    return {"name": request.user.username, "built": len(BUILDS)}


def register(registry, key, order=10, permission=None, stylesheets=(), cached=False):
    registry.register_panel(
        key=key,
        title=key.title(),
        order=order,
        build="tests.interurps.test_dashboard.build_greeting",
        template="panel.html",
        permission=permission,
        stylesheets=stylesheets,
        cached=cached,
    )


def request_of(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_panels_come_in_their_order(registry):
    register(registry, "b", order=20)
    register(registry, "a", order=10)
    assert [panel.key for panel in registry.panels()] == ["a", "b"]


def test_registering_the_same_panel_twice_keeps_one(registry):
    register(registry, "a")
    register(registry, "a")
    assert len(registry.panels()) == 1


def test_registering_a_key_again_differently_is_refused(registry):
    register(registry, "a")
    with pytest.raises(ValueError, match="already registered differently"):
        register(registry, "a", order=99)


def test_a_user_sees_only_the_panels_their_role_allows(registry):
    register(registry, "public")
    register(registry, "cpts", permission="cpts.view_cpts")
    assert [panel.key for panel in registry.panels_for(BoardUserFactory())] == ["cpts", "public"]  # same order: by key
    assert [panel.key for panel in registry.panels_for(UserFactory())] == ["public"]


def test_built_panels_carry_their_data_and_their_style_sheets_once(registry):
    register(registry, "a", stylesheets=["app/a.css", "app/shared.css"])
    register(registry, "b", order=20, stylesheets=["app/shared.css"])
    request = RequestFactory().get("/")
    request.user = UserFactory(username="camille")
    BUILDS.clear()
    built = registry.build_panels(request)
    assert [(panel.key, panel.data, panel.anchor, panel.html) for panel in built] == [
        ("a", {"name": "camille", "built": 1}, "panneau-a", "Bonjour camille (1)"),
        ("b", {"name": "camille", "built": 2}, "panneau-b", "Bonjour camille (2)"),
    ]
    assert registry.stylesheets_of(built) == ["app/a.css", "app/shared.css"]


def test_a_panel_not_cached_is_built_for_each_request(registry):
    register(registry, "a")
    user = UserFactory()
    BUILDS.clear()
    registry.build_panels(request_of(user))
    registry.build_panels(request_of(user))
    assert len(BUILDS) == 2


def test_a_cached_panel_is_built_again_only_when_a_record_changes(registry):
    register(registry, "a", cached=True)
    first, second = UserFactory(username="camille"), UserFactory(username="dominique")
    BUILDS.clear()
    [built] = registry.build_panels(request_of(first))
    [again] = registry.build_panels(request_of(second))
    assert (built.html, again.html, again.data) == ("Bonjour camille (1)", "Bonjour camille (1)", None)
    assert BUILDS == ["camille"]
    MeetingFactory()
    [after] = registry.build_panels(request_of(second))
    assert after.html == "Bonjour dominique (2)"
    assert BUILDS == ["camille", "dominique"]


def test_a_cached_panel_is_built_again_the_next_day(registry, frozen_clock):
    register(registry, "a", cached=True)
    user = UserFactory()
    BUILDS.clear()
    registry.build_panels(request_of(user))
    frozen_clock.shift(datetime.timedelta(days=1))
    registry.build_panels(request_of(user))
    assert len(BUILDS) == 2


def test_the_cpts_app_registers_its_panels():
    keys = {panel.key: panel for panel in dashboard.panels()}
    assert keys["cpts"].permission == "cpts.view_cpts"
    assert keys["cpts-suivi"].template == "cpts/dashboard_watch.html"
