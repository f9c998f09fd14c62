"""Reads of accommodation requests: what a staff member has to arrange."""

from django.db.models import QuerySet
from django.utils import timezone

from accommodations.models import AccommodationRequest, State
from rsvp.models import Rsvp
from scheduler.models import Event
from scheduler.permissions import roster_events


def to_arrange(user, *, now=None) -> list[AccommodationRequest]:
    """The open requests of confirmed RSVPs to events not yet over whose roster `user` may
    see (the requests name the resident), soonest deadline first. One query."""
    now = now or timezone.now()
    rows: QuerySet[AccommodationRequest] = AccommodationRequest.objects.filter(
        state=State.OPEN,
        rsvp__status=Rsvp.Status.CONFIRMED,
        rsvp__event__in=roster_events(user),
        rsvp__event__status=Event.Status.SCHEDULED,
        rsvp__event__end__gte=now,
    ).select_related("rsvp__event")
    found = list(rows)
    found.sort(key=lambda r: (r.deadline(r.rsvp.event.start), r.pk))
    return found
