"""What the thank-you after an event shows beyond the event: the program's next events in
the same neighborhood, and the link to the program's feedback survey.

The survey link's token is derived from the notice (Notification.link_token("survey")), as
the other links are: a re-send after a crash renders the same one. The feedback app stored
its hash when it planned the notice, with the event and nothing about the resident.
"""

from django.conf import settings
from django.utils import timezone

from notifications.models import Notification
from scheduler.feeds.languages import LANG_PARAM
from scheduler.models import Event
from scheduler.when import when_text

NEXT_EVENTS = 3
SURVEY_PATH = "/feedback/"


def survey_url(notice: Notification) -> str:
    """The survey opens in the language of the RSVP (DESIGN.md rule 8), not the browser's."""
    language = (notice.rsvp.language if notice.rsvp_id else "") or settings.LANGUAGE_CODE
    token = notice.link_token("survey")
    return f"{settings.SITE_URL}{SURVEY_PATH}{token}/?{LANG_PARAM}={language}"


def next_events(event: Event, *, limit: int = NEXT_EVENTS) -> list[Event]:
    """The program's next public events in the event's neighborhood (its venue, when the
    venue has no neighborhood set)."""
    events = Event.objects.public().filter(
        program_id=event.program_id, status=Event.Status.SCHEDULED, start__gt=timezone.now()
    )
    hood_id = event.venue.neighborhood_id
    if hood_id:
        events = events.filter(venue__neighborhood_id=hood_id)
    else:
        events = events.filter(venue_id=event.venue_id)
    return list(events.select_related("venue").order_by("start", "id")[:limit])


def thank_you_context(notice: Notification) -> dict:
    return {
        "next_events": [
            {"event": e, "when": when_text(e.start, e.end, e.timezone)}
            for e in next_events(notice.event)
        ],
        "survey_url": survey_url(notice) if notice.payload.get("survey") else "",
    }
