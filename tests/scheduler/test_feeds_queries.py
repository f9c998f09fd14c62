"""Every feed costs the same number of queries for 10 and 1,000 events; a 304 costs one."""

import datetime as dt
import uuid

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rsvp.models import Attendee, Rsvp, token_hash, token_new
from scheduler import filters
from scheduler.feeds.cache import feed_cache_clear
from scheduler.models import Event, EventLanguage, FeedStamp
from scheduler.services import officer_feed_token_rotate, series_materialize
from tests import factories

pytestmark = pytest.mark.django_db


def _bulk_events(count, *, program, venue, host, partner, officer, attendee):
    start = timezone.now() + dt.timedelta(days=1)
    events = Event.objects.bulk_create(
        Event(
            # In Spanish too; each language's title is a column of the row.
            title_en=f"Bulk {i}",
            title_es=f"Lote {i}",
            program=program,
            venue=venue,
            host=host,
            start=start + dt.timedelta(hours=i),
            end=start + dt.timedelta(hours=i, minutes=45),
            uid=f"event-{uuid.uuid4()}@porchlight",
        )
        for i in range(count)
    )
    Event.partners.through.objects.bulk_create(
        Event.partners.through(event_id=e.pk, organization_id=partner.pk) for e in events
    )
    Event.officers.through.objects.bulk_create(
        Event.officers.through(event_id=e.pk, user_id=officer.pk) for e in events
    )
    EventLanguage.objects.bulk_create(
        EventLanguage(event=e, language="vi", interpreted=True) for e in events
    )
    Rsvp.objects.bulk_create(
        Rsvp(
            event=e,
            attendee=attendee,
            status=Rsvp.Status.WAITLISTED if i % 2 else Rsvp.Status.CONFIRMED,
            waitlist_joined_at=timezone.now() if i % 2 else None,
            manage_token_hash=token_hash(token_new()),
        )
        for i, e in enumerate(events)
    )


def _counts(client, url):
    def measure(**headers):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, **headers)
        assert response.status_code in (200, 304)
        return response, len(ctx.captured_queries)

    feed_cache_clear()
    cache.clear()
    # Cold: never served before, and the filter's slug not yet checked by this process
    # (else the figure depends on which test ran before).
    filters._KNOWN_SLUGS.clear()
    FeedStamp.objects.all().delete()
    cold, cold_queries = measure()
    assert cold.status_code == 200
    _, warm_queries = measure()
    not_modified, not_modified_queries = measure(HTTP_IF_NONE_MATCH=cold["ETag"])
    assert not_modified.status_code == 304
    by_date, by_date_queries = measure(HTTP_IF_MODIFIED_SINCE=cold["Last-Modified"])
    assert by_date.status_code == 304
    # Another process, which has never served this feed: its 304s cost the same.
    feed_cache_clear()
    elsewhere, elsewhere_queries = measure(HTTP_IF_NONE_MATCH=cold["ETag"])
    assert elsewhere.status_code == 304
    feed_cache_clear()
    elsewhere_by_date, elsewhere_by_date_queries = measure(
        HTTP_IF_MODIFIED_SINCE=cold["Last-Modified"]
    )
    assert elsewhere_by_date.status_code == 304
    return (
        cold_queries,
        warm_queries,
        not_modified_queries,
        by_date_queries,
        elsewhere_queries,
        elsewhere_by_date_queries,
        cold.content.count(b"BEGIN:VEVENT"),
    )


def test_every_feed_costs_the_same_queries_for_10_and_1000_events(client):
    program = factories.program(slug="coffee")
    host = factories.organization(slug="pd")
    partner = factories.organization(slug="library")
    venue = factories.venue()
    officer = factories.user("officer")
    attendee = Attendee.objects.create(
        email="bulk@example.org", feed_token_hash=token_hash("me-token")
    )
    officer_token = officer_feed_token_rotate(user=officer)
    series = factories.series(program=program, host=host, venue=venue)
    series_materialize(series=series, until=timezone.localdate() + dt.timedelta(days=60))
    single = Event.objects.filter(series__isnull=True).first()
    urls = [
        "/calendar/events.ics",
        "/calendar/events.ics?program=coffee",
        "/calendar/events.ics?language=vi",
        "/calendar/programs/coffee.ics",
        "/calendar/organizations/library.ics",
        "/calendar/me/me-token.ics",
        f"/calendar/officers/{officer_token}.ics",
        # Language-specific feeds cost the same.
        "/calendar/events.ics?lang=es",
        "/calendar/events.ics?program=coffee&lang=vi",
        "/calendar/programs/coffee.ics?lang=zh-hant",
        "/calendar/me/me-token.ics?lang=es",
    ]
    kwargs = dict(
        program=program, venue=venue, host=host, partner=partner, officer=officer, attendee=attendee
    )
    _bulk_events(10, **kwargs)
    single = Event.objects.filter(series__isnull=True).first()
    singles = [f"/calendar/events/{single.pk}.ics", f"/calendar/events/{single.pk}.ics?lang=es"]
    few = {url: _counts(client, url) for url in [*urls, *singles]}
    _bulk_events(990, **kwargs)
    many = {url: _counts(client, url) for url in [*urls, *singles]}

    for url in few:
        assert few[url][:6] == many[url][:6], url
    assert many["/calendar/events.ics"][6] == 1001  # 1,000 events and the series
    assert many["/calendar/me/me-token.ics"][6] == 1000
    assert many["/calendar/events.ics?lang=es"][6] == 1001
    # A warm feed and every 304 (If-None-Match, or If-Modified-Since alone, in this
    # process or another): one query, which also reads the feed's stamp. A filter's slug
    # is checked once per process, then remembered.
    assert {url: few[url][1:6] for url in few} == {
        "/calendar/events.ics": (1, 1, 1, 1, 1),
        "/calendar/events.ics?program=coffee": (1, 1, 1, 1, 1),
        "/calendar/events.ics?language=vi": (1, 1, 1, 1, 1),
        "/calendar/programs/coffee.ics": (1, 1, 1, 1, 1),
        "/calendar/organizations/library.ics": (1, 1, 1, 1, 1),
        "/calendar/me/me-token.ics": (1, 1, 1, 1, 1),
        # One more: the National Night Out visits' fingerprint (scheduler.feeds.extras).
        f"/calendar/officers/{officer_token}.ics": (2, 2, 2, 2, 2),
        f"/calendar/events/{single.pk}.ics": (1, 1, 1, 1, 1),
        "/calendar/events.ics?lang=es": (1, 1, 1, 1, 1),
        "/calendar/events.ics?program=coffee&lang=vi": (1, 1, 1, 1, 1),
        "/calendar/programs/coffee.ics?lang=zh-hant": (1, 1, 1, 1, 1),
        "/calendar/me/me-token.ics?lang=es": (1, 1, 1, 1, 1),
        f"/calendar/events/{single.pk}.ics?lang=es": (1, 1, 1, 1, 1),
    }
