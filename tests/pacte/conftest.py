import pytest

from tests.factories import BoardUserFactory, StaffUserFactory


# The root fixtures log in users named like the demo accounts ("chargee", "bureau"), which
# DemoAccountsBackend refuses when DEBUG is off (as in tests): these use ordinary usernames.
@pytest.fixture
def staff_user(db):
    return StaffUserFactory()


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def board_client(client, db):
    client.force_login(BoardUserFactory())
    return client
