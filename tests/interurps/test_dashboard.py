"""The registry through which apps contribute panels to the dashboard (the home page)."""

import pytest
from django.test import RequestFactory

from interurps import dashboard
from tests.factories import BoardUserFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(monkeypatch):
    """An empty registry for the test, the apps' panels put back afterwards."""
    monkeypatch.setattr(dashboard, "_panels", {})
    return dashboard


def build_greeting(request):
    return {"name": request.user.username}


def register(registry, key, order=10, permission=None, stylesheets=()):
    registry.register_panel(
        key=key,
        title=key.title(),
        order=order,
        build="tests.interurps.test_dashboard.build_greeting",
        template=f"{key}.html",
        permission=permission,
        stylesheets=stylesheets,
    )


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
    built = registry.build_panels(request)
    assert [(panel.key, panel.data, panel.anchor) for panel in built] == [
        ("a", {"name": "camille"}, "panneau-a"),
        ("b", {"name": "camille"}, "panneau-b"),
    ]
    assert registry.stylesheets_of(built) == ["app/a.css", "app/shared.css"]


def test_the_cpts_app_registers_its_panels():
    keys = {panel.key: panel for panel in dashboard.panels()}
    assert keys["cpts"].permission == "cpts.view_cpts"
    assert keys["cpts-suivi"].template == "cpts/dashboard_watch.html"
