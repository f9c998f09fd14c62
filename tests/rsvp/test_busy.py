"""A lock wait that runs out is a clear "busy, try again" answer, never a 500."""

import pytest

from counters.models import ThrottleCounter
from rsvp.models import Rsvp
from tests import factories
from tests.locks import event_lock_held


@pytest.mark.django_db(transaction=True)
def test_rsvp_during_a_long_lock_answers_busy_and_writes_nothing(client, settings):
    event = factories.event()
    with event_lock_held(event.pk, settings):
        response = client.post(
            f"/events/{event.pk}/rsvp/",
            {"name": "Ana", "email": "ana@example.org", "party_size": "1"},
        )
    assert (response.status_code, response["Retry-After"]) == (503, "2")
    assert response.context["form"].non_field_errors() == [
        "This event is very busy right now. Please try again in a moment."
    ]
    # The throttle let the RSVP through and counted it: the 503 is the event lock's
    # (its counter is out of the event lock's way: on SQLite, in a file of its own).
    assert ThrottleCounter.objects.get(key="throttle_rsvp_127.0.0.1").count == 1
    assert Rsvp.objects.count() == 0
