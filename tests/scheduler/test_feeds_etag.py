"""Property: over any sequence of changes, a feed's ETag changes exactly when its bytes do.

Each step compares what the (cached) view serves with a fresh build from the database,
so a stale cache would show up as a wrong body or a false 304. The steps model the rules
they run into: a write the rules refuse (an RSVP to a closed event, a cancel after the
event started, deleting an event with RSVPs) must be refused, and change no feed.
"""

import datetime as dt

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.db.models import F
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from rsvp.errors import RsvpError
from rsvp.models import Attendee, Rsvp, token_hash
from rsvp.services import rsvp_cancel, rsvp_create
from scheduler import queries
from scheduler.errors import EventError
from scheduler.feeds import builder
from scheduler.feeds.cache import feed_cache_clear
from scheduler.feeds.queries import feed_window, in_window
from scheduler.models import Event
from scheduler.services import (
    event_cancel,
    event_delete,
    event_save,
    series_materialize,
)
from tests import factories
from tests.scheduler.feeds_support import UTC, frozen

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 10, 20, 17, 0, tzinfo=UTC)

operation = st.one_of(
    st.tuples(st.just("create"), st.integers(-35, 90)),
    st.tuples(st.just("retitle"), st.integers(0, 50)),
    st.tuples(st.just("move"), st.integers(0, 50), st.integers(-48, 48)),
    st.tuples(st.just("rename_venue"), st.integers(0, 50)),
    st.tuples(st.just("add_partner"), st.integers(0, 50)),
    st.tuples(st.just("cancel"), st.integers(0, 50)),
    st.tuples(st.just("delete"), st.integers(0, 50)),
    st.tuples(st.just("time_passes"), st.integers(0, 45)),
    st.tuples(st.just("rsvp"), st.integers(0, 50)),
    st.tuples(st.just("rsvp_cancel"), st.integers(0, 50)),
    st.tuples(st.just("nothing"), st.just(0)),
    # Another process answers next: nothing of this one's memory.
    st.tuples(st.just("other_process"), st.just(0)),
)


def _info(name, description):
    return builder.CalendarInfo(
        name=name,
        description=description,
        site_url=django_settings.SITE_URL,
        refresh_minutes=django_settings.PORCHLIGHT["FEED_REFRESH_MINUTES"],
    )


def _fresh_body() -> bytes:
    events = queries.with_details(in_window(Event.objects.public(), feed_window()))
    return builder.calendar_build(
        events.order_by("start", "id"),
        info=_info(
            "Community events", "Events run by the police department with its community partners."
        ),
    )


def _fresh_personal_body(attendee) -> bytes:
    events = list(
        queries.with_details(
            in_window(Event.objects.all(), feed_window()).filter(
                rsvps__attendee=attendee, rsvps__status__in=["confirmed", "waitlisted"]
            )
        )
        .annotate(rsvp_status=F("rsvps__status"))
        .order_by("start", "id")
    )
    tentative = {e.pk for e in events if e.rsvp_status == "waitlisted"}
    return builder.calendar_build(
        events,
        info=_info("My community events", "The events you RSVPed to."),
        tentative_ids=tentative,
    )


def _apply(op, clock, base) -> None:
    events = list(Event.objects.order_by("pk"))
    kind = op[0]
    pick = events[op[1] % len(events)] if events else None
    if kind == "create":
        start = clock.now + dt.timedelta(days=op[1], hours=3)
        factories.event(start=start, **base)
    elif kind == "time_passes":
        clock.advance(days=op[1], hours=5)
    elif kind == "other_process":
        feed_cache_clear()
    elif pick is None or kind == "nothing":
        return
    elif kind == "retitle":
        pick.title = f"{pick.title}!"
        event_save(event=pick, changed_fields=["title"])
    elif kind == "move":
        pick.start += dt.timedelta(hours=op[2])
        pick.end += dt.timedelta(hours=op[2])
        event_save(event=pick, changed_fields=["start", "end"])
    elif kind == "rename_venue":
        pick.venue.name += " Hall"
        pick.venue.save()
    elif kind == "add_partner":
        pick.partners.add(factories.organization())
    elif kind == "cancel":
        event_cancel(event=pick)
    elif kind == "delete":
        if Rsvp.objects.filter(event=pick).exists():  # on record: cancel it, never delete it
            with pytest.raises(EventError):
                event_delete(event=pick)
        else:
            event_delete(event=pick)
    elif kind == "rsvp":
        if pick.status == "cancelled" or clock.now >= pick.start:
            with pytest.raises(RsvpError) as refused:
                rsvp_create(event=pick, email="pat@example.org", name="Pat")
            assert refused.value.code == "rsvp_closed", op
        else:
            rsvp_create(event=pick, email="pat@example.org", name="Pat")
    elif kind == "rsvp_cancel":
        for rsvp in Rsvp.objects.filter(event=pick, status__in=["confirmed", "waitlisted"]):
            if clock.now >= pick.start:  # started: the RSVP stays as it was
                with pytest.raises(RsvpError) as refused:
                    rsvp_cancel(rsvp=rsvp)
                assert refused.value.code == "event_started", op
            else:
                assert rsvp_cancel(rsvp=rsvp) is True, op


CLOCK_START = [START]


@hsettings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=st.lists(operation, min_size=1, max_size=12))
# An RSVP to the 11th event (three weeks ahead), then 45 days pass, then it is cancelled.
@example(ops=[("rsvp", 10), ("time_passes", 45), ("rsvp_cancel", 10)])
def test_etag_changes_if_and_only_if_the_body_changes(client, ops):
    feed_cache_clear()
    # One clock for all examples, always moving forward (as real time does).
    with frozen(CLOCK_START[0]) as clock, transaction.atomic():
        base = {
            "program": factories.program(),
            "venue": factories.venue(),
            "host": factories.organization(),
        }
        series = factories.series(start_date=clock.now.date() - dt.timedelta(days=50), **base)
        series_materialize(series=series, until=clock.now.date() + dt.timedelta(days=70))
        first = client.get("/calendar/events.ics")
        body, etag, last_modified = first.content, first["ETag"], first["Last-Modified"]
        assert body == _fresh_body()
        resident = Attendee.objects.create(
            email="pat@example.org", feed_token_hash=token_hash("pat-token")
        )
        mine = client.get("/calendar/me/pat-token.ics")
        my_body, my_etag = mine.content, mine["ETag"]

        for op in ops:
            clock.advance(seconds=2)
            _apply(op, clock, base)
            clock.advance(seconds=2)
            fresh = _fresh_body()
            changed = fresh != body

            conditional = client.get("/calendar/events.ics", HTTP_IF_NONE_MATCH=etag)
            by_date = client.get("/calendar/events.ics", HTTP_IF_MODIFIED_SINCE=last_modified)
            if changed:
                assert conditional.status_code == 200, op
                assert conditional.content == fresh, op
                assert conditional["ETag"] != etag, op
                assert by_date.status_code == 200, op
                assert conditional["Last-Modified"] != last_modified, op
                body, etag = fresh, conditional["ETag"]
                last_modified = conditional["Last-Modified"]
            else:
                assert conditional.status_code == 304, op
                assert conditional["ETag"] == etag, op
                assert by_date.status_code == 304, op

            my_fresh = _fresh_personal_body(resident)
            personal = client.get("/calendar/me/pat-token.ics", HTTP_IF_NONE_MATCH=my_etag)
            if my_fresh != my_body:
                assert personal.status_code == 200, op
                assert personal.content == my_fresh, op
                my_body, my_etag = my_fresh, personal["ETag"]
            else:
                assert personal.status_code == 304, op
        CLOCK_START[0] = clock.now + dt.timedelta(seconds=5)
        transaction.set_rollback(True)
