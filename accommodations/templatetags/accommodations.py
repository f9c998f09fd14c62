"""Accommodation requests in pages and e-mails of other apps (the officers' home, the RSVP
confirmation, the outbox's notices), which load this library instead of importing the app."""

from django import template
from django.utils import timezone

from accommodations import queries, services, words
from accommodations.models import AccommodationRequest, State
from rsvp.models import Rsvp

register = template.Library()


def _row(request: AccommodationRequest) -> dict:
    event = request.rsvp.event
    deadline = request.deadline(event.start)
    return {
        "request": request,
        "event": event,
        "rsvp": request.rsvp,
        "deadline": words.moment_text(deadline, event.timezone),
        "late": request.late,
    }


@register.simple_tag
def accommodations_to_arrange(user) -> list[dict]:
    """The officers' home: the open requests this user may see, soonest deadline first."""
    return [_row(r) for r in queries.to_arrange(user)]


@register.simple_tag
def accommodation_answers() -> list[tuple[str, str]]:
    """The answers staff give a request: (value, label), the one to give first first."""
    return [
        (State.ARRANGED.value, State.ARRANGED.label),
        (State.NOT_POSSIBLE.value, State.NOT_POSSIBLE.label),
    ]


@register.simple_tag
def accommodations_of_notice(notice) -> list[dict]:
    """A staff notice's requests (ids in its payload), as they stand when it is sent."""
    ids = notice.payload.get("requests") or (
        [notice.payload["request"]] if "request" in notice.payload else []
    )
    rows = AccommodationRequest.objects.filter(pk__in=ids).select_related("rsvp__event")
    return [_row(r) for r in rows]


@register.simple_tag
def accommodation_notes(rsvp) -> list[str]:
    """What a resident's confirmation (or waitlist) e-mail says about their requests."""
    if rsvp is None:
        return []
    requests = list(rsvp.accommodation_requests.exclude(state=State.WITHDRAWN))
    if not requests:
        return []
    event = rsvp.event
    notes = []
    labels = [r.label for r in requests]
    if rsvp.status == Rsvp.Status.WAITLISTED:
        notes.append(words.after_seat_text(labels))
    else:
        notes.append(words.passed_on_text(labels))
    for r in requests:
        if r.late and r.state == State.OPEN:
            by = services.answer_by(asked_at=r.created_at, event=event)
            notes.append(
                words.late_text(
                    label=r.label, hours=r.lead_hours, answer_by=by, tz_name=event.timezone
                )
            )
    return notes


@register.simple_tag
def accommodation_sent_notes(event, extras) -> list[str]:
    """The RSVP's answer page: what was asked late (from what was typed, not stored: the
    page is the same whatever the address, DESIGN.md rule 7)."""
    asked = (extras or {}).get("accommodations") or []
    return [
        words.late_text(
            label=n.label, hours=n.lead_hours, answer_by=n.answer_by, tz_name=event.timezone
        )
        for n in services.late_notes(event=event, asked=asked, now=timezone.now())
    ]
