"""Per-event serialization: every write with capacity rules runs inside `event_locked`.

PostgreSQL: a row lock on the event (SELECT … FOR UPDATE) with a lock timeout.
SQLite: the transaction itself is the lock — `transaction_mode: IMMEDIATE` takes the
database's write lock at BEGIN, and the busy timeout bounds the wait.
Either way a wait that runs out becomes `Busy` ("try again"), never a 500.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import OperationalError, connection, transaction

from scheduler.errors import Busy
from scheduler.models import Event


def _is_lock_wait_error(exc: OperationalError) -> bool:
    text = str(exc).lower()
    cause = exc.__cause__
    sqlstate = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    # 55P03 lock_not_available, 40P01 deadlock_detected, 40001 serialization_failure
    return sqlstate in {"55P03", "40P01", "40001"} or "database is locked" in text


@contextmanager
def busy_on_lock_wait() -> Iterator[None]:
    """Turn a lock wait that ran out into `Busy`.

    For transactions opened around the services, such as the admin's: on SQLite the wait
    happens at that outer transaction's BEGIN IMMEDIATE, before any service runs.
    """
    try:
        yield
    except OperationalError as exc:
        if _is_lock_wait_error(exc):
            raise Busy() from exc
        raise


@contextmanager
def event_locked(event_id: int) -> Iterator[Event]:
    """Open a transaction that holds the event's write lock; yields the fresh event row."""
    with busy_on_lock_wait(), transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                timeout_ms = int(settings.PORCHLIGHT["LOCK_TIMEOUT_MS"])
                cursor.execute(f"SET LOCAL lock_timeout = '{timeout_ms}ms'")
        event = Event.objects.select_for_update().get(pk=event_id)
        yield event
