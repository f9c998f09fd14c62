"""A feed's stamp (ETag, Last-Modified): it only moves forward, also under races; bounded."""

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor
from email.utils import parsedate_to_datetime

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from scheduler.feeds.cache import Resolved, feed_cache_clear
from scheduler.feeds.http import stamp_last_modified
from scheduler.feeds.queries import Stamp, feed_ident_hash
from scheduler.models import FeedStamp
from tests import factories
from tests.scheduler.feeds_support import frozen

THREADS = 12


def _feed(read: Stamp | None) -> Resolved:
    return Resolved(ident="events?", fingerprint=(), stamp=read, info=None, load=list)


def _stored() -> list[tuple]:
    return list(FeedStamp.objects.values_list("etag", "last_modified", "body_key"))


@pytest.mark.django_db
def test_a_stamp_read_before_another_process_moved_it_never_moves_it_back():
    FeedStamp.objects.create(
        ident_hash=feed_ident_hash("events?"),
        etag='"b"',
        last_modified=2_000_000_000,
        body_key="kb",
    )
    old = Stamp('"a"', 1_000_000_000, "ka")  # read before another process stamped "b"
    # The bytes that process stamped keep its date; the key seen last is kept.
    assert stamp_last_modified(_feed(old), '"b"', "kb2") == 2_000_000_000
    assert _stored() == [('"b"', 2_000_000_000, "kb2")]
    # New bytes "c" come after "b", not after what was read.
    assert stamp_last_modified(_feed(old), '"c"', "kc") == 2_000_000_001
    assert _stored() == [('"c"', 2_000_000_001, "kc")]
    # No stamp read at all, and another process made one meanwhile.
    assert stamp_last_modified(_feed(None), '"c"', "kc") == 2_000_000_001
    assert stamp_last_modified(_feed(None), '"d"', "kd") == 2_000_000_002
    assert _stored() == [('"d"', 2_000_000_002, "kd")]


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_parallel_processes_serving_new_bytes_give_each_its_own_later_date():
    """Real parallel connections, all having read no stamp (the worst case: a race to create)."""
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def one(index: int) -> tuple[str, int] | None:
        etag = f'"e{index % (THREADS // 2)}"'  # each ETag served by two processes
        try:
            barrier.wait(timeout=30)
            return etag, stamp_last_modified(_feed(None), etag, f"k{index}")
        except BaseException as exc:  # noqa: BLE001 - every failure is a test failure
            errors.append(exc)
            return None
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        served = list(pool.map(one, range(THREADS)))
    assert errors == []
    dates: dict[int, set[str]] = {}
    for etag, date in served:
        dates.setdefault(date, set()).add(etag)
    # Never two different bytes with one date (that is what a false 304 needs).
    assert [etags for etags in dates.values() if len(etags) > 1] == []
    # The stamp holds the latest of them.
    [(etag, last_modified, _)] = _stored()
    assert (etag, last_modified) == (dates[max(dates)].pop(), max(dates))


@pytest.mark.django_db
def test_stamps_are_bounded_and_a_dropped_one_restarts_later(client, settings):
    settings.PORCHLIGHT = {**settings.PORCHLIGHT, "FEED_STAMPS_MAX": 3}
    feed_cache_clear()
    factories.event(start=timezone.now() + dt.timedelta(days=2), title="Coffee")
    with frozen(timezone.now()) as clock:
        first = {}
        for q in ["a", "b", "c"]:  # "a" is the oldest
            first[q] = client.get(f"/calendar/events.ics?q={q}")
            clock.advance(seconds=5)
        clock.advance(hours=2)
        client.get("/calendar/events.ics?q=d")  # one too many: the oldest goes
        assert FeedStamp.objects.count() == 3
        clock.advance(seconds=5)
        feed_cache_clear()
        kept, dropped = [
            client.get(
                f"/calendar/events.ics?q={q}", HTTP_IF_MODIFIED_SINCE=first[q]["Last-Modified"]
            )
            for q in ["c", "a"]
        ]
    assert (kept.status_code, dropped.status_code) == (304, 200)
    assert dropped["ETag"] == first["a"]["ETag"]
    assert parsedate_to_datetime(dropped["Last-Modified"]) > parsedate_to_datetime(
        first["a"]["Last-Modified"]
    )


@pytest.mark.concurrency
@pytest.mark.skipif(connection.vendor != "postgresql", reason="lock timeouts are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_a_busy_stamp_serves_the_new_bytes_without_a_date(client):
    """Another process holds the stamp: the feed still answers, with no Last-Modified."""
    feed_cache_clear()
    factories.event(start=timezone.now() + dt.timedelta(days=2), title="Coffee")
    first = client.get("/calendar/events.ics")
    factories.event(start=timezone.now() + dt.timedelta(days=3), title="Walk")
    locked, release = threading.Event(), threading.Event()

    def hold() -> None:
        try:
            with transaction.atomic():
                FeedStamp.objects.select_for_update().get()
                locked.set()
                release.wait(timeout=30)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert locked.wait(timeout=30)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '200ms'")
        busy = client.get("/calendar/events.ics", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    finally:
        release.set()
        holder.join()
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
    assert (busy.status_code, busy.has_header("Last-Modified")) == (200, False)
    assert busy.content.count(b"BEGIN:VEVENT") == 2
    later = client.get("/calendar/events.ics", HTTP_IF_NONE_MATCH=busy["ETag"])
    assert later.status_code == 304
    assert parsedate_to_datetime(later["Last-Modified"]) > parsedate_to_datetime(
        first["Last-Modified"]
    )
