"""What a shared event link shows outside Porchlight: Open Graph tags for the preview a text
message or a community group draws, and schema.org Event data for search engines.

Only the event's public facts: never an RSVP, a resident, an officer or a contact of theirs.
"""

import json

from django import template
from django.utils import translation
from django.utils.safestring import mark_safe

from scheduler.when import when_text

register = template.Library()

# json.dumps leaves "<", ">" and "&" as they are; inside <script> a "</script>" in a title
# would end the block (Django's json_script escapes the same three).
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag
def event_share_text(event) -> str:
    """'Wed, Dec 2, 2026 · 6:30–7:30 PM · Riverside Library, 12 Main St'."""
    when = when_text(event.start, event.end, event.timezone, year=True)
    return f"{when} · {event.venue.name}, {event.venue.address}"


@register.simple_tag
def event_json_ld(event) -> str:
    """schema.org/Event as JSON-LD. Times carry their offset, so a search engine shows the
    local time wherever it is read."""
    venue = event.venue
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": event.start.astimezone(event.tzinfo).isoformat(),
        "endDate": event.end.astimezone(event.tzinfo).isoformat(),
        "eventStatus": "https://schema.org/EventCancelled"
        if event.is_cancelled
        else "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "isAccessibleForFree": True,
        "inLanguage": translation.get_language(),
        "url": event.absolute_url,
        "location": {
            "@type": "Place",
            "name": venue.name,
            "address": {"@type": "PostalAddress", "streetAddress": venue.address},
        },
        "organizer": {"@type": "Organization", "name": event.host.name},
    }
    if event.description:
        data["description"] = event.description
    if event.host.website:
        data["organizer"]["url"] = event.host.website
    text = json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308
