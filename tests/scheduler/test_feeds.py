"""Calendar feeds: what they hold, who may read them, and their HTTP behaviour."""

import ast
import datetime as dt
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date

from rsvp.models import token_hash
from rsvp.services import rsvp_cancel, rsvp_create
from scheduler import queries
from scheduler.feeds import builder
from scheduler.feeds.cache import feed_cache_clear
from scheduler.feeds.timezones import vtimezone
from scheduler.models import Event
from scheduler.services import (
    event_cancel,
    event_delete,
    event_save,
    officer_feed_token_rotate,
    series_materialize,
)
from tests import factories
from tests.scheduler.feeds_support import frozen, parse, uids, vevents, vobject_parse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    feed_cache_clear()


def _soon(days=3, hour=18):
    return timezone.now().replace(hour=hour, minute=0, second=0, microsecond=0) + dt.timedelta(
        days=days
    )


def _feed(client, url="/calendar/events.ics", **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, response.content
    return response


# --- calendar content ----------------------------------------------------------------


def test_public_feed_has_calendar_properties_and_one_vtimezone_per_zone(client):
    factories.event(title="Coffee", start=_soon(2))
    factories.event(title="Watch", start=_soon(4))
    factories.event(title="Eastern", start=_soon(5), timezone="America/New_York")
    response = _feed(client)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = parse(response.content)
    assert str(calendar["PRODID"]) == "-//Porchlight//Community events//EN"
    assert str(calendar["X-WR-CALNAME"]) == "Community events"
    assert str(calendar["X-WR-CALDESC"]).startswith("Events run by the police department")
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in response.content
    assert b"X-PUBLISHED-TTL:PT1H\r\n" in response.content
    assert b"METHOD" not in response.content
    zones = [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")]
    assert zones == ["America/Los_Angeles", "America/New_York"]
    assert [str(c["SUMMARY"]) for c in vevents(response.content)] == ["Coffee", "Watch", "Eastern"]
    assert vobject_parse(response.content).vevent_list[0].summary.value == "Coffee"


def test_vevent_carries_what_where_who_and_no_personal_data(client):
    library = factories.organization(name="Central Library")
    host = factories.organization(name="Police Department")
    venue = factories.venue(
        name="Community Room",
        address="12 Oak St",
        latitude="45.512300",
        longitude="-122.658700",
        accessibility_notes="Step-free entrance.",
    )
    program = factories.program(name="Coffee with a Cop")
    event = factories.event(
        title="Coffee downtown",
        description="Talk with officers.",
        start=_soon(),
        host=host,
        partners=[library],
        venue=venue,
        program=program,
        officers=[factories.user("officer", first_name="Oliver", last_name="Officer")],
    )
    rsvp_create(event=event, email="ana.resident@example.org", name="Ana Resident", phone="")
    body = _feed(client).content
    (component,) = vevents(body)
    assert str(component["UID"]) == event.uid
    assert component["SEQUENCE"] == 0
    assert str(component["STATUS"]) == "CONFIRMED"
    assert str(component["LOCATION"]) == "Community Room, 12 Oak St"
    assert component["GEO"].latitude == 45.5123
    assert str(component["URL"]) == f"http://testserver/events/{event.pk}/"
    assert component["CATEGORIES"].cats == ["Coffee with a Cop"]
    assert str(component["DESCRIPTION"]) == (
        "Talk with officers.\n\nHosted by Police Department with Central Library.\n\n"
        "Accessibility: Step-free entrance.\n\n"
        f"Details and RSVP: http://testserver/events/{event.pk}/"
    )
    assert component["DTSTART"].params["TZID"] == "America/Los_Angeles"
    stamp = event.updated_at.astimezone(dt.UTC).replace(microsecond=0)
    assert component.decoded("DTSTAMP") == stamp
    assert component.decoded("LAST-MODIFIED") == stamp
    for forbidden in (b"ORGANIZER", b"ATTENDEE", b"Ana", b"resident@", b"Oliver"):
        assert forbidden not in body


def test_identical_data_gives_identical_bytes(client):
    factories.event(start=_soon())
    first = _feed(client).content
    feed_cache_clear()
    assert _feed(client).content == first


def test_fragment_store_changes_nothing_in_the_bytes():
    series = factories.series(start_date=timezone.localdate() - dt.timedelta(days=10))
    series_materialize(series=series, until=timezone.localdate() + dt.timedelta(days=40))
    factories.event(start=_soon(), partners=[factories.organization()])
    events = list(queries.with_details(Event.objects.all()).order_by("start", "id"))
    info = builder.CalendarInfo(name="All", description="All events", site_url="http://x")
    store = {}
    plain = builder.calendar_build(events, info=info)
    assert builder.calendar_build(events, info=info, fragments=store) == plain
    assert len(store) == 2  # one single event, one series
    assert builder.calendar_build(events, info=info, fragments=store) == plain


def test_uid_stays_and_sequence_rises_on_time_place_and_status_changes(client):
    event = factories.event(start=_soon())
    (before,) = vevents(_feed(client).content)

    event.title = "New title"
    event_save(event=event, changed_fields=["title"])
    event.start += dt.timedelta(hours=1)
    event.end += dt.timedelta(hours=1)
    event_save(event=event, changed_fields=["start", "end"])
    (moved,) = vevents(_feed(client).content)
    assert str(moved["UID"]) == str(before["UID"]) == event.uid
    assert moved["SEQUENCE"] > before["SEQUENCE"]
    assert moved.decoded("DTSTART") == event.start

    event.venue = factories.venue(name="Gym")
    event_save(event=event, changed_fields=["venue"])
    (relocated,) = vevents(_feed(client).content)
    assert relocated["SEQUENCE"] > moved["SEQUENCE"]
    assert str(relocated["LOCATION"]).startswith("Gym, ")

    event_cancel(event=event, reason="Storm warning")
    (cancelled,) = vevents(_feed(client).content)
    assert str(cancelled["UID"]) == event.uid
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert cancelled["SEQUENCE"] > relocated["SEQUENCE"]
    assert str(cancelled["SUMMARY"]) == "Cancelled: New title"
    assert str(cancelled["DESCRIPTION"]).startswith("This event is cancelled. Storm warning")


def test_renaming_a_venue_reaches_the_feed(client):
    event = factories.event(start=_soon())
    first = _feed(client)
    event.venue.name = "Renamed hall"
    event.venue.save()
    second = _feed(client)
    assert str(vevents(second.content)[0]["LOCATION"]).startswith("Renamed hall, ")
    assert second["ETag"] != first["ETag"]


def test_deleted_event_leaves_the_feed(client):
    keep = factories.event(start=_soon(1))
    gone = factories.event(start=_soon(2))
    assert uids(_feed(client).content) == sorted([keep.uid, gone.uid])
    event_delete(event=gone)
    assert uids(_feed(client).content) == [keep.uid]


def test_window_is_30_days_back_and_cancelled_events_stay_30_days(client, settings):
    old = factories.event(start=_soon(-32))
    recent = factories.event(start=_soon(-29))
    cancelled_long_ago = factories.event(start=_soon(3))
    cancelled_lately = factories.event(start=_soon(4))
    event_cancel(event=cancelled_long_ago)
    event_cancel(event=cancelled_lately)
    Event.objects.filter(pk=cancelled_long_ago.pk).update(
        cancelled_at=timezone.now() - dt.timedelta(days=32)
    )
    assert old.uid not in uids(_feed(client).content)
    assert uids(_feed(client).content) == sorted([recent.uid, cancelled_lately.uid])

    settings.PORCHLIGHT = {**settings.PORCHLIGHT, "FEED_CANCELLED_DAYS": 40}
    assert uids(_feed(client).content) == sorted(
        [recent.uid, cancelled_lately.uid, cancelled_long_ago.uid]
    )


def test_events_feed_uses_the_same_filters_as_the_list(client):
    coffee = factories.program(slug="coffee")
    hood = factories.neighborhood(slug="eastside")
    library = factories.organization(slug="library")
    a = factories.event(title="Coffee downtown", program=coffee, start=_soon(1))
    b = factories.event(
        title="Watch in Eastside", venue=factories.venue(neighborhood=hood), start=_soon(2)
    )
    c = factories.event(title="Hosted by library", host=library, start=_soon(3))
    d = factories.event(title="Library partner", partners=[library], start=_soon(4))
    e = factories.event(title="Bike rodeo", description="helmets for kids", start=_soon(5))
    factories.event(title="Unlisted", visibility="unlisted", start=_soon(6))

    def titles(query):
        return [
            str(c["SUMMARY"])
            for c in vevents(_feed(client, "/calendar/events.ics" + query).content)
        ]

    assert titles("") == [x.title for x in (a, b, c, d, e)]
    assert titles("?program=coffee") == ["Coffee downtown"]
    assert titles("?neighborhood=eastside") == ["Watch in Eastside"]
    assert titles("?organization=library") == ["Hosted by library", "Library partner"]
    assert titles("?q=HELMETS") == ["Bike rodeo"]
    assert titles("?organization=library&page=3") == ["Hosted by library", "Library partner"]


def test_events_feed_with_an_unknown_filter_is_a_clear_400(client):
    response = client.get("/calendar/events.ics?program=no-such-program")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().startswith("This calendar link has a filter that cannot")


def test_program_and_organization_feeds(client):
    coffee = factories.program(slug="coffee", name="Coffee with a Cop")
    school = factories.organization(slug="school", name="Lincoln High")
    hosted = factories.event(program=coffee, host=school, start=_soon(1))
    partnered = factories.event(partners=[school], start=_soon(2))
    other = factories.event(start=_soon(3))
    factories.event(program=coffee, visibility="unlisted", start=_soon(4))

    program_body = _feed(client, "/calendar/programs/coffee.ics").content
    assert uids(program_body) == [hosted.uid]
    assert str(parse(program_body)["X-WR-CALNAME"]) == "Coffee with a Cop"
    org_body = _feed(client, "/calendar/organizations/school.ics").content
    assert uids(org_body) == sorted([hosted.uid, partnered.uid])
    assert other.uid not in uids(org_body)
    assert client.get("/calendar/programs/nothing.ics").status_code == 404
    assert client.get("/calendar/organizations/nothing.ics").status_code == 404


def test_single_event_download_works_for_unlisted_and_cancelled_events(client):
    unlisted = factories.event(visibility="unlisted", start=_soon())
    link = f"/calendar/events/{unlisted.share_key}.ics"
    assert unlisted.ics_path == link
    body = _feed(client, link).content
    assert uids(body) == [unlisted.uid]
    event_cancel(event=unlisted)
    (component,) = vevents(_feed(client, link).content)
    assert str(component["STATUS"]) == "CANCELLED"
    # By its id, an unlisted event is not found: counting ids finds nothing.
    assert client.get(f"/calendar/events/{unlisted.pk}.ics").status_code == 404
    assert client.get("/calendar/events/999999.ics").status_code == 404
    assert client.get(f"/calendar/events/{'x' * 32}.ics").status_code == 404


# --- personal and officer feeds --------------------------------------------------------


def test_personal_feed_follows_rsvps_and_shows_waitlist_as_tentative(client):
    full = factories.event(title="Full", capacity=1, start=_soon(1))
    open_ = factories.event(title="Open", start=_soon(2))
    unlisted = factories.event(title="Unlisted", visibility="unlisted", start=_soon(3))
    neighbour = factories.rsvp(full, party_size=1)
    first = rsvp_create(event=open_, email="ana@example.org", name="Ana")
    token = first.rsvp.attendee.feed_token_rotate()
    rsvp_create(event=full, email="ana@example.org", name="Ana")
    third = rsvp_create(event=unlisted, email="ana@example.org", name="Ana")
    url = f"/calendar/me/{token}.ics"

    response = _feed(client, url)
    components = vevents(response.content)
    assert [(str(c["SUMMARY"]), str(c["STATUS"])) for c in components] == [
        ("Full", "TENTATIVE"),
        ("Open", "CONFIRMED"),
        ("Unlisted", "CONFIRMED"),
    ]
    assert response["Cache-Control"] == "private, max-age=900, no-transform"
    assert b"ana@example.org" not in response.content and b"Ana" not in response.content

    rsvp_cancel(rsvp=third.rsvp)
    after = _feed(client, url)
    assert [str(c["SUMMARY"]) for c in vevents(after.content)] == ["Full", "Open"]
    assert after["ETag"] != response["ETag"]

    rsvp_cancel(rsvp=neighbour)  # the seat goes to Ana, first on the waitlist
    promoted = vevents(_feed(client, url).content)
    assert [(str(c["SUMMARY"]), str(c["STATUS"])) for c in promoted] == [
        ("Full", "CONFIRMED"),
        ("Open", "CONFIRMED"),
    ]


def test_personal_feed_unknown_or_rotated_token_is_404(client):
    event = factories.event(start=_soon())
    result = rsvp_create(event=event, email="ben@example.org", name="Ben")
    old_token = result.rsvp.attendee.feed_token_rotate()
    assert _feed(client, f"/calendar/me/{old_token}.ics")
    new_token = result.rsvp.attendee.feed_token_rotate()
    assert client.get(f"/calendar/me/{old_token}.ics").status_code == 404
    assert client.get("/calendar/me/not-a-token.ics").status_code == 404
    assert uids(_feed(client, f"/calendar/me/{new_token}.ics").content) == [event.uid]


def test_personal_feed_with_no_rsvps_is_an_empty_calendar(client):
    attendee = factories.attendee(feed_token_hash=token_hash("clear-token"))
    assert attendee.pk
    assert vevents(_feed(client, "/calendar/me/clear-token.ics").content) == []


def test_officer_feed_lists_assignments_and_rotating_turns_old_link_off(client):
    officer = factories.user("officer")
    mine = factories.event(officers=[officer], start=_soon(1))
    unlisted = factories.event(officers=[officer], visibility="unlisted", start=_soon(2))
    factories.event(start=_soon(3))
    token = officer_feed_token_rotate(user=officer)
    body = _feed(client, f"/calendar/officers/{token}.ics").content
    assert uids(body) == sorted([mine.uid, unlisted.uid])
    new_token = officer_feed_token_rotate(user=officer)
    assert client.get(f"/calendar/officers/{token}.ics").status_code == 404
    assert _feed(client, f"/calendar/officers/{new_token}.ics")
    officer.is_active = False
    officer.save()
    assert client.get(f"/calendar/officers/{new_token}.ics").status_code == 404


def test_officer_feed_token_page_shows_the_new_link_once(client):
    officer = factories.user("officer")
    assert client.get("/officers/feed-token/").status_code == 302
    client.force_login(officer)
    page = client.get("/officers/feed-token/")
    assert page.status_code == 200
    assert b"/calendar/officers/" not in page.content
    made = client.post("/officers/feed-token/")
    text = made.content.decode()
    start = text.index("http://testserver/calendar/officers/")
    link = text[start : text.index('"', start)]
    assert client.get(link.removeprefix("http://testserver")).status_code == 200
    again = client.get("/officers/feed-token/")
    assert b"/calendar/officers/" not in again.content
    assert b"Make a new feed link" in again.content


def test_officer_feed_token_page_refuses_residents_accounts(client):
    client.force_login(factories.user())
    assert client.get("/officers/feed-token/").status_code == 403
    assert client.post("/officers/feed-token/").status_code == 403


# --- HTTP -------------------------------------------------------------------------------


def test_etag_if_none_match_gives_304_and_head_works(client):
    factories.event(start=_soon())
    first = _feed(client)
    etag = first["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    not_modified = client.get("/calendar/events.ics", HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag
    assert client.get("/calendar/events.ics", HTTP_IF_NONE_MATCH='"other"').status_code == 200
    head = client.head("/calendar/events.ics")
    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == etag
    assert head["Content-Length"] == str(len(first.content))
    assert client.post("/calendar/events.ics").status_code == 405


def test_if_modified_since_is_judged_by_date(client):
    factories.event(start=_soon())
    first = _feed(client)
    last_modified = first["Last-Modified"]

    def status(value, **extra):
        return client.get("/calendar/events.ics", HTTP_IF_MODIFIED_SINCE=value, **extra).status_code

    assert status(last_modified) == 304
    earlier = http_date(timezone.now().timestamp() - 3600)
    assert status(earlier) == 200
    assert status(http_date(timezone.now().timestamp() + 3600)) == 200  # from the future
    assert status("not a date") == 200
    # If-None-Match wins over If-Modified-Since (RFC 9110 13.1.3).
    assert status(last_modified, HTTP_IF_NONE_MATCH='"stale"') == 200


def test_last_modified_moves_when_an_event_is_deleted(client):
    keep = factories.event(start=_soon(1))
    gone = factories.event(start=_soon(2))
    first = _feed(client)
    assert keep.pk
    event_delete(event=gone)
    response = client.get("/calendar/events.ics", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert response.status_code == 200
    assert response["Last-Modified"] != first["Last-Modified"]
    assert response["ETag"] != first["ETag"]


def test_if_modified_since_is_no_304_when_the_feed_returns_to_earlier_bytes(client):
    """Created then deleted: the bytes are the ones before, but a client has seen others."""
    with frozen(timezone.now()) as clock:
        factories.event(start=_soon(1))
        clock.advance(seconds=5)
        _feed(client)
        clock.advance(seconds=5)
        extra = factories.event(start=_soon(2))
        clock.advance(seconds=5)
        seen = _feed(client)
        clock.advance(seconds=5)
        event_delete(event=extra)
        clock.advance(seconds=5)
        for _ in range(2):  # this process, then one that remembers nothing
            response = client.get(
                "/calendar/events.ics", HTTP_IF_MODIFIED_SINCE=seen["Last-Modified"]
            )
            assert response.status_code == 200
            assert response["ETag"] != seen["ETag"]
            feed_cache_clear()


def test_if_modified_since_is_no_304_for_bytes_a_b_a_served_by_two_processes(client):
    """A then B (served by another process) then A again: a client holding B's date gets A.

    Each feed_cache_clear() is a switch to another process: nothing of this one's memory.
    The stamp read with the fingerprint is what knows that B was served in between.
    """
    with frozen(timezone.now()) as clock:
        factories.event(start=_soon(1))
        clock.advance(seconds=5)
        a = _feed(client)  # process 1
        clock.advance(seconds=5)
        extra = factories.event(start=_soon(2))
        clock.advance(seconds=5)
        feed_cache_clear()
        b = _feed(client)  # process 2: its client keeps B's Last-Modified
        clock.advance(seconds=5)
        event_delete(event=extra)
        clock.advance(seconds=5)
        feed_cache_clear()
        again = client.get("/calendar/events.ics", HTTP_IF_MODIFIED_SINCE=b["Last-Modified"])
        assert again.status_code == 200
        assert again.content == a.content
        assert again["ETag"] == a["ETag"]
        dates = [parsedate_to_datetime(r["Last-Modified"]) for r in (a, b, again)]
        assert dates == sorted(set(dates))  # A's bytes again, but a later date than B's
        clock.advance(seconds=5)
        for _ in range(2):  # this process, then one that remembers nothing: one query each
            with CaptureQueriesContext(connection) as ctx:
                by_date = client.get(
                    "/calendar/events.ics", HTTP_IF_MODIFIED_SINCE=again["Last-Modified"]
                )
            assert (by_date.status_code, len(ctx.captured_queries)) == (304, 1)
            stale = client.get("/calendar/events.ics", HTTP_IF_MODIFIED_SINCE=b["Last-Modified"])
            assert stale.status_code == 200
            assert stale["Last-Modified"] == again["Last-Modified"]
            feed_cache_clear()


def test_feed_is_never_compressed_even_with_gzip_middleware(client, settings):
    settings.MIDDLEWARE = ["django.middleware.gzip.GZipMiddleware", *settings.MIDDLEWARE]
    for _ in range(5):
        factories.event(start=_soon(), description="x" * 500)
    response = client.get("/calendar/events.ics", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "identity"
    assert "no-transform" in response["Cache-Control"]
    assert response.content.startswith(b"BEGIN:VCALENDAR")


def test_vtimezone_onsets_are_wall_clock_before_the_change():
    """RFC 5545 3.6.5: an observance starts at the local time in its TZOFFSETFROM."""

    def onsets(tzid):
        return [
            (o.name, o.decoded("DTSTART"), [d.dt for d in o["RDATE"].dts])
            for o in vtimezone(tzid, 2026, 2027).subcomponents
            if "RDATE" in o
        ]

    assert onsets("America/Los_Angeles") == [
        ("DAYLIGHT", dt.datetime(2026, 3, 8, 2, 0), [dt.datetime(2027, 3, 14, 2, 0)]),
        ("STANDARD", dt.datetime(2026, 11, 1, 2, 0), [dt.datetime(2027, 11, 7, 2, 0)]),
    ]
    assert onsets("Europe/Berlin") == [
        ("DAYLIGHT", dt.datetime(2026, 3, 29, 2, 0), [dt.datetime(2027, 3, 28, 2, 0)]),
        ("STANDARD", dt.datetime(2026, 10, 25, 3, 0), [dt.datetime(2027, 10, 31, 3, 0)]),
    ]


def test_the_feeds_package_imports_nothing_from_rsvp_or_notifications():
    """Direction, inside functions too: rsvp (the personal feed) and notifications (the
    invitation) build on scheduler.feeds, never the other way."""
    files = sorted(Path(builder.__file__).parent.glob("*.py"))
    imported = set()
    for file in files:
        for node in ast.walk(ast.parse(file.read_text())):
            if isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
    assert {f.name for f in files} >= {"builder.py", "queries.py", "views.py", "urls.py"}
    assert "scheduler.feeds.builder" in imported  # the walk sees the package's own imports
    assert sorted(m for m in imported if m.split(".")[0] in ("rsvp", "notifications")) == []
