"""What the RSVP rules do when an event's services announce a change (scheduler/signals.py)."""

from rsvp.services import waitlist_promote
from scheduler import signals


def seats_freed(sender, *, event, now=None, **kwargs) -> None:
    # Sent under the event's lock, inside the capacity change's transaction: the waiting
    # parties get the new seats in that same transaction (DESIGN.md rule 2).
    waitlist_promote(event=event, now=now)


def connect() -> None:
    signals.seats_freed.connect(seats_freed, dispatch_uid="rsvp.waitlist_on_seats_freed")
