"""A token that changes whenever the project's records change: the key of what is computed from all of them.

The dashboard's region-wide panels take hundreds of milliseconds on a large region and change only when a
record does. `records_version()` reads, in one query, the highest key of every history table of the
project's apps and of every table that keeps no history: every save, delete or link change made through the
ORM or an import writes a history row (simple-history; the imports' bulk path writes them too), and a row
added to a table without history raises its highest key. What writes neither (a bulk write that skips the
history, a population corrected by `load_communes`) is caught by the cache's expiry.
"""

import hashlib
from functools import cache

from django.apps import apps
from django.conf import settings
from django.core.cache import cache as default_cache
from django.db import connection
from django.utils import timezone

# What is cached under the records' version is computed again at least this often (what no version sees).
CACHE_SECONDS = 10 * 60


@cache
def _versioned_tables():
    """(table, primary key column) of the history tables of the project's own apps, and of its tables that keep
    no history (a table with history changes only with its history table: reading both would cost twice)."""
    from simple_history.models import HistoricalChanges, registered_models

    base = str(settings.BASE_DIR)
    tables = set()
    for app_config in apps.get_app_configs():
        if not str(app_config.path).startswith(base):
            continue
        for model in app_config.get_models(include_auto_created=True):
            if model._meta.proxy or not model._meta.managed:
                continue
            if issubclass(model, HistoricalChanges) or model._meta.db_table not in registered_models:
                tables.add((model._meta.db_table, model._meta.pk.column))
    return sorted(tables)


def records_version():
    """A short string that differs after any change to the records (see the module's doc): one query."""
    quote = connection.ops.quote_name
    parts = [f"(SELECT MAX({quote(column)}) FROM {quote(table)})" for table, column in _versioned_tables()]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    content = ".".join("" if value is None else str(value) for value in row)
    return hashlib.blake2b(content.encode(), digest_size=12).hexdigest()


def request_records_version(request):
    """`records_version()` once per request, however many cached parts the page has."""
    version = getattr(request, "_records_version", None)
    if version is None:
        version = request._records_version = records_version()
    return version


def cached_on_records(request, key, compute, *, daily=False):
    """`compute()`, computed once per version of the records (and per day when `daily`), else from the cache.

    `request` keeps the version read once for the request; without one (a command), it is read each time.
    """
    day = f":{timezone.localdate():%Y%m%d}" if daily else ""
    version = records_version() if request is None else request_records_version(request)
    cache_key = f"records:{key}{day}:{version}"
    value = default_cache.get(cache_key)
    if value is None:
        value = compute()
        default_cache.set(cache_key, value, CACHE_SECONDS)
    return value
