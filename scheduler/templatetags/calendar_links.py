"""Links that put Porchlight's feeds and events into calendar apps."""

import datetime as dt
from urllib.parse import urlencode, urlsplit, urlunsplit

from django import template
from django.utils.translation import gettext

from scheduler.feeds.languages import feed_url

register = template.Library()


def webcal(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(("webcal", *parts[1:]))


@register.simple_tag
def feed_links(where: str, name: str, query: str = "") -> dict:
    """Subscribe links for a feed (a path on this site, or a full URL), plus a query string."""
    # In the page's language: a page read in Spanish subscribes to the Spanish feed.
    url = feed_url(where, query)
    return {
        "url": url,
        "webcal": webcal(url),
        "google": "https://calendar.google.com/calendar/render?" + urlencode({"cid": webcal(url)}),
        "outlook": "https://outlook.live.com/calendar/0/addfromweb?"
        + urlencode({"url": url, "name": name}),
    }


def _utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC)


@register.simple_tag
def event_add_links(event) -> dict:
    """Add-one-event links: the .ics download (Apple and others), Google, Outlook."""
    ics = feed_url(event.ics_url)
    where = f"{event.venue.name}, {event.venue.address}"
    # In the page's language: the calendar app keeps it as the entry's description.
    details = gettext("Details and RSVP: %(url)s") % {"url": event.absolute_url}
    google = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": f"{_utc(event.start):%Y%m%dT%H%M%SZ}/{_utc(event.end):%Y%m%dT%H%M%SZ}",
        "details": details,
        "location": where,
        "ctz": event.timezone,
    }
    outlook = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": event.title,
        "startdt": _utc(event.start).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "enddt": _utc(event.end).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "body": details,
        "location": where,
    }
    return {
        "ics": ics,
        "webcal": webcal(ics),
        "google": "https://calendar.google.com/calendar/render?" + urlencode(google),
        "outlook": "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(outlook),
    }
