"""The event page as a resident on a phone reads it: the year, the limits before typing, a
button that says what it does, an error summary tied to the fields, and the share tags a
pasted link shows."""

import datetime as dt
import html
import json
import re

import pytest

from scheduler.models import Visibility
from scheduler.services import event_cancel
from tests import factories

pytestmark = pytest.mark.django_db

PACIFIC = dt.timezone(dt.timedelta(hours=-8))


def _page(client, event, **headers) -> str:
    response = client.get(event.get_absolute_url(), **headers)
    assert response.status_code == 200
    return response.content.decode()


def _button(body: str) -> str:
    [label] = re.findall(r'<button type="submit" class="primary"[^>]*>([^<]*)</button>', body)
    return label


def _json_ld(body: str) -> list[dict]:
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    ]


def _og(body: str) -> dict[str, str]:
    return {
        name: html.unescape(value)
        for name, value in re.findall(r'<meta property="og:(\w+)" content="([^"]*)">', body)
    }


def test_the_date_has_its_year_in_each_language(client):
    event = factories.event(start=dt.datetime(2031, 12, 2, 18, 30, tzinfo=PACIFIC))
    assert '<dd class="when event-when">Tue, Dec 2, 2031 · 6:30–7:30 PM</dd>' in _page(
        client, event
    )
    spanish = _page(client, event, HTTP_ACCEPT_LANGUAGE="es")
    assert '<dd class="when event-when">mar, 2 de dic de 2031 · 6:30–7:30 p.m.</dd>' in spanish


def test_another_zone_is_named(client):
    event = factories.event(
        start=dt.datetime(2031, 12, 2, 18, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
        timezone="America/New_York",
    )
    assert '<dd class="when event-when">Tue, Dec 2, 2031 · 6:30–7:30 PM EST</dd>' in _page(
        client, event
    )


def test_the_limits_are_stated_before_the_form(client):
    closes = dt.datetime(2031, 12, 1, 17, 0, tzinfo=PACIFIC)
    event = factories.event(
        start=dt.datetime(2031, 12, 2, 18, 30, tzinfo=PACIFIC),
        max_party_size=4,
        rsvp_closes_at=closes,
    )
    body = _page(client, event)
    [limits] = re.findall(r'<ul class="limits">(.*?)</ul>', body)
    assert re.findall(r"<li>(.*?)</li>", limits) == [
        "Up to 4 people per RSVP, you included.",
        "RSVPs close on Mon, Dec 1, 2031 at 5:00 PM.",
    ]
    assert body.index('class="limits"') < body.index('id="id_name"')
    single = factories.event(max_party_size=1)
    assert re.findall(r'<ul class="limits"><li>(.*?)</li></ul>', _page(client, single)) == [
        "One person per RSVP."
    ]


def test_the_button_says_what_it_does(client):
    event = factories.event(capacity=3, max_party_size=4)
    body = _page(client, event)
    assert _button(body) == "RSVP for 1 person"
    labels = json.loads(re.search(r'<script id="rsvp-button-labels"[^>]*>(.*?)</script>', body)[1])
    # Three seats left: a party of four waits.
    assert labels == {
        "1": "RSVP for 1 person",
        "2": "RSVP for 2 people",
        "3": "RSVP for 3 people",
        "4": "Join the waitlist",
    }
    factories.rsvp(event, party_size=3)
    assert _button(_page(client, event)) == "Join the waitlist"
    spanish = _page(client, factories.event(), HTTP_ACCEPT_LANGUAGE="es")
    assert _button(spanish) != "RSVP for 1 person"


def test_a_refused_rsvp_is_summed_up_at_the_top_with_links_to_the_fields(client):
    event = factories.event(max_party_size=2)
    response = client.post(
        f"/events/{event.pk}/rsvp/",
        {"name": "", "email": "not-an-address", "party_size": "5", "accessibility_needs": ""},
    )
    assert response.status_code == 400
    body = response.content.decode()
    [summary] = re.findall(r"<div class=\"errors error-summary\"(.*?)</div>", body, re.S)
    assert 'role="alert" tabindex="-1"' in summary
    links = re.findall(r'<a href="#(id_\w+)">', summary)
    assert links == ["id_name", "id_email", "id_party_size"]
    # The summary comes before the fields, and each link lands on a field that exists.
    assert body.index("error-summary") < body.index('id="id_name"')
    for field_id in links:
        assert f'id="{field_id}"' in body
    # Each field names its error and help, and those ids exist (aria-describedby).
    for described in re.findall(r'aria-describedby="([^"]+)"', body):
        for target in described.split():
            assert f'id="{target}"' in body, target
    assert re.search(r'<input[^>]*aria-invalid="true"[^>]*id="id_party_size"', body)
    assert 'aria-describedby="id_party_size_error"' in body
    # Without JavaScript the browser lands on the form region: the action carries its fragment.
    assert f'action="/events/{event.pk}/rsvp/#rsvp"' in body


def test_share_tags_and_structured_data_say_the_public_facts(client):
    venue = factories.venue(name="Rec Center", address="1 Oak St")
    host = factories.organization(name="Riverside PD", website="https://police.example.org")
    event = factories.event(
        title="Coffee <with> a Cop & friends",
        description="Talk with officers.",
        venue=venue,
        host=host,
        start=dt.datetime(2031, 12, 2, 18, 30, tzinfo=PACIFIC),
    )
    factories.rsvp(
        event,
        name="Ana Residentname",
        attendee=factories.attendee(email="ana.resident@example.org"),
    )
    body = _page(client, event)
    assert _og(body) == {
        "type": "website",
        "title": "Coffee <with> a Cop & friends",
        "description": "Tue, Dec 2, 2031 · 6:30–7:30 PM · Rec Center, 1 Oak St",
        "url": f"http://testserver/events/{event.pk}/",
        "site_name": "Porchlight",
    }
    [data] = _json_ld(body)
    assert data == {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": "Coffee <with> a Cop & friends",
        "startDate": "2031-12-02T18:30:00-08:00",
        "endDate": "2031-12-02T19:30:00-08:00",
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "isAccessibleForFree": True,
        "inLanguage": "en",
        "url": f"http://testserver/events/{event.pk}/",
        "location": {
            "@type": "Place",
            "name": "Rec Center",
            "address": {"@type": "PostalAddress", "streetAddress": "1 Oak St"},
        },
        "organizer": {
            "@type": "Organization",
            "name": "Riverside PD",
            "url": "https://police.example.org",
        },
        "description": "Talk with officers.",
    }
    # A title cannot close the data block early.
    assert "<with>" not in re.search(r'ld\+json">(.*?)</script>', body, re.S)[1]
    # What a resident typed never reaches what a link preview or a search engine reads.
    head = body[: body.index("</head>")]
    assert "Residentname" not in head and "ana.resident" not in head


def test_a_cancelled_event_says_so_to_search_engines(client):
    event = factories.event()
    event_cancel(event=event, reason="Storm warning.")
    [data] = _json_ld(_page(client, event))
    assert data["eventStatus"] == "https://schema.org/EventCancelled"


def test_an_unlisted_event_gives_search_engines_nothing(client):
    event = factories.event(visibility=Visibility.UNLISTED)
    body = _page(client, event)
    assert _json_ld(body) == []
    assert '<meta name="robots" content="noindex">' in body
