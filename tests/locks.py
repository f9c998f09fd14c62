"""Another connection holding an event's write lock, for the "busy, try again" tests."""

import contextlib
import threading

from django.db import connection, connections


def _hold(event_id: int, locked: threading.Event, release: threading.Event) -> None:
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


@contextlib.contextmanager
def event_lock_held(event_id: int, settings):
    """Another connection holds the event's write lock (PostgreSQL: its row; SQLite: the
    database) while the block runs; waits for it give up after 200 ms."""
    settings.PORCHLIGHT = {**settings.PORCHLIGHT, "LOCK_TIMEOUT_MS": 200}
    busy_timeout = None
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        busy_timeout = connection.connection.execute("PRAGMA busy_timeout").fetchone()[0]
        connection.connection.execute("PRAGMA busy_timeout = 200")
    locked, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=_hold, args=(event_id, locked, release))
    holder.start()
    try:
        assert locked.wait(timeout=10)
        yield
    finally:
        release.set()
        holder.join()
        if busy_timeout is not None and connection.connection is not None:
            connection.connection.execute(f"PRAGMA busy_timeout = {int(busy_timeout)}")
