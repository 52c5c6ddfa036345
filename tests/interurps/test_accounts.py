import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.urls import reverse

from interurps.management.commands.create_demo_accounts import DEMO_PASSWORD


@pytest.fixture
def demo_accounts(db, settings):
    settings.DEBUG = True
    call_command("create_demo_accounts", stdout=io.StringIO())


def test_demo_accounts_have_one_role_each(demo_accounts, django_user_model):
    roles = {user.username: [g.name for g in user.groups.all()] for user in django_user_model.objects.all()}
    assert roles == {"admin": ["Administrateur"], "chargee": ["Chargé·e de mission"], "bureau": ["Bureau"]}
    assert django_user_model.objects.get(username="admin").is_staff
    assert not django_user_model.objects.get(username="chargee").is_staff


def test_demo_accounts_are_refused_when_debug_is_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("create_demo_accounts")


def test_demo_account_cannot_log_in_when_debug_is_off(demo_accounts, settings):
    assert authenticate(username="chargee", password=DEMO_PASSWORD) is not None
    settings.DEBUG = False
    assert authenticate(username="chargee", password=DEMO_PASSWORD) is None


def test_login_with_the_demo_account_opens_the_dashboard(demo_accounts, client):
    response = client.post(reverse("login"), {"username": "chargee", "password": DEMO_PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Tableau de bord" in response.content.decode()


def test_wrong_password_gives_a_french_message(demo_accounts, client):
    response = client.post(reverse("login"), {"username": "chargee", "password": "faux"})
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in response.content.decode()


def test_password_change_page_is_in_french(demo_accounts, client):
    client.login(username="chargee", password=DEMO_PASSWORD)
    response = client.get(reverse("password_change"))
    assert "Changer de mot de passe" in response.content.decode()
    assert "Nouveau mot de passe" in response.content.decode()


def test_logout_is_a_post_and_returns_to_login(demo_accounts, client):
    client.login(username="chargee", password=DEMO_PASSWORD)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
