"""Dispatchers in several processes at once split the due notices; none is queued twice."""

import datetime as dt
import threading

import pytest
from django.db import connections
from django.utils import timezone

from notifications.dispatch import due_claim
from notifications.models import Notification
from rsvp.services import rsvp_create
from tests import factories

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True, databases="__all__")]


def test_parallel_dispatchers_claim_disjoint_sets_of_due_notices():
    event = factories.event(start=timezone.now() + dt.timedelta(days=2), capacity=None)
    for i in range(60):
        rsvp_create(event=event, email=f"r{i}@example.org", name=f"R{i}")
    Notification.objects.update(enqueued_at=None, due_at=timezone.now() - dt.timedelta(seconds=1))
    everything = set(Notification.objects.values_list("pk", flat=True))
    claimed: list[list[int]] = []
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def worker():
        try:
            start.wait()
            mine: list[int] = []
            while True:
                ids = due_claim(now=timezone.now(), limit=7)
                if not ids:
                    break
                mine.extend(ids)
            claimed.append(mine)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            for conn in connections.all():
                conn.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    flat = [pk for ids in claimed for pk in ids]
    assert len(flat) == len(everything) == 60 * 3  # confirmation + two reminders each
    assert set(flat) == everything
