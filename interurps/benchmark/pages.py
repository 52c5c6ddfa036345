"""The pages the bench opens: every GET page of the URL resolver that a chargée de mission may open.

A URL with a `pk` takes the first row of its view's model; a `year`, the bench year. Pages whose
parameters cannot be guessed that way are left out (and said so).
"""

import statistics
import time
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, reverse

SKIPPED_NAMESPACES = {"admin"}
SKIPPED_NAMES = {
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "two_factor_verify",  # the second factor's pages send a user without it to its setup
    "two_factor_setup",
}
# Pages that write, download or render a PDF are measured elsewhere (the report) or not at all.
SKIPPED_WORDS = ("export", "pdf", "publier", "confirmer", "supprimer", "deconnexion", "ics", "agenda.ics")


class QueryCounter:
    """Counts the SQL queries run on the default connection (no cap, unlike the debug log's 9 000)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __enter__(self):
        self.wrapper = connection.execute_wrapper(self)
        self.wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self.wrapper.__exit__(*exc)

    def __len__(self):
        return self.count


@dataclass
class Page:
    name: str
    url: str


def walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace in SKIPPED_NAMESPACES:
                continue
            yield from walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def model_of(url_name, pattern):
    """The model whose row a `pk` names: the view's model or queryset, else the app's model the URL name
    starts with."""
    view_class = getattr(pattern.callback, "view_class", None)
    model = getattr(view_class, "model", None)
    if model is None and hasattr(view_class, "get_queryset"):
        view = view_class()
        view.request, view.args, view.kwargs = None, (), {}
        try:
            model = view.get_queryset().model
        except (AttributeError, KeyError, TypeError, ImproperlyConfigured):  # guess from the URL name below
            model = None
    if model is not None or ":" not in url_name:
        return model
    namespace, name = url_name.rsplit(":", 1)
    try:
        return apps.get_model(namespace.split(":")[-1], name.split("_")[0])
    except (LookupError, ValueError):
        return None


def guess_kwargs(url_name, pattern, year):
    kwargs = {}
    for name in pattern.pattern.converters:
        if name == "year":
            kwargs[name] = year
        elif name == "pk":
            model = model_of(url_name, pattern)
            first = model._default_manager.order_by("pk").first() if model is not None else None
            if first is None:
                return None
            kwargs[name] = first.pk
        else:
            return None
    return kwargs


def discover(year, only=None):
    pages, left_out = [], []
    for name, pattern in walk(get_resolver().url_patterns):
        if only is not None and name not in only:
            continue
        if name.split(":")[-1] in SKIPPED_NAMES:
            continue
        kwargs = guess_kwargs(name, pattern, year)
        if kwargs is None:
            left_out.append(name)
            continue
        url = reverse(name, kwargs=kwargs)
        if any(word in url for word in SKIPPED_WORDS):
            continue
        pages.append(Page(name, url))
    unique = {page.url: page for page in pages}
    return list(unique.values()), left_out


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def time_page(client, url, runs):
    """(median s, p95 s, queries, bytes, status) of `runs` GETs after one warm-up."""
    response = client.get(url)
    if response.status_code != 200:
        return None, None, None, None, response.status_code
    timings = []
    for _ in range(runs):
        with QueryCounter() as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
    queries = len(captured)
    return statistics.median(timings), percentile(timings, 0.95), queries, len(response.content), response.status_code
