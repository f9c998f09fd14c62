""" "I can't make it" under real parallel connections: the seat goes to the waitlist through
rsvp_cancel's lock, once, whatever taps and cancels race it."""

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from django.utils import timezone

from followup.errors import FollowupError
from followup.models import StillComing
from followup.services import still_coming_answer
from notifications.models import Notification
from rsvp.models import Rsvp
from rsvp.services import rsvp_cancel, rsvp_create
from tests import factories
from tests.followup.helpers import ask, question_token

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]

THREADS = 8


def _parallel(calls) -> list:
    """Run the calls at once (a barrier), each on its own connection; their outcomes."""
    barrier = threading.Barrier(len(calls))

    def one(call):
        try:
            barrier.wait(timeout=30)
            return call()
        except FollowupError as exc:
            return exc.code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(one, calls))


def test_many_cant_taps_at_once_cancel_once_and_promote_the_waitlist_in_order():
    event = factories.event(capacity=4, start=timezone.now() + dt.timedelta(days=5))
    sizes = {"a": 2, "b": 2, "c": 2, "d": 2, "e": 1}
    rsvps = {
        key: rsvp_create(event=event, email=f"{key}@example.org", name=key, party_size=size).rsvp
        for key, size in sizes.items()
    }
    assert [rsvps[k].status for k in "abcde"] == ["confirmed"] * 2 + ["waitlisted"] * 3
    ask(event)
    tokens = {k: question_token(rsvps[k]) for k in "ab"}
    # The same "can't" link tapped on several phones, the other confirmed party tapping
    # "can't" and cancelling from its manage page at the same moment.
    calls = [lambda: still_coming_answer(token=tokens["a"], answer="cant").answer] * THREADS
    calls += [lambda: still_coming_answer(token=tokens["b"], answer="cant").answer] * 2
    calls += [lambda: rsvp_cancel(rsvp=Rsvp.objects.get(pk=rsvps["b"].pk))] * 2
    outcomes = _parallel(calls)

    a_outcomes = outcomes[:THREADS]
    # One tap wins; the others find the question answered (or the RSVP already cancelled).
    assert a_outcomes.count("cant") == 1
    assert set(a_outcomes) <= {"cant", "already_answered", "rsvp_not_confirmed"}
    status = dict(Rsvp.objects.filter(event=event).values_list("name", "status"))
    # Both confirmed parties are gone (a by its link, b by its link or its manage page);
    # the four freed seats went to the waitlist in arrival order: c and d (2 + 2).
    assert status == {
        "a": "cancelled",
        "b": "cancelled",
        "c": "confirmed",
        "d": "confirmed",
        "e": "waitlisted",
    }
    assert Rsvp.objects.filter(event=event).confirmed().seats() == 4
    assert StillComing.objects.get(rsvp=rsvps["a"]).answer == "cant"
    # Each cancel and each promotion told once.
    assert sorted(
        Notification.objects.filter(event=event, kind__in=["cancelled", "promoted"]).values_list(
            "kind", "rsvp__name"
        )
    ) == [("cancelled", "a"), ("cancelled", "b"), ("promoted", "c"), ("promoted", "d")]
