"""Generated query guard: no page's SQL query count grows with its rows.

Every GET page of the URL resolver (as the bench finds them: `interurps.benchmark.pages`) is opened by a
chargée de mission on the demo base, then again once every activity row has been copied twice more
(`interurps.benchmark.scale`: three times the CPTS, meetings, people, learners…, linked as the originals
are). A page that runs a query per row, per CPTS or per meeting shows a larger count the second time.
A new page is guarded as soon as it has a URL: nothing to write per page.
"""

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client

from interurps.benchmark import pages
from interurps.benchmark.scale import scale
from interurps.roles import STAFF

YEAR = 2021


def query_counts(client, found):
    """Each page's queries with nothing in the cache: what is cached once per change of the records is
    computed then, the path whose count could grow with the rows."""
    counts = {}
    for page in found:
        cache.clear()
        with pages.QueryCounter() as counter:
            response = client.get(page.url)
        assert response.status_code == 200, f"{page.url} a répondu {response.status_code}"
        counts[page.url] = len(counter)
    return counts


def test_no_page_query_count_grows_with_its_rows(demo, db):
    # The demo chargée, under a name of her own: demo accounts cannot log in with DEBUG off, as in tests.
    chargee = get_user_model().objects.filter(groups__name=STAFF, meetings__isnull=False).order_by("pk").first()
    chargee.username = "chargee-pages"
    chargee.save()
    client = Client()
    client.force_login(chargee)
    found, _ = pages.discover(YEAR)
    # Warm: first requests fill per-process caches (content types, map geometry). A page whose `pk` the
    # discovery guessed for the wrong model answers 404: it is left out (a 500 would fail the test here).
    found = [page for page in found if client.get(page.url).status_code == 200]
    assert len(found) > 40
    before = query_counts(client, found)
    scale(3)
    after = query_counts(client, found)
    grown = {url: (before[url], after[url]) for url in before if after[url] != before[url]}
    assert grown == {}
