"""Requests that may write run in one transaction; pages that only read run in none (no SQLite write lock)."""

import pytest
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import RequestFactory

from interurps.middleware import AtomicWritesMiddleware
from interurps.models import Organisation

pytestmark = pytest.mark.django_db(transaction=True)


def middleware():
    return AtomicWritesMiddleware(lambda request: HttpResponse())


def recording_view(seen):
    def view(request):
        seen.append(connection.in_atomic_block)
        return HttpResponse("vu")

    return view


@pytest.mark.parametrize("method", ["get", "head", "options"])
def test_a_reading_request_is_left_to_the_view_outside_any_transaction(method):
    seen = []
    view = recording_view(seen)
    assert middleware().process_view(getattr(RequestFactory(), method)("/"), view, (), {}) is None
    view(None)
    assert seen == [False]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_writing_request_runs_its_view_in_a_transaction(method):
    seen = []
    response = middleware().process_view(getattr(RequestFactory(), method)("/"), recording_view(seen), (), {})
    assert response.content == b"vu"
    assert seen == [True]


def test_a_writing_request_that_fails_leaves_nothing_half_written():
    def failing_view(request):
        Organisation.objects.create(name="Écrite puis annulée")
        raise ValueError("échec après l'écriture")

    with pytest.raises(ValueError):
        middleware().process_view(RequestFactory().post("/"), failing_view, (), {})
    assert not Organisation.objects.filter(name="Écrite puis annulée").exists()


def test_a_view_that_opens_its_own_transactions_is_left_to_them():
    seen = []
    view = transaction.non_atomic_requests(recording_view(seen))
    assert middleware().process_view(RequestFactory().post("/"), view, (), {}) is None
