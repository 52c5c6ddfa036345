import pytest
from django.contrib.auth.models import Group

from interurps.roles import ADMINISTRATOR, BOARD, STAFF
from tests.factories import UserFactory


@pytest.fixture
def admin_user(db):
    user = UserFactory(username="administratrice", is_staff=True)
    user.groups.add(Group.objects.get(name=ADMINISTRATOR))
    return user


@pytest.fixture
def staff_user(db):
    return UserFactory(username="chargee", role=STAFF)


@pytest.fixture
def board_user(db):
    return UserFactory(username="bureau", role=BOARD)


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
