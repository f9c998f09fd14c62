"""Subscribe and add-to-calendar links on the list of events and on each event's page."""

import datetime as dt
import re
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone

from scheduler.services import series_materialize
from tests import factories

pytestmark = pytest.mark.django_db

GOOGLE_NOTE = (
    "Google Calendar refreshes subscribed calendars only every several hours, "
    "so a change may take that long to show there."
)


def _hrefs(html: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in re.findall(r'href="([^"]+)"', html)]


def test_event_list_offers_the_feed_of_its_filters(client):
    factories.program(slug="coffee")
    html = client.get("/?program=coffee&page=2").content.decode()
    feed = "http://testserver/calendar/events.ics?program=coffee"
    hrefs = _hrefs(html)
    assert "webcal://testserver/calendar/events.ics?program=coffee" in hrefs
    assert feed in hrefs
    assert (
        "https://calendar.google.com/calendar/render?cid="
        + quote("webcal://testserver/calendar/events.ics?program=coffee", safe="")
    ) in hrefs
    assert (
        "https://outlook.live.com/calendar/0/addfromweb?url="
        + quote(feed, safe="")
        + "&name=Community+events"
    ) in hrefs
    assert f'value="{feed}"' in html  # the link to copy, selectable without JavaScript
    assert GOOGLE_NOTE in html
    assert client.get(feed.removeprefix("http://testserver")).status_code == 200


def test_event_page_offers_add_links_and_the_program_feed(client):
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=3)
    program = factories.program(slug="coffee", name="Coffee with a Cop")
    event = factories.event(title="Coffee & talk", start=start, program=program)
    html = client.get(f"/events/{event.pk}/").content.decode()
    hrefs = _hrefs(html)
    ics = f"http://testserver/calendar/events/{event.pk}.ics"
    assert ics in hrefs
    assert f"webcal://testserver/calendar/events/{event.pk}.ics" in hrefs
    google = [
        h for h in hrefs if h.startswith("https://calendar.google.com/calendar/render?action")
    ]
    assert len(google) == 1
    utc_start = start.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert f"dates={utc_start}%2F" in google[0]
    assert "text=Coffee+%26+talk" in google[0]
    assert any(h.startswith("https://outlook.live.com/calendar/0/deeplink/compose?") for h in hrefs)
    assert "webcal://testserver/calendar/programs/coffee.ics" in hrefs
    assert GOOGLE_NOTE in html
    assert client.get(ics.removeprefix("http://testserver")).status_code == 200


def test_unlisted_event_page_does_not_offer_the_program_feed(client):
    event = factories.event(visibility="unlisted", program=factories.program(slug="youth"))
    html = client.get(f"/events/{event.share_key}/").content.decode()
    assert "/calendar/programs/youth.ics" not in html
    assert f"/calendar/events/{event.share_key}.ics" in html
    assert f"/calendar/events/{event.pk}.ics" not in html


def test_series_link_leads_to_the_next_occurrence(client):
    series = factories.series(start_date=timezone.localdate() - dt.timedelta(days=14))
    series_materialize(series=series, until=timezone.localdate() + dt.timedelta(days=30))
    upcoming = series.occurrences.filter(end__gte=timezone.now()).order_by("start").first()
    response = client.get(f"/calendar/series/{series.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/events/{upcoming.pk}/"
    assert client.get("/calendar/series/999999/").status_code == 404


def test_feed_urls_keep_their_paths_and_names():
    """A contract (DESIGN.md): calendar apps hold these links. The personal feed lives in
    rsvp but keeps its path and its name in the calendar namespace."""
    assert [
        reverse("calendar:events"),
        reverse("calendar:program", args=["coffee"]),
        reverse("calendar:organization", args=["library"]),
        reverse("calendar:event", args=[12]),
        reverse("calendar:personal", args=["tok"]),
        reverse("calendar:officer", args=["tok"]),
        reverse("calendar:series", args=[3]),
        reverse("officer_feed_token"),
    ] == [
        "/calendar/events.ics",
        "/calendar/programs/coffee.ics",
        "/calendar/organizations/library.ics",
        "/calendar/events/12.ics",
        "/calendar/me/tok.ics",
        "/calendar/officers/tok.ics",
        "/calendar/series/3/",
        "/officers/feed-token/",
    ]
