"""Settings of the interurps project, read from the environment (django-environ).

Every variable is documented in `.env.example`. The defaults fail closed: debug off unless
`DEBUG` is set, and no start without `SECRET_KEY` outside debug mode (`make run` sets what
development needs). An empty variable (`MEDIA_ROOT=`) counts as unset.

The `.env` file beside `manage.py` is read unless `INTERURPS_ENV_FILE` names another file or is
empty: the test suite sets it empty (pyproject's pytest `env`), so a checkout's `.env` and the
shell's region variables never change what the tests see.
"""

import importlib.resources
import os
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
ENV_FILE = os.environ.get("INTERURPS_ENV_FILE", str(BASE_DIR / ".env"))
if ENV_FILE:
    environ.Env.read_env(ENV_FILE, overwrite=False)
# An empty variable (`MEDIA_ROOT=` in .env) means "use the default", never "the empty string".
VARIABLES = (
    "DEBUG SECRET_KEY ALLOWED_HOSTS CSRF_TRUSTED_ORIGINS DATABASE_URL REGION_NAME REGION_DEPARTMENTS MEDIA_ROOT "
    "SECURE_COOKIES BEHIND_HTTPS_PROXY SECURE_SSL_REDIRECT SECURE_HSTS_SECONDS SECURE_HSTS_INCLUDE_SUBDOMAINS "
    "SECURE_HSTS_PRELOAD STATICFILES_BACKEND LOG_LEVEL SESSION_IDLE_MINUTES LOGIN_FAILURE_LIMIT LOGIN_COOLOFF_MINUTES "
    "INACTIVE_PERSON_YEARS CONN_MAX_AGE"
).split()
for _name in VARIABLES:
    if os.environ.get(_name) == "":
        del os.environ[_name]

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY manquante : l'application refuse de démarrer sans clé secrète hors mode DEBUG. "
            'Générez-en une avec : python -c "import secrets; print(secrets.token_urlsafe(50))"'
        )
    # Development without a key: a new random one per process (sessions do not survive a restart).
    SECRET_KEY = get_random_secret_key()
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The departments of the region this instance serves (INSEE codes). Pays de la Loire by default.
REGION_NAME = env.str("REGION_NAME", default="Pays de la Loire")
REGION_DEPARTMENTS = env.list("REGION_DEPARTMENTS", default=["44", "49", "53", "72", "85"])

# The programmes this association runs (apps besides the core and cpts): one switched off here loses its
# menu entry, pages, dashboard panels, report section and permissions. All of them by default.
OPTIONAL_PROGRAMMES = ["sas", "reper", "pacte"]
_chosen = {name.strip().lower() for name in env.list("PROGRAMMES", default=OPTIONAL_PROGRAMMES) if name.strip()}
if _unknown := _chosen - {"cpts", *OPTIONAL_PROGRAMMES}:
    raise ImproperlyConfigured(
        f"PROGRAMMES : programme inconnu {', '.join(sorted(_unknown))} "
        f"(choisir parmi {', '.join(OPTIONAL_PROGRAMMES)})."
    )
PROGRAMMES = [app for app in OPTIONAL_PROGRAMMES if app in _chosen]

INSTALLED_APPS = [
    # django-autocomplete-light: the pickers' views and scripts (before the admin, whose select2 it uses).
    "dal",
    "dal_select2",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_htmx",
    "import_export",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "interurps",
    "cpts",  # the base the other programmes build on (they refer to CPTS): always installed
    *PROGRAMMES,
]

MIDDLEWARE = [
    # Pages such as the dashboard carry an inline SVG map of ~1 200 communes (~400 kB): compress them.
    # Django's GZipMiddleware pads responses against BREACH (Heal The BREACH, Django 4.2+).
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Every change to a business record keeps who made it (django-simple-history), imports included.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "interurps.middleware.TwoFactorMiddleware",
    "interurps.middleware.PrivatePagesMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
    # After every other middleware's process_view (CSRF among them): it calls the views that may write.
    "interurps.middleware.AtomicWritesMiddleware",
]

ROOT_URLCONF = "interurps.urls"
WSGI_APPLICATION = "interurps.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "interurps.context_processors.navigation",
                "interurps.context_processors.region",
            ],
        },
    },
]

# `{{ form }}` and `{{ field.as_field_group }}` draw our field partial (templates/partials/field.html).
FORM_RENDERER = "interurps.renderers.FormRenderer"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# A worker keeps its database connection between requests (a new PostgreSQL connection costs each request a
# few milliseconds), checked before reuse; CONN_MAX_AGE=0 closes it after each request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# No ATOMIC_REQUESTS: `interurps.middleware.AtomicWritesMiddleware` runs the requests that may write in a
# transaction, and lets the pages that only read run without one (on SQLite, without the write lock).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL: readers never wait for a writer; IMMEDIATE: a transaction takes the write lock when it
    # starts (no deadlock upgrading a read lock); a writer waits up to 20 s for the lock.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a locked-out user or address before the password is even checked.
AUTHENTICATION_BACKENDS = ["interurps.auth.LoginThrottleBackend", "interurps.auth.DemoAccountsBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
# Django's `fr` formats, with French typography's narrow no-break space between thousands.
FORMAT_MODULE_PATH = ["interurps.locale_formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Lato (SIL Open Font License) from the PyPI package font-lato, for the pages and the PDF report.
    ("fonts/lato", str(importlib.resources.files("font_lato") / "files")),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "media"))

# Idle timeout: a session ends after this many minutes without a request. Activity pushes the expiry
# back, at most once a minute (interurps.middleware.touch_session: cheaper than SESSION_SAVE_EVERY_REQUEST).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=60) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
# Behind an HTTPS reverse proxy (nginx…): trust its X-Forwarded-Proto header, redirect HTTP to HTTPS, HSTS.
if env.bool("BEHIND_HTTPS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # django-axes then reads the client address the proxy adds, not the proxy's own.
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    AXES_IPWARE_PROXY_COUNT = 1
else:
    # Not behind a proxy: the socket's address only, so a forged X-Forwarded-For cannot dodge the lockout.
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# The HSTS preload list is a submission to browser vendors, not a header: an operator's choice, not a default.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Content-Security-Policy (django-csp 4): nothing inline, nothing from elsewhere. Pages, maps and charts
# use stylesheets and presentation attributes only; the scripts are files under /static/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Browser features the app never uses (interurps.middleware.PrivatePagesMiddleware sends it).
UNUSED_BROWSER_FEATURES = "accelerometer camera geolocation gyroscope magnetometer microphone payment usb".split()
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in UNUSED_BROWSER_FEATURES)

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failures for one user name, or from one address,
# logins are refused for AXES_COOLOFF_TIME; each failure is logged (logger "axes").
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
# The log of a failure names the user name and the client address (never the password): what a review needs.
AXES_SENSITIVE_PARAMETERS = []
AXES_VERBOSE = False  # no banner at each start; a failure's log still names the user name and the address
AXES_LOCKOUT_CALLABLE = "interurps.auth.lockout"  # templates/registration/lockout.html, in French
AXES_ENABLE_ADMIN = False  # the attempts are not business data; `manage.py axes_reset` lifts a lockout

# RGPD: people in no meeting for this many years are listed for review (admin › Personnes › activité).
INACTIVE_PERSON_YEARS = env.int("INACTIVE_PERSON_YEARS", default=3)

# Second factor (django-otp): required for the Administrateur role and the Django admin (interurps.middleware).
OTP_REQUIRED = True
OTP_TOTP_ISSUER = "InterURPS"

# django-import-export: imports run in one transaction (all or nothing) and are previewed first.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_FORMATS = ["interurps.formats.FrenchCSV", "interurps.formats.XLSX"]
IMPORT_FORMATS = IMPORT_EXPORT_FORMATS
# Checked before a file is parsed (staff imports and admin): rows under the headers, and bytes of the
# file (for an .xlsx, also the sum of its uncompressed parts).
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=20_000)
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=20 * 1024 * 1024)
EXPORT_FORMATS = IMPORT_EXPORT_FORMATS

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    # Failed logins and lockouts (django-axes) and second-factor failures, whatever LOG_LEVEL says.
    "loggers": {
        "axes": {"level": "INFO"},
        "interurps.security": {"level": "INFO"},
    },
}
