"""A lock wait that runs out is 503 + Retry-After, never a 500 (PostgreSQL row locks)."""

import threading

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from rest_framework.test import APIClient

from rsvp.models import Rsvp
from scheduler.models import Event
from tests import factories

pytestmark = [
    pytest.mark.concurrency,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row lock timeouts are PostgreSQL's"
    ),
]


def test_rsvp_while_the_event_is_locked_is_503_and_a_retry_with_the_key_then_acts(settings):
    cache.clear()
    settings.PORCHLIGHT = {**settings.PORCHLIGHT, "LOCK_TIMEOUT_MS": 300}
    event = factories.event()
    locked, release = threading.Event(), threading.Event()

    def hold():
        with transaction.atomic():
            Event.objects.select_for_update().get(pk=event.pk)
            locked.set()
            release.wait(10)
        connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert locked.wait(10)
        response = APIClient().post(
            f"/api/v1/events/{event.pk}/rsvps/",
            {"name": "Ana", "email": "ana@example.org"},
            format="json",
            headers={"Idempotency-Key": "retry-me"},
        )
    finally:
        release.set()
        holder.join()
    assert (response.status_code, response["Retry-After"]) == (503, "2")
    assert response.json()["code"] == "busy"
    assert Rsvp.objects.count() == 0

    retry = APIClient().post(
        f"/api/v1/events/{event.pk}/rsvps/",
        {"name": "Ana", "email": "ana@example.org"},
        format="json",
        headers={"Idempotency-Key": "retry-me"},
    )
    assert retry.status_code == 202
    assert Rsvp.objects.count() == 1
