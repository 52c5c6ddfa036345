"""Accounts: login throttling (django-axes), second factor for administrators (django-otp), headers, idle sessions."""

import io
import logging

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from interurps.middleware import ACTIVITY_RESOLUTION, LAST_ACTIVITY, touch_session
from tests.factories import AdminUserFactory, StaffUserFactory

PASSWORD = "un-mot-de-passe-solide-2026"


@pytest.fixture
def second_factor_required(settings):
    settings.OTP_REQUIRED = True


def user_with_password(factory=StaffUserFactory, username="claire"):
    user = factory(username=username)
    user.set_password(PASSWORD)
    user.save()
    return user


def log_in(client, username, password, address="192.0.2.10"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def current_code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


# --- throttling -----------------------------------------------------------------------------------------------


def test_the_right_password_is_refused_after_five_failures(client, db):
    user_with_password()
    for _ in range(4):
        assert log_in(client, "claire", "faux").status_code == 200
    assert log_in(client, "claire", "faux").status_code == 429
    response = log_in(client, "claire", PASSWORD)
    assert response.status_code == 429
    assert "Connexion temporairement bloquée" in response.content.decode()
    assert "Réessayez dans 15 minutes" in response.content.decode()


def test_one_address_is_locked_out_whatever_the_user_names(client, db):
    user_with_password()
    for number in range(5):
        log_in(client, f"inconnu{number}", "faux", address="198.51.100.7")
    assert log_in(client, "claire", PASSWORD, address="198.51.100.7").status_code == 429
    assert log_in(client, "claire", PASSWORD, address="192.0.2.99").status_code == 302


def test_a_forged_forwarded_for_header_does_not_dodge_the_lockout(client, db):
    user_with_password()
    for number in range(5):
        client.post(
            reverse("login"),
            {"username": f"inconnu{number}", "password": "faux"},
            REMOTE_ADDR="198.51.100.7",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{number}",
        )
    assert log_in(client, "claire", PASSWORD, address="198.51.100.7").status_code == 429


def test_a_success_clears_the_failures(client, db):
    user_with_password()
    for _ in range(4):
        log_in(client, "claire", "faux")
    assert log_in(client, "claire", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(4):
        log_in(client, "claire", "faux")
    assert log_in(client, "claire", PASSWORD).status_code == 302


def test_a_failed_login_is_logged(client, db, caplog):
    user_with_password()
    with caplog.at_level(logging.INFO, logger="axes"):
        log_in(client, "claire", "faux")
    failures = [record.getMessage() for record in caplog.records if "login failure" in record.getMessage().lower()]
    assert failures
    assert "claire" in failures[0]
    assert "192.0.2.10" in failures[0]


# --- second factor --------------------------------------------------------------------------------------------


def test_an_administrator_without_device_is_sent_to_enrolment(client, db, second_factor_required):
    client.force_login(AdminUserFactory())
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_setup"))


def test_an_enrolled_administrator_is_asked_for_a_code(client, db, second_factor_required):
    admin = AdminUserFactory()
    TOTPDevice.objects.create(user=admin, name="téléphone", confirmed=True)
    client.force_login(admin)
    for url in (reverse("home"), reverse("admin:index"), reverse("interurps:meeting_list")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("two_factor_verify"))


def test_a_chargee_de_mission_needs_no_second_factor(client, db, second_factor_required):
    client.force_login(StaffUserFactory())
    assert client.get(reverse("home")).status_code == 200


def test_enrolment_shows_a_qr_code_and_confirms_with_a_code(client, db, second_factor_required):
    admin = AdminUserFactory()
    client.force_login(admin)
    page = client.get(reverse("two_factor_setup")).content.decode()
    assert '<svg class="qr-code"' in page
    assert "style=" not in page.split('<svg class="qr-code"')[1].split("</svg>")[0]
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    response = client.post(reverse("two_factor_setup"), {"token": current_code(device), "next": "/"})
    assert "codes de secours" in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    assert StaticDevice.objects.get(user=admin).token_set.count() == 10
    assert client.get(reverse("home")).status_code == 200


def test_a_wrong_code_at_enrolment_is_refused_in_french(client, db, second_factor_required):
    client.force_login(AdminUserFactory())
    client.get(reverse("two_factor_setup"))
    response = client.post(reverse("two_factor_setup"), {"token": "000000x"})
    assert "Code incorrect" in response.content.decode()


def test_the_code_of_the_app_opens_the_admin(client, db, second_factor_required):
    admin = AdminUserFactory()
    device = TOTPDevice.objects.create(user=admin, name="téléphone", confirmed=True)
    client.force_login(admin)
    response = client.post(reverse("two_factor_verify"), {"token": current_code(device), "next": "/admin/"})
    assert response["Location"] == "/admin/"
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_recovery_code_works_once(client, db, second_factor_required):
    from interurps.views.two_factor import create_recovery_codes

    admin = AdminUserFactory()
    TOTPDevice.objects.create(user=admin, name="téléphone", confirmed=True)
    code = create_recovery_codes(admin)[0]
    client.force_login(admin)
    assert client.post(reverse("two_factor_verify"), {"token": code}).status_code == 302
    client.post(reverse("logout"))
    client.force_login(admin)
    response = client.post(reverse("two_factor_verify"), {"token": code})
    assert response.status_code == 200
    assert "Code incorrect ou expiré" in response.content.decode()


def test_an_administrator_resets_a_colleague_s_second_factor(client, db, second_factor_required):
    admin = AdminUserFactory(username="colleague")
    TOTPDevice.objects.create(user=admin, name="téléphone", confirmed=True)
    out = io.StringIO()
    call_command("reset_two_factor", "colleague", stdout=out)
    assert "réinitialisée" in out.getvalue()
    client.force_login(admin)
    assert client.get(reverse("home"))["Location"].startswith(reverse("two_factor_setup"))


def test_the_demo_administrator_gets_a_second_factor_printed(db, settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("create_demo_accounts", stdout=out)
    admin = get_user_model().objects.get(username="admin")
    assert TOTPDevice.objects.get(user=admin).confirmed
    assert "clé TOTP" in out.getvalue()
    assert StaticDevice.objects.get(user=admin).token_set.first().token in out.getvalue()


# --- headers and sessions -------------------------------------------------------------------------------------


def test_pages_of_a_logged_in_user_are_not_cached(staff_client):
    response = staff_client.get(reverse("interurps:person_list"))
    assert set(response["Cache-Control"].replace(" ", "").split(",")) >= {"private", "no-store"}


def test_every_page_has_a_strict_content_security_policy(client, db):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    assert "object-src 'none'" in policy
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_every_page_has_a_permissions_policy(client, db):
    assert "camera=()" in client.get(reverse("login"))["Permissions-Policy"]


def test_the_session_ends_after_an_hour_without_activity(settings):
    assert settings.SESSION_COOKIE_AGE == 3600
    assert not settings.SESSION_SAVE_EVERY_REQUEST


def test_activity_pushes_the_session_expiry_back_at_most_once_a_minute():
    session = {LAST_ACTIVITY: 1000.0}
    touch_session(session, now=1000.0 + ACTIVITY_RESOLUTION - 1)
    assert session[LAST_ACTIVITY] == 1000.0
    touch_session(session, now=1000.0 + ACTIVITY_RESOLUTION)
    assert session[LAST_ACTIVITY] == 1000.0 + ACTIVITY_RESOLUTION
