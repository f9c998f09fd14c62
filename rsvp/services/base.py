"""What every RSVP write shares: the result type, seat counts, the open/closed rules, mailboxes."""

import dataclasses
import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext

from rsvp import rules
from rsvp.errors import RsvpError
from rsvp.models import Attendee, Rsvp, email_normalize
from scheduler.models import Event, RsvpMode
from scheduler.when import day_text, time_text

# A head-count RSVP's reference: no 0/O, 1/I/L or U, so it reads back from paper or a phone.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


@dataclasses.dataclass
class RsvpResult:
    rsvp: Rsvp
    created: bool
    # The clear token exists only here, to be put in the link given to the resident (or,
    # for an RSVP made with an e-mail address, to no one but the mailbox: see the views).
    manage_token: str | None = None


def seats_confirmed(event_id: int) -> int:
    return Rsvp.objects.filter(event_id=event_id).confirmed().seats()


def waitlist_position(rsvp: Rsvp) -> int | None:
    """1-based place in line, or None when not waitlisted."""
    if rsvp.status != Rsvp.Status.WAITLISTED:
        return None
    ahead = (
        Rsvp.objects.filter(event_id=rsvp.event_id, status=Rsvp.Status.WAITLISTED)
        .filter(waitlist_joined_at__lte=rsvp.waitlist_joined_at)
        .exclude(waitlist_joined_at=rsvp.waitlist_joined_at, id__gte=rsvp.id)
        .count()
    )
    return ahead + 1


def rsvp_closed_reason(event: Event, now: dt.datetime | None = None) -> str | None:
    """Why this event takes no RSVPs now, in words for a resident; None when open."""
    now = now or timezone.now()
    if event.status == Event.Status.CANCELLED:
        return gettext("This event has been cancelled.")
    if not event.is_published:
        # A partner's proposal: no page shows it, and no RSVP reaches it by any other way.
        return gettext("RSVPs for this event are closed.")
    if now >= event.start:
        return gettext("This event has already started, so RSVPs are closed.")
    if event.rsvp_closes_at and now >= event.rsvp_closes_at:
        return gettext("RSVPs for this event are closed.")
    if event.rsvp_opens_at and now < event.rsvp_opens_at:
        # In the event's own zone and the resident's language ("mar, 2 dic", "6:30 p.m.").
        return gettext("RSVPs open on %(day)s at %(time)s.") % {
            "day": day_text(event.rsvp_opens_at, event.timezone),
            "time": time_text(event.rsvp_opens_at, event.timezone),
        }
    if event.capacity == 0:
        return gettext("This event takes no RSVPs; just come by.")
    return None


def _rule_check(field: str, rule, *args):
    """A rule of rsvp.rules enforced by a service: its refusal is an RsvpError on `field`."""
    try:
        return rule(*args)
    except ValidationError as exc:
        raise RsvpError(exc.messages[0], code=exc.code, field=field) from None


def _party_size_check(event: Event, party_size: int) -> None:
    _rule_check("party_size", rules.party_size_clean, party_size, event)


def _mailbox(email: str) -> Attendee:
    """The mailbox of this address, made if it is new.

    The same two statements whether the address is new or known (an insert that does
    nothing for a known one, then the read), so the time an RSVP takes does not tell
    whether anyone used the address before. Nothing typed with the RSVP is kept here.
    No personal-feed token is made either: it goes only to the address, by e-mail.
    """
    email = email_normalize(email)
    Attendee.objects.bulk_create([Attendee(email=email)], ignore_conflicts=True)
    return Attendee.objects.get(email=email)


def _open_check(event: Event, now: dt.datetime, *, mode: str) -> None:
    reason = rsvp_closed_reason(event, now)
    if reason:
        raise RsvpError(reason, code="rsvp_closed")
    if event.rsvp_mode_in_effect != mode:
        if mode == RsvpMode.CONTACT:
            raise RsvpError(
                gettext("This event asks only how many people are coming: no name, no e-mail."),
                code="headcount_only",
            )
        raise RsvpError(
            gettext("This event asks for a name and an e-mail address."),
            code="contact_required",
        )


def _active_status(fits: bool) -> str:
    return Rsvp.Status.CONFIRMED if fits else Rsvp.Status.WAITLISTED


def _fits_now(event: Event, party_size: int) -> bool:
    """Whether a newcomer's party is confirmed: it fits, and no earlier waiting party
    would fit in those seats (after the cutoff the waitlist stops moving, but a newcomer
    still may not take a freed seat ahead of the people already waiting for it)."""
    if event.capacity is None:
        return True
    free = event.capacity - seats_confirmed(event.pk)
    if party_size > free:
        return False
    waiting_fits = Rsvp.objects.filter(
        event_id=event.pk, status=Rsvp.Status.WAITLISTED, party_size__lte=free
    ).exists()
    return not waiting_fits
