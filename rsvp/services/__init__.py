"""RSVP writes: create, cancel, change party size or language, waitlist promotion; check-in
and walk-ins.

Every write that counts seats runs in one transaction that holds the event's write lock
(`scheduler.locking.event_locked`), so the seat count it reads cannot change before it
writes; nothing checks seats in Python outside that lock. (Capacity itself is set by
scheduler.services.event_capacity_set, which announces `seats_freed` for the waitlist.)
Check-in and walk-ins count no seats: each is one conditional write, logged.

The package: base (shared rules and counts), create (new RSVPs), changes (cancel, party
size, language, waitlist), details (a resident's corrections, lost links), door
(check-in, walk-ins), door_sync (a door phone's queue, applied once), door_scan (a
scanned door code). Callers import from `rsvp.services`.
"""

from rsvp.services.base import (
    REFERENCE_ALPHABET,
    RsvpResult,
    rsvp_closed_reason,
    seats_confirmed,
    waitlist_position,
)
from rsvp.services.changes import (
    rsvp_by_token,
    rsvp_cancel,
    rsvp_change_party_size,
    rsvp_change_refusal,
    rsvp_language_set,
    waitlist_promote,
)
from rsvp.services.create import (
    rsvp_create,
    rsvp_create_headcount,
    rsvp_email_add,
    rsvp_feed_link_send,
    rsvp_texts_turn_on,
)
from rsvp.services.details import (
    rsvp_change,
    rsvp_details_change,
    rsvp_details_refusal,
    rsvp_links_resend,
)
from rsvp.services.door import (
    checkin_apply,
    checkin_hours,
    checkin_hours_refusal,
    checkin_mark,
    checkin_take_back,
    checkin_undo,
    walkin_record,
    walkin_remove,
)
from rsvp.services.door_scan import door_scan
from rsvp.services.door_sync import SYNC_MAX_ACTIONS, door_action_apply, door_sync

__all__ = [
    "REFERENCE_ALPHABET",
    "RsvpResult",
    "seats_confirmed",
    "waitlist_position",
    "rsvp_closed_reason",
    "rsvp_create",
    "rsvp_create_headcount",
    "rsvp_email_add",
    "rsvp_texts_turn_on",
    "rsvp_feed_link_send",
    "rsvp_change_refusal",
    "rsvp_cancel",
    "rsvp_change_party_size",
    "rsvp_language_set",
    "rsvp_change",
    "rsvp_details_change",
    "rsvp_details_refusal",
    "rsvp_links_resend",
    "waitlist_promote",
    "rsvp_by_token",
    "checkin_apply",
    "checkin_hours",
    "checkin_hours_refusal",
    "checkin_take_back",
    "door_sync",
    "door_action_apply",
    "door_scan",
    "SYNC_MAX_ACTIONS",
    "checkin_mark",
    "checkin_undo",
    "walkin_record",
    "walkin_remove",
]
