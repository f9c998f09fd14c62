"""The anonymous-RSVP throttle: no lock to wait for, one query per post, out of the way of the
event's own lock (on SQLite its counters are in a file of their own)."""

import contextlib
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from counters.models import ThrottleCounter
from rsvp.models import Rsvp
from tests import factories

RESIDENTS = 64
CAPACITY = 50


def _post(client: Client, path: str, event, i: int):
    if path == "form":
        return client.post(
            f"/events/{event.pk}/rsvp/",
            {"name": f"Resident {i}", "email": f"r{i}@example.org", "party_size": "1"},
        )
    return client.post(
        f"/api/v1/events/{event.pk}/rsvps/",
        {"name": f"Resident {i}", "email": f"r{i}@example.org"},
        content_type="application/json",
    )


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, databases="__all__")
@pytest.mark.parametrize("path", ["form", "api"])
def test_64_residents_posting_at_once_from_one_address_are_all_answered_and_counted(path):
    """One address (a library's Wi-Fi, a community center), 64 posts in the same instant,
    each on its own connection: every one is answered 202 (taken; the outcome is e-mailed),
    none "busy", and all are counted."""
    event = factories.event(capacity=CAPACITY, max_party_size=6)
    barrier = threading.Barrier(RESIDENTS)

    def resident(i: int) -> int:
        try:
            client = Client()
            barrier.wait(timeout=30)
            return _post(client, path, event, i).status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=RESIDENTS) as pool:
        codes = list(pool.map(resident, range(RESIDENTS)))

    assert Counter(codes) == {202: RESIDENTS}
    statuses = Counter(Rsvp.objects.filter(event=event).values_list("status", flat=True))
    assert statuses == {"confirmed": CAPACITY, "waitlisted": RESIDENTS - CAPACITY}
    assert ThrottleCounter.objects.get(key="throttle_rsvp_127.0.0.1").count == RESIDENTS


def _queries_per_database(post) -> dict[str, int]:
    with contextlib.ExitStack() as stack:
        captured = {
            alias: stack.enter_context(CaptureQueriesContext(connections[alias]))
            for alias in connections
        }
        assert post().status_code == 202
    return {alias: len(ctx.captured_queries) for alias, ctx in captured.items()}


@pytest.mark.django_db(databases="__all__")
@pytest.mark.parametrize("path", ["form", "api"])
def test_the_throttle_costs_an_rsvp_post_one_query_and_on_sqlite_none_in_the_app_database(
    path, settings
):
    event = factories.event(capacity=None)
    client = Client()
    settings.API_RSVP_THROTTLE = ""
    _post(client, path, event, 0)  # first-use costs (sessions, translations) out of the way
    unthrottled = _queries_per_database(lambda: _post(client, path, event, 1))
    settings.API_RSVP_THROTTLE = "100/hour"
    throttled = _queries_per_database(lambda: _post(client, path, event, 2))

    extra = {alias: throttled[alias] - unthrottled[alias] for alias in throttled}
    if connection.vendor == "postgresql":
        assert extra == {"default": 1}
    else:
        assert extra == {"default": 0, "queue": 0, "counters": 1}
