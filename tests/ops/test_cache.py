"""A missing cache table is never a 500: the cache makes it again."""

import threading

import pytest
from django.core.cache import cache
from django.db import connection, connections

from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def _drop_cache_table():
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE porchlight_cache")


def _cache_table_exists() -> bool:
    return "porchlight_cache" in connection.introspection.table_names()


def test_rsvp_form_and_feed_work_after_the_cache_table_was_lost(client):
    event = factories.event(capacity=5)
    _drop_cache_table()

    rsvp = client.post(
        f"/events/{event.pk}/rsvp/", {"name": "Ana", "email": "ana@example.org", "party_size": 1}
    )
    feed = client.get("/calendar/events.ics")

    assert (rsvp.status_code, feed.status_code) == (202, 200)
    assert _cache_table_exists()


def test_every_cache_operation_survives_a_lost_table():
    for operation in (
        lambda: cache.get("missing"),
        lambda: cache.set("k", "v"),
        lambda: cache.add("k2", "v"),
        lambda: cache.delete("k"),
        lambda: cache.has_key("k"),
        lambda: cache.clear(),
    ):
        _drop_cache_table()
        operation()
        assert _cache_table_exists()
    cache.set("k", "v")
    assert (cache.get("k"), cache.add("k", "w"), cache.get("k")) == ("v", False, "v")


def test_workers_healing_the_lost_table_at_once_all_succeed():
    """Several workers find the table missing at the same moment: one creates it, the
    others' CREATE TABLE fails — and every request still gets its answer."""
    errors: list[BaseException] = []

    def worker(barrier):
        try:
            barrier.wait(timeout=10)
            cache.set(f"k{threading.get_ident()}", "v")
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)
        finally:
            connections.close_all()

    for _ in range(5):
        _drop_cache_table()
        barrier = threading.Barrier(6)
        threads = [threading.Thread(target=worker, args=(barrier,)) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert _cache_table_exists()
