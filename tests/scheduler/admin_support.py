"""Helpers shared by the admin tests: what a browser posts, a coordinator, a held lock."""

import contextlib
import threading
from html.parser import HTMLParser

from django.contrib.auth.models import Group, Permission
from django.db import connection, connections

from scheduler.permissions import COORDINATORS
from tests import factories


def form_values(html: str) -> dict[str, list[str]]:
    """The values a browser would post from an admin form page."""
    values: dict[str, list[str]] = {}

    class Parser(HTMLParser):
        select = None
        textarea = None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "input" and a.get("name") and a.get("type") not in ("submit", "checkbox"):
                values.setdefault(a["name"], []).append(a.get("value") or "")
            elif tag == "input" and a.get("type") == "checkbox" and "checked" in a:
                values.setdefault(a["name"], []).append(a.get("value") or "on")
            elif tag == "select":
                self.select = a.get("name")
            elif tag == "option" and self.select and "selected" in a:
                values.setdefault(self.select, []).append(a.get("value") or "")
            elif tag == "textarea":
                self.textarea = a.get("name")
                values.setdefault(self.textarea, [""])

        def handle_endtag(self, tag):
            if tag == "select":
                self.select = None
            if tag == "textarea":
                self.textarea = None

        def handle_data(self, data):
            if self.textarea:
                values[self.textarea][-1] += data

    Parser().feed(html)
    return values


def coordinator():
    """A coordinator with the admin permissions, also after a transactional test flushed
    the groups that the data migration made."""
    user = factories.user("coordinator", is_staff=True)
    group = Group.objects.get(name=COORDINATORS)
    if not group.permissions.exists():
        group.permissions.set(
            Permission.objects.filter(content_type__app_label__in=["scheduler", "rsvp"])
        )
    return user


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
