"""Settings of the interurps project, read from the environment (django-environ).

Every variable is documented in `.env.example`; the defaults are safe for development:
an SQLite file in the project, debug on, local hosts only.
"""

import importlib.resources
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-change-me" if DEBUG else environ.Env.NOTSET)
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
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
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
DATABASES["default"]["ATOMIC_REQUESTS"] = True
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
AUTHENTICATION_BACKENDS = ["interurps.auth.DemoAccountsBackend"]
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
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
# Behind an HTTPS reverse proxy (nginx…): trust its X-Forwarded-Proto header, redirect HTTP to HTTPS, HSTS.
if env.bool("BEHIND_HTTPS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
X_FRAME_OPTIONS = "DENY"

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
}
