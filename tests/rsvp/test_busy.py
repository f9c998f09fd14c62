"""A lock wait that runs out is a clear "busy, try again" answer, never a 500."""

import threading

import pytest
from django.core.cache import cache
from django.db import connection, connections

from rsvp.models import Rsvp
from tests import factories


def _hold_event_lock(event_id: int, locked: threading.Event, release: threading.Event):
    """In another connection: take the event's write lock and keep it until told."""
    conn = connections.create_connection("default")
    try:
        with conn.cursor() as cursor:
            if conn.vendor == "postgresql":
                cursor.execute("BEGIN")
                cursor.execute(
                    "SELECT id FROM scheduler_event WHERE id = %s FOR UPDATE", [event_id]
                )
            else:
                cursor.execute("BEGIN IMMEDIATE")
            locked.set()
            release.wait(timeout=30)
            cursor.execute("ROLLBACK")
    finally:
        conn.close()


@pytest.mark.django_db(transaction=True)
def test_rsvp_during_a_long_lock_answers_busy_and_writes_nothing(client, settings):
    event = factories.event()
    settings.PORCHLIGHT = {**settings.PORCHLIGHT, "LOCK_TIMEOUT_MS": 200}
    # The throttle's counter must not live in the locked SQLite database: there its own
    # cache lock would time out first and answer the same 503 before the event lock is
    # ever asked for.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "busy"}
    }
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        connection.connection.execute("PRAGMA busy_timeout = 200")
    locked, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=_hold_event_lock, args=(event.pk, locked, release))
    holder.start()
    try:
        assert locked.wait(timeout=10)
        response = client.post(
            f"/events/{event.pk}/rsvp/",
            {"name": "Ana", "email": "ana@example.org", "party_size": "1"},
        )
    finally:
        release.set()
        holder.join()
    assert (response.status_code, response["Retry-After"]) == (503, "2")
    assert response.context["form"].non_field_errors() == [
        "This event is very busy right now. Please try again in a moment."
    ]
    # The throttle let the RSVP through and counted it: the 503 is the event lock's.
    assert len(cache.get("throttle_rsvp_127.0.0.1")) == 1
    assert Rsvp.objects.count() == 0
