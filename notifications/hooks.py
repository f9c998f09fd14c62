"""The one place the RSVP and event services report state changes.

Called inside the service's transaction, so whatever is recorded here (the outbox)
commits or rolls back together with the change that caused it. Sends are queued
only after that commit (transaction.on_commit in services._rows_create).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rsvp.models import Rsvp
    from scheduler.models import Event


def rsvp_changed(*, rsvp: Rsvp, kind: str) -> None:
    """kind: confirmed, waitlisted, promoted, cancelled, party_size_changed, link_resent,
    feed_link.

    No clear manage token travels through here: each e-mail carries its own manage link,
    derived from the notice's salt when it is sent (see Notification.link_token).
    """
    from notifications.services import notices_for_rsvp

    notices_for_rsvp(rsvp=rsvp, kind=kind)


def event_changed(*, event: Event, changes: dict[str, tuple[Any, Any]]) -> None:
    """An event's calendar-relevant fields changed: {field: (old, new)}."""
    from notifications.services import notices_for_event_change

    notices_for_event_change(event=event, changes=changes)


def event_cancelled(*, event: Event) -> None:
    """An event was cancelled."""
    from notifications.services import notices_for_event_cancel

    notices_for_event_cancel(event=event)
