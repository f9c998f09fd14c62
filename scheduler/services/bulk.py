"""Changes a coordinator makes to many events at once (the admin's bulk actions).

Each event is changed through event_save, under its own lock, so each one's rules and
notices are those of a change made by hand: a new venue tells its confirmed and waitlisted
residents ("changed" notices) and bumps the calendars' SEQUENCE; new officers see the
event in their assignment feed. All the events change in one transaction, or none does.
Locks are taken in id order, so two bulk changes over the same events cannot deadlock.
"""

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.timezone import now as timezone_now

from scheduler.models import Event, Venue
from scheduler.services.events import event_save


@dataclasses.dataclass
class BulkResult:
    changed: list[Event] = dataclasses.field(default_factory=list)
    # Left as they were: nothing to change, or over already (a past event stays where it was).
    unchanged: list[Event] = dataclasses.field(default_factory=list)
    ended: list[Event] = dataclasses.field(default_factory=list)


def _in_lock_order(events: Iterable[Event]) -> list[Event]:
    return sorted(events, key=lambda event: event.pk)


def events_move_venue(
    *, events: Iterable[Event], venue: Venue, now: dt.datetime | None = None
) -> BulkResult:
    """Move the events that have not ended to `venue`; residents are told of the move."""
    now = now or timezone_now()
    result = BulkResult()
    with transaction.atomic():
        for event in _in_lock_order(events):
            if event.end <= now:
                result.ended.append(event)
            elif event.venue_id == venue.pk:
                result.unchanged.append(event)
            else:
                event.venue = venue
                result.changed.append(event_save(event=event, changed_fields=["venue"]))
    return result


def events_assign_officers(
    *, events: Iterable[Event], officers: Iterable[Any], replace: bool = False
) -> BulkResult:
    """Add `officers` to each event's (or, with `replace`, make them its only ones).

    Their assignment feeds show the events at once: the save moves each event's
    `updated_at`, which the feeds' fingerprint reads.
    """
    wanted = {officer.pk for officer in officers}
    result = BulkResult()
    with transaction.atomic():
        for event in _in_lock_order(events):
            current = set(event.officers.values_list("pk", flat=True))
            new = wanted if replace else current | wanted
            if new == current:
                result.unchanged.append(event)
                continue
            result.changed.append(
                event_save(event=event, changed_fields=["officers"], officers=sorted(new))
            )
    return result
