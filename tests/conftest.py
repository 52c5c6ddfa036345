import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from interurps.roles import ADMINISTRATOR, BOARD, STAFF
from tests.factories import UserFactory

# Every test runs on the same day, whatever the machine's clock says: a test that depends on "today"
# (this year's meetings, the previous year, 60 days without a meeting…) gives the same result on
# 29 February, on 31 December and in ten years. The clock ticks from there, so durations still pass.
FROZEN_NOW = datetime.datetime(2026, 11, 16, 10, 30, tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(FROZEN_NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture(scope="session", autouse=True)
def session_media_root(tmp_path_factory):
    """Files the suite stores (the demo's pictures, published reports…) go to a temporary folder, never to media/."""
    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: what an earlier test cached under the same records' version
    (the test database starts again from the same keys) must not be served to this one."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def second_factor_not_required(settings):
    """`force_login` gives no second factor: the suite does without it (OTP_REQUIRED off), explicitly.

    The tests of the requirement (tests/interurps/test_two_factor.py) and the role matrix switch it
    back on and log administrators in with `verified_login`, which also gives them a verified device.
    """
    settings.OTP_REQUIRED = False


@pytest.fixture
def verified_login():
    """Log a user in as after their second factor: force_login plus a confirmed TOTP device verified in the session."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def login(client, user):
        device = TOTPDevice.objects.create(user=user, name="Téléphone de test", confirmed=True)
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return device

    return login


@pytest.fixture
def admin_user(db):
    user = UserFactory(username="administratrice", is_staff=True)
    user.groups.add(Group.objects.get(name=ADMINISTRATOR))
    return user


@pytest.fixture
def staff_user(db):
    return UserFactory(username="chargee-test", role=STAFF)


@pytest.fixture
def board_user(db):
    return UserFactory(username="bureau-test", role=BOARD)


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def board_client(client, board_user):
    client.force_login(board_user)
    return client


@pytest.fixture
def admin_client_(client, admin_user):
    client.force_login(admin_user)
    return client


def pytest_report_header(config):
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database as a new instance has it after `make setup`: with the default reference data
    (meeting categories, steps of the method), which migrations no longer create."""
    import io

    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("load_reference_data", stdout=io.StringIO())


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The communes and the demo data, loaded once for the module that asks for them and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_communes", stdout=io.StringIO())
        call_command("load_demo", force=True, stdout=io.StringIO())
        yield
        transaction.set_rollback(True)
