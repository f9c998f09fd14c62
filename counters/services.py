"""Count a hit on a key within a time window, atomically, in one round trip.

With REDIS_URL: SET NX with the window's expiry, INCR, PTTL in one MULTI/EXEC. Otherwise one
UPSERT on ThrottleCounter that opens a new window when the old one has ended and returns the
count (SQLite 3.35+ and PostgreSQL both have INSERT … ON CONFLICT DO UPDATE … RETURNING).
Either way two processes counting the same key at once both count, with no lock to wait for
and no read-then-write to lose a hit between; the caller compares the count with its limit.
"""

import functools
import math
import time
from dataclasses import dataclass

import redis
from django.conf import settings
from django.db import connections, router

from counters.models import ThrottleCounter

REDIS_PREFIX = "porchlight:counter:"


@dataclass(frozen=True)
class CounterHit:
    count: int  # hits in the current window, this one included
    expires_in: float  # seconds until the window ends


def counter_hit(key: str, window_seconds: float) -> CounterHit:
    """Count one hit on `key`; a window opens at the first hit and lasts `window_seconds`."""
    if settings.REDIS_URL:
        return _redis_hit(key, window_seconds)
    return _table_hit(key, window_seconds)


def counters_purge() -> int:
    """Delete the counters whose window has ended (a later hit would start them again at 1)."""
    deleted, _ = ThrottleCounter.objects.filter(expires_at__lte=time.time()).delete()
    return deleted


@functools.cache
def _redis_client(url: str) -> redis.Redis:
    # One pool per process and URL; redis-py's pool notices a fork and reconnects.
    return redis.Redis.from_url(url)


def _redis_hit(key: str, window_seconds: float) -> CounterHit:
    name = REDIS_PREFIX + key
    pipe = _redis_client(settings.REDIS_URL).pipeline(transaction=True)
    # NX: only the window's first hit sets the expiry; later ones leave it running.
    pipe.set(name, 0, px=max(1, math.ceil(window_seconds * 1000)), nx=True)
    pipe.incr(name)
    pipe.pttl(name)
    _, count, ttl_ms = pipe.execute()
    return CounterHit(count=count, expires_in=max(ttl_ms, 0) / 1000)


def _table_hit(key: str, window_seconds: float) -> CounterHit:
    # Raw SQL: the ORM's update_or_create is a read then a write (two statements, a hit lost
    # or a lock held between them), and bulk_create(update_conflicts=True) cannot say "start
    # again at 1 if the window has ended" nor return the count. This is one atomic statement
    # in autocommit: nothing is held after it, and on SQLite it waits only for other counters
    # (their own file, config/routers.py), never for an event's RSVPs.
    alias = router.db_for_write(ThrottleCounter)
    connection = connections[alias]
    qn = connection.ops.quote_name
    table = qn(ThrottleCounter._meta.db_table)
    key_col, count_col, expires_col = qn("key"), qn("count"), qn("expires_at")
    ended = f"{table}.{expires_col} <= %s"
    sql = (
        f"INSERT INTO {table} ({key_col}, {count_col}, {expires_col}) VALUES (%s, 1, %s) "
        f"ON CONFLICT ({key_col}) DO UPDATE SET "
        f"{count_col} = CASE WHEN {ended} THEN 1 ELSE {table}.{count_col} + 1 END, "
        f"{expires_col} = CASE WHEN {ended} THEN excluded.{expires_col} "
        f"ELSE {table}.{expires_col} END "
        f"RETURNING {count_col}, {expires_col}"
    )
    now = time.time()
    with connection.cursor() as cursor:
        cursor.execute(sql, [key, now + window_seconds, now, now])
        count, expires_at = cursor.fetchone()
    return CounterHit(count=count, expires_in=max(expires_at - now, 0.0))
