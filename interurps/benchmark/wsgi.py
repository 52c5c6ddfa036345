"""WSGI entry of the bench server: the app's settings with the bench URLconf (the app plus a trivial view)."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interurps.settings")

from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
settings.ROOT_URLCONF = "interurps.benchmark.urls"
