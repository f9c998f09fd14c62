"""A lock wait that runs out is a clear "busy, try again" answer, never a 500."""

import pytest
from django.core.cache import cache

from rsvp.models import Rsvp
from tests import factories
from tests.locks import event_lock_held


@pytest.mark.django_db(transaction=True)
def test_rsvp_during_a_long_lock_answers_busy_and_writes_nothing(client, settings):
    event = factories.event()
    # The throttle's counter must not live in the locked SQLite database: there its own
    # cache lock would time out first and answer the same 503 before the event lock is
    # ever asked for.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "busy"}
    }
    with event_lock_held(event.pk, settings):
        response = client.post(
            f"/events/{event.pk}/rsvp/",
            {"name": "Ana", "email": "ana@example.org", "party_size": "1"},
        )
    assert (response.status_code, response["Retry-After"]) == (503, "2")
    assert response.context["form"].non_field_errors() == [
        "This event is very busy right now. Please try again in a moment."
    ]
    # The throttle let the RSVP through and counted it: the 503 is the event lock's.
    assert len(cache.get("throttle_rsvp_127.0.0.1")) == 1
    assert Rsvp.objects.count() == 0
