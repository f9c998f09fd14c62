"""The one place the RSVP and event services report state changes.

Called inside the service's transaction, so whatever is recorded here (the outbox)
commits or rolls back together with the change that caused it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rsvp.models import Rsvp
    from scheduler.models import Event


def rsvp_changed(*, rsvp: Rsvp, kind: str) -> None:
    """kind: confirmed, waitlisted, promoted, cancelled, party_size_changed, link_resent."""


def event_changed(*, event: Event, changes: dict[str, tuple[Any, Any]]) -> None:
    """An event's calendar-relevant fields changed: {field: (old, new)}."""


def event_cancelled(*, event: Event) -> None:
    """An event was cancelled."""
