"""Security middleware: second factor for administrators, private pages, idle sessions.

- `TwoFactorMiddleware` sends an administrator (the Administrateur role, staff or superuser) who
  has not yet given a second factor in this session to the verification page, or to enrolment
  when they have no device yet. Until then only those pages and logging out are open.
- `PrivatePagesMiddleware` marks every page seen by a logged-in user `Cache-Control: private,
  no-store` (they show personal data: no proxy nor browser cache keeps them), sends the
  Permissions-Policy header, and pushes back the idle timeout of the session.
- `AtomicWritesMiddleware` runs the views that may write in a transaction, and not those that read.
"""

import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode

from interurps.roles import ADMINISTRATOR

# The session key holding the time (epoch seconds) of the last request that pushed the expiry back.
LAST_ACTIVITY = "last_activity"
# Saving the session costs a write: push the idle timeout back at most once a minute.
ACTIVITY_RESOLUTION = 60


def needs_second_factor(user):
    """Administrators must give a second factor: the Administrateur role and whoever may enter the admin."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.is_staff or user.groups.filter(name=ADMINISTRATOR).exists()


def has_device(user):
    from django_otp import devices_for_user

    return any(True for _ in devices_for_user(user, confirmed=True))


class TwoFactorMiddleware:
    """Refuse every page to an unverified administrator except the second-factor pages and logout."""

    open_url_names = ("two_factor_verify", "two_factor_setup", "logout")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.OTP_REQUIRED
            and user.is_authenticated
            and not user.is_verified()
            and not self.is_open(request.path)
            and needs_second_factor(user)
        ):
            target = "two_factor_verify" if has_device(user) else "two_factor_setup"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    def is_open(self, path):
        return path in {reverse(name) for name in self.open_url_names} or path.startswith(settings.STATIC_URL)


class PrivatePagesMiddleware:
    """No cache for a logged-in user's pages, the Permissions-Policy header, and the idle timeout."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            touch_session(request.session)
        response = self.get_response(request)
        # A view may let the browser keep a private response it revalidates (an ETag and "private", like the
        # map image): it stays so; every other page seen logged in is never stored.
        revalidated = response.has_header("ETag") and "private" in response.get("Cache-Control", "")
        if request.user.is_authenticated and not revalidated:
            patch_cache_control(response, private=True, no_store=True)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def touch_session(session, now=None):
    """Push the session's expiry back (SESSION_COOKIE_AGE from now), at most once a minute.

    The session expires SESSION_COOKIE_AGE after it was last saved: saving it on activity makes
    that an idle timeout. Saving on every request (SESSION_SAVE_EVERY_REQUEST) would cost a write
    per page; once a minute is enough for a timeout counted in minutes.
    """
    now = time.time() if now is None else now
    last = session.get(LAST_ACTIVITY)
    if last is None or now - last >= ACTIVITY_RESOLUTION:
        session[LAST_ACTIVITY] = now


def mark_login(sender, request, user, **kwargs):
    """At login (user_logged_in), note the activity: the login saves the session anyway."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_ACTIVITY] = time.time()


class AtomicWritesMiddleware:
    """Run each view that may write (any method but GET, HEAD, OPTIONS) in a transaction, as ATOMIC_REQUESTS
    would, and leave reading pages outside any: on SQLite, whose transactions take the write lock when they
    start, a page that only reads then never waits behind an import or blocks another user's save.

    Last of the middleware: every other `process_view` (CSRF among them) has run when this one calls the
    view. A view marked `transaction.non_atomic_requests` opens its own transactions.
    """

    safe_methods = ("GET", "HEAD", "OPTIONS")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in self.safe_methods or DEFAULT_DB_ALIAS in getattr(view_func, "_non_atomic_requests", ()):
            return None
        with transaction.atomic():
            return view_func(request, *view_args, **view_kwargs)
