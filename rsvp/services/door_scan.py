"""A door code scanned at the door (rsvp/door_code.py): read, checked against this event and
the RSVP's status, then applied as a queued check-in (door_sync), so a scan sent twice (the
answer lost on a weak signal, the same code shown twice) checks the party in once.

Refused before anything is written: a text that is no door code of ours, a code of another
event (the officer has the wrong list open: the same venue next week), an RSVP cancelled or
still waiting. Each scan of a code of this event is a roster read, logged (SCAN): the answer
names the party.
"""

from django.utils.translation import gettext

from rsvp.door_code import door_code_read
from rsvp.errors import RsvpError
from rsvp.models import DoorAction, RosterAccess, Rsvp
from rsvp.services.door_sync import door_action_apply
from scheduler.models import Event
from scheduler.permissions import can_view_roster
from scheduler.when import day_text


def _other_event_refusal(by, event_id: int) -> RsvpError:
    other = Event.objects.filter(pk=event_id).first()
    # Its title only to whoever may see its roster: an unlisted event's name is not public.
    if other is not None and can_view_roster(by, other):
        message = gettext("This code is for another event: %(title)s, %(day)s.") % {
            "title": other.title,
            "day": day_text(other.start, other.timezone),
        }
    else:
        message = gettext("This code is for another event.")
    return RsvpError(message, code="other_event")


def door_scan(*, event: Event, by, text, action: dict) -> tuple[dict, Rsvp]:
    """Check in the party of a scanned code: door_action_apply's answer and the RSVP as it
    now is. `action` carries the device's id for the scan (and `arrived`, `at`, `override`
    as a queued check-in does). Raises RsvpError (DoorCodeError) for a refused scan."""
    event_id, rsvp_id = door_code_read(text)
    if event_id != event.pk:
        raise _other_event_refusal(by, event_id)
    rsvp = Rsvp.objects.filter(pk=rsvp_id, event=event).first()
    if rsvp is None:
        raise RsvpError(
            gettext("This code's RSVP is no longer on this event's list."), code="no_rsvp"
        )
    RosterAccess.objects.create(user=by, event=event, what=RosterAccess.What.SCAN)
    if rsvp.status == Rsvp.Status.CANCELLED:
        raise RsvpError(
            gettext("This RSVP was cancelled. If there is room, add the party as a walk-in."),
            code="cancelled",
        )
    if rsvp.status == Rsvp.Status.WAITLISTED:
        raise RsvpError(
            gettext("This party is on the waitlist and has no seat yet. Check the list."),
            code="waitlisted",
        )
    fields = {key: action[key] for key in ("id", "arrived", "at", "override") if key in action}
    answer = door_action_apply(
        event=event, by=by, action={**fields, "kind": DoorAction.Kind.CHECKIN, "rsvp": rsvp.pk}
    )
    if answer["outcome"] == DoorAction.Outcome.REFUSED:
        # A replay of a refused scan has the refusal's code, not its words.
        raise RsvpError(
            answer.get("message") or gettext("This check-in was refused."),
            code=answer.get("code") or "refused",
        )
    rsvp.refresh_from_db()
    return answer, rsvp
