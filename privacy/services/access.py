"""A resident's own data, opened by a link e-mailed to their address: see, download, delete.

Who may ask is whoever can read the mailbox: the request page answers the same for every
address (privacy/views.py) and the link goes only to the address itself.
"""

import contextlib
import datetime as dt

from django.db import transaction
from django.utils import timezone

from notifications.models import Notification
from privacy.models import DataAccessLink
from privacy.services.erasure import Erased, rsvps_erase
from rsvp.errors import RsvpError
from rsvp.models import Attendee, Rsvp, email_normalize
from rsvp.services import rsvp_cancel
from scheduler.tokens import token_hash, token_new


def data_access_link_create(email: str) -> tuple[Attendee, str] | None:
    """A new link for the resident with this address, or None if we hold nothing for it.

    Returns the resident and the clear token (only its hash is stored).
    """
    attendee = Attendee.objects.filter(email=email_normalize(email)).first()
    if attendee is None:
        return None
    token = token_new()
    DataAccessLink.objects.create(attendee=attendee, token_hash=token_hash(token))
    return attendee, token


def data_access_link_open(token: str, *, now: dt.datetime | None = None) -> Attendee | None:
    """The resident a data link opens, or None for an unknown, malformed or expired one."""
    if not token or len(token) > 128:
        return None
    now = now or timezone.now()
    link = (
        DataAccessLink.objects.select_related("attendee")
        .filter(token_hash=token_hash(token), created_at__gt=now - DataAccessLink.LIFETIME)
        .first()
    )
    return link.attendee if link else None


def _when(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def data_export(attendee: Attendee) -> dict:
    """Everything held about this resident, as plain data (the page and the JSON download)."""
    rsvps = (
        Rsvp.objects.filter(attendee=attendee)
        .select_related("event__venue", "event__program")
        .order_by("event__start", "id")
    )
    notices = Notification.objects.filter(attendee=attendee).order_by("created_at", "id")
    return {
        "email": attendee.email,
        "reminders_enabled": attendee.reminders_enabled,
        "personal_feed": attendee.feed_token_hash is not None,
        "first_seen": _when(attendee.created_at),
        "rsvps": [
            {
                "event": rsvp.event.title,
                "program": rsvp.event.program.name,
                "start": _when(rsvp.event.start),
                "venue": rsvp.event.venue.name if rsvp.event.venue_id else None,
                "status": rsvp.status,
                "party_size": rsvp.party_size,
                "name": rsvp.name,
                "language": rsvp.language,
                "phone": rsvp.phone,
                "text_messages_allowed": rsvp.sms_opt_in,
                "accessibility_needs": rsvp.accessibility_needs,
                "checked_in_at": _when(rsvp.checked_in_at),
                "created_at": _when(rsvp.created_at),
                "cancelled_at": _when(rsvp.cancelled_at),
            }
            for rsvp in rsvps
        ],
        "notices": [
            {
                "kind": notice.kind,
                "channel": notice.channel,
                "state": notice.state,
                "due_at": _when(notice.due_at),
                "sent_at": _when(notice.sent_at),
            }
            for notice in notices
        ],
    }


def data_delete(attendee: Attendee, *, now: dt.datetime | None = None) -> Erased:
    """Cancel the resident's upcoming RSVPs (their seats go to the waitlist as on any
    cancel), then erase all their RSVPs and delete them, their notices and links."""
    now = now or timezone.now()
    upcoming = Rsvp.objects.filter(attendee=attendee, event__start__gt=now).active()
    for rsvp in upcoming.select_related("event"):
        # Past the point a cancel is allowed (the event began meanwhile): erased anyway.
        with contextlib.suppress(RsvpError):
            rsvp_cancel(rsvp=rsvp, now=now)
    with transaction.atomic():
        erased = rsvps_erase(list(attendee.rsvps.values_list("pk", flat=True)), now=now)
        # A resident with no RSVP left was deleted by the erasure; one who never had any
        # (only a feed-link notice, say) is deleted here.
        _, deleted = Attendee.objects.filter(pk=attendee.pk).delete()
        erased.attendees += deleted.get("rsvp.Attendee", 0)
        erased.notices += deleted.get("notifications.Notification", 0)
    return erased
