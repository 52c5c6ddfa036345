"""Authentication backend that keeps the demo accounts out of production."""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend

DEMO_USERNAMES = {"admin", "chargee", "bureau"}


class DemoAccountsBackend(ModelBackend):
    """The usual backend, except that demo accounts cannot log in when DEBUG is off.

    The demo accounts have a published password: should a production database contain
    them (a copy of a development one, say), they still cannot be used.
    """

    def user_can_authenticate(self, user):
        if not settings.DEBUG and user.get_username() in DEMO_USERNAMES:
            return False
        return super().user_can_authenticate(user)
