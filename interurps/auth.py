"""Authentication backends: login throttling, and the demo accounts kept out of production."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth.backends import ModelBackend

DEMO_USERNAMES = {"admin", "chargee", "bureau"}


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for the logins that come with a request (every web login does).

    An `authenticate()` without a request (a script, the test client's `login()`) has no client
    address to throttle: it is left to the next backend instead of raising.
    """

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class DemoAccountsBackend(ModelBackend):
    """The usual backend, except that demo accounts cannot log in when DEBUG is off.

    The demo accounts have a published password: should a production database contain
    them (a copy of a development one, say), they still cannot be used.
    """

    def user_can_authenticate(self, user):
        if not settings.DEBUG and user.get_username() in DEMO_USERNAMES:
            return False
        return super().user_can_authenticate(user)


def lockout(request, original_response=None, credentials=None):
    """The page django-axes shows to a locked-out login (AXES_LOCKOUT_CALLABLE): in French, status 429."""
    from django.shortcuts import render

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/lockout.html", {"cooloff_minutes": minutes}, status=429)
