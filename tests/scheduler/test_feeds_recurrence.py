"""Series in feeds: one VEVENT with RRULE whose expansion is exactly the stored occurrences."""

import datetime as dt

import pytest

from rsvp.models import Rsvp, token_hash
from rsvp.services import rsvp_create
from scheduler.feeds.cache import feed_cache_clear
from scheduler.feeds.queries import feed_window, in_window
from scheduler.models import Event, EventSeries
from scheduler.services import (
    event_cancel,
    event_delete,
    event_save,
    officer_feed_token_rotate,
    series_materialize,
)
from tests import factories
from tests.scheduler.feeds_support import (
    LA,
    UTC,
    expand,
    expand_vobject,
    frozen,
    parse,
    stored,
    vevents,
    vobject_parse,
)

pytestmark = pytest.mark.django_db

# Both daylight-saving changes (1 Nov 2026, 14 Mar 2027) fall inside the feed's window.
NOW = dt.datetime(2026, 10, 20, 19, 0, tzinfo=UTC)
FAR = dt.datetime(2028, 1, 1, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _fresh_cache():
    feed_cache_clear()


def _occurrence(series, day: dt.date) -> Event:
    return Event.objects.get(series=series, occurrence_date=day)


def _feed_events():
    window = feed_window()
    return list(in_window(Event.objects.public(), window))


def _expansion_matches_stored(client):
    body = client.get("/calendar/events.ics").content
    window = feed_window()
    expected = stored(_feed_events())
    assert expand(body, window.start, FAR) == expected
    assert expand_vobject(body, window.start, FAR) == sorted(row[0] for row in expected)
    return body


def test_weekly_series_is_one_vevent_with_rrule_and_keeps_local_time_across_dst(client):
    with frozen(NOW):
        series = factories.series(
            rrule="FREQ=WEEKLY;BYDAY=TU",
            start_date=dt.date(2026, 8, 4),
            start_time=dt.time(18, 30),
        )
        series_materialize(series=series, until=dt.date(2027, 5, 31))
        body = _expansion_matches_stored(client)

    components = vevents(body)
    assert [str(c["UID"]) for c in components] == [series.uid]
    master = components[0]
    # The master starts at the first occurrence in the window (30 days back)…
    assert master.decoded("DTSTART") == dt.datetime(2026, 9, 22, 18, 30, tzinfo=LA)
    assert master["DTSTART"].params["TZID"] == "America/Los_Angeles"
    # …and its rule stops at the last stored occurrence (materialized up to 31 May).
    assert master["RRULE"].to_ical() == b"FREQ=WEEKLY;UNTIL=20270526T013000Z;BYDAY=TU"
    starts = [row[0].astimezone(LA).time() for row in expand(body, NOW, FAR)]
    assert set(starts) == {dt.time(18, 30)}
    assert len(parse(body).walk("VTIMEZONE")) == 1


def test_edited_cancelled_and_deleted_occurrences_become_overrides_and_exdates(client):
    with frozen(NOW) as clock:
        series = factories.series(
            rrule="FREQ=WEEKLY;BYDAY=TU", start_date=dt.date(2026, 8, 4), start_time=dt.time(18, 30)
        )
        series_materialize(series=series, until=dt.date(2027, 5, 31))
        clock.advance(minutes=1)

        moved = _occurrence(series, dt.date(2026, 11, 10))
        moved.start = dt.datetime(2026, 11, 10, 19, 0, tzinfo=LA)
        moved.end = moved.start + dt.timedelta(hours=2)
        event_save(event=moved, changed_fields=["start", "end"])
        renamed = _occurrence(series, dt.date(2027, 3, 16))  # just after spring forward
        renamed.title = "Special meeting"
        event_save(event=renamed, changed_fields=["title"])
        event_cancel(event=_occurrence(series, dt.date(2026, 12, 1)), reason="Holiday")
        event_delete(event=_occurrence(series, dt.date(2027, 1, 5)))

        body = _expansion_matches_stored(client)

    components = vevents(body)
    master = components[0]
    overrides = {c.decoded("RECURRENCE-ID"): c for c in components[1:]}
    assert sorted(overrides) == [
        dt.datetime(2026, 11, 10, 18, 30, tzinfo=LA),
        dt.datetime(2026, 12, 1, 18, 30, tzinfo=LA),
        dt.datetime(2027, 3, 16, 18, 30, tzinfo=LA),
    ]
    assert {str(c["UID"]) for c in components} == {series.uid}
    cancelled = overrides[dt.datetime(2026, 12, 1, 18, 30, tzinfo=LA)]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert cancelled["SEQUENCE"] == 1
    assert overrides[dt.datetime(2026, 11, 10, 18, 30, tzinfo=LA)].decoded("DTSTART") == (
        dt.datetime(2026, 11, 10, 19, 0, tzinfo=LA)
    )
    exdates = [d.dt for d in master["EXDATE"].dts]
    assert exdates == [dt.datetime(2027, 1, 5, 18, 30, tzinfo=LA)]


def test_series_time_change_keeps_past_occurrences_at_their_old_time(client):
    with frozen(NOW) as clock:
        series = factories.series(
            rrule="FREQ=WEEKLY;BYDAY=TH", start_date=dt.date(2026, 7, 2), start_time=dt.time(18, 0)
        )
        series_materialize(series=series, until=dt.date(2027, 4, 30))
        clock.advance(minutes=1)
        series.start_time = dt.time(19, 15)
        series.save()
        series_materialize(series=series, until=dt.date(2027, 4, 30))
        body = _expansion_matches_stored(client)
        window_start = feed_window().start

    master = vevents(body)[0]
    assert master.decoded("DTSTART").astimezone(LA).time() == dt.time(19, 15)
    past = expand(body, window_start, NOW)
    assert {row[0].astimezone(LA).time() for row in past} == {dt.time(18, 0)}


def test_monthly_series_with_count_and_unlisted_occurrence(client):
    with frozen(NOW) as clock:
        series = factories.series(
            rrule="FREQ=MONTHLY;BYDAY=1TH;COUNT=12",
            start_date=dt.date(2026, 6, 1),
            start_time=dt.time(9, 0),
        )
        series_materialize(series=series)
        clock.advance(minutes=1)
        hidden = _occurrence(series, dt.date(2027, 1, 7))
        hidden.visibility = "unlisted"
        event_save(event=hidden, changed_fields=["visibility"])
        body = _expansion_matches_stored(client)

    master = vevents(body)[0]
    assert master["RRULE"].to_ical() == b"FREQ=MONTHLY;UNTIL=20270506T160000Z;BYDAY=1TH"
    assert [d.dt for d in master["EXDATE"].dts] == [dt.datetime(2027, 1, 7, 9, 0, tzinfo=LA)]


def test_series_occurrences_older_than_the_window_leave_the_feed(client):
    with frozen(NOW) as clock:
        series = factories.series(
            rrule="FREQ=DAILY", start_date=dt.date(2026, 10, 1), start_time=dt.time(8, 0)
        )
        series_materialize(series=series, until=dt.date(2026, 12, 31))
        clock.advance(days=40)
        body = _expansion_matches_stored(client)
    assert vevents(body)[0].decoded("DTSTART") == dt.datetime(2026, 10, 30, 8, 0, tzinfo=LA)


def test_single_event_download_of_an_occurrence_is_plain_with_its_own_uid(client):
    with frozen(NOW):
        series = factories.series(start_date=dt.date(2026, 10, 1))
        series_materialize(series=series, until=dt.date(2026, 12, 31))
        occurrence = series.occurrences.order_by("start").last()
        body = client.get(f"/calendar/events/{occurrence.pk}.ics").content
    (component,) = vevents(body)
    assert str(component["UID"]) == occurrence.uid
    assert "RRULE" not in component
    assert component.decoded("DTSTART") == occurrence.start.astimezone(LA)
    assert vobject_parse(body).vevent.uid.value == occurrence.uid


def test_personal_feed_expands_to_exactly_the_residents_occurrences(client):
    with frozen(NOW):
        series = factories.series(
            rrule="FREQ=WEEKLY;BYDAY=TU",
            start_date=dt.date(2026, 10, 1),
            start_time=dt.time(18, 30),
            capacity=1,
        )
        series_materialize(series=series, until=dt.date(2027, 4, 30))
        days = [dt.date(2026, 10, 27), dt.date(2026, 11, 10), dt.date(2027, 3, 16)]
        occurrences = [_occurrence(series, day) for day in days]
        factories.rsvp(occurrences[1])  # full: the resident waits for this one
        token = None
        for event in occurrences:
            result = rsvp_create(event=event, email="dee@example.org", name="Dee")
            token = token or result.rsvp.attendee.feed_token_rotate()
        waiting = Rsvp.objects.get(event=occurrences[1], attendee__email="dee@example.org")
        assert waiting.status == "waitlisted"
        body = client.get(f"/calendar/me/{token}.ics").content
        window_start = feed_window().start

    assert expand(body, window_start, FAR) == stored(occurrences, tentative={occurrences[1].pk})
    assert {str(c["UID"]) for c in vevents(body)} == {series.uid}
    assert expand_vobject(body, window_start, FAR) == sorted(
        e.start.astimezone(UTC) for e in occurrences
    )


def test_a_series_whose_rule_cannot_be_read_still_lists_its_occurrences(client):
    with frozen(NOW):
        series = factories.series(start_date=dt.date(2026, 10, 1))
        series_materialize(series=series, until=dt.date(2026, 11, 30))
        EventSeries.objects.filter(pk=series.pk).update(rrule="FREQ=WEEKLY;BYDAY=XX")
        response = client.get("/calendar/events.ics")
        expected = sorted(e.uid for e in _feed_events())
    assert response.status_code == 200
    assert sorted(str(c["UID"]) for c in vevents(response.content)) == expected


def test_every_feed_parses_and_expands_to_its_stored_events(client):
    """icalendar, recurring_ical_events and vobject over each feed URL, across both DST changes."""
    with frozen(NOW) as clock:
        program = factories.program(slug="watch")
        school = factories.organization(slug="school")
        officer = factories.user("officer")
        series = factories.series(
            rrule="FREQ=WEEKLY;BYDAY=WE",
            start_date=dt.date(2026, 9, 2),
            start_time=dt.time(17, 45),
            program=program,
            capacity=1,
        )
        series_materialize(series=series, until=dt.date(2027, 5, 31))
        series.partners.add(school)
        series.officers.add(officer)
        series_materialize(series=series, until=dt.date(2027, 5, 31))
        clock.advance(minutes=1)
        event_cancel(event=_occurrence(series, dt.date(2026, 11, 4)))
        moved = _occurrence(series, dt.date(2027, 3, 17))
        moved.start += dt.timedelta(minutes=30)
        moved.end += dt.timedelta(minutes=30)
        event_save(event=moved, changed_fields=["start", "end"])
        single = factories.event(
            start=dt.datetime(2027, 3, 14, 9, 30, tzinfo=LA), host=school, officers=[officer]
        )
        factories.event(start=dt.datetime(2026, 11, 1, 1, 30, tzinfo=LA), program=program)
        factories.event(visibility="unlisted", officers=[officer], start=NOW + dt.timedelta(days=3))
        attendee = factories.attendee(feed_token_hash=token_hash("dee-token"))
        for day, status in (
            (dt.date(2026, 10, 28), "confirmed"),
            (dt.date(2027, 1, 6), "waitlisted"),
        ):
            factories.rsvp(_occurrence(series, day), attendee=attendee, status=status)
        factories.rsvp(single, attendee=attendee)
        officer_token = officer_feed_token_rotate(user=officer)

        window = feed_window()
        in_feed = in_window(Event.objects.all(), window)
        public = in_feed.filter(visibility="public")
        mine = in_feed.filter(
            rsvps__attendee=attendee, rsvps__status__in=["confirmed", "waitlisted"]
        )
        waiting = set(
            Rsvp.objects.filter(attendee=attendee, status="waitlisted").values_list(
                "event", flat=True
            )
        )
        feeds_and_rows = {
            "/calendar/events.ics": (public, set()),
            "/calendar/events.ics?program=watch": (public.filter(program=program), set()),
            "/calendar/programs/watch.ics": (public.filter(program=program), set()),
            "/calendar/organizations/school.ics": (
                public.filter(pk__in=Event.objects.filter(partners=school).values("pk"))
                | public.filter(host=school),
                set(),
            ),
            "/calendar/me/dee-token.ics": (mine, waiting),
            f"/calendar/officers/{officer_token}.ics": (in_feed.filter(officers=officer), set()),
            f"/calendar/events/{single.pk}.ics": (Event.objects.filter(pk=single.pk), set()),
        }
        for url, (rows, tentative) in feeds_and_rows.items():
            response = client.get(url)
            assert response.status_code == 200, url
            body = response.content
            expected = stored(rows.distinct(), tentative=tentative)
            assert len(expected) > 0, url
            assert expand(body, window.start, FAR) == expected, url
            assert expand_vobject(body, window.start, FAR) == [row[0] for row in expected], url
            zones = [str(z["TZID"]) for z in parse(body).walk("VTIMEZONE")]
            assert zones == ["America/Los_Angeles"], url
