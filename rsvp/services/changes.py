"""Changes to an RSVP: cancel, party size, waitlist promotion (these move seats); its
language; manage links."""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from rsvp.errors import RsvpError
from rsvp.models import Rsvp
from rsvp.services.base import _party_size_check, seats_confirmed
from rsvp.signals import rsvp_changed
from scheduler.locking import event_locked
from scheduler.models import Event
from scheduler.tokens import token_hash


def _change_refused(
    rsvp: Rsvp, event: Event, now: dt.datetime, *, cancel: bool = False
) -> RsvpError | None:
    if rsvp.status == Rsvp.Status.CANCELLED:
        return RsvpError(
            gettext("This RSVP was cancelled, so it can no longer be changed."),
            code="rsvp_cancelled",
        )
    # A resident may still withdraw from a cancelled event (it may be reinstated);
    # growing or shrinking a party for it means nothing.
    if not cancel and event.status == Event.Status.CANCELLED:
        return RsvpError(
            gettext("This event has been cancelled, so your party size can no longer be changed."),
            code="event_cancelled",
        )
    if now >= event.start:
        return RsvpError(
            gettext("This event has already started, so the RSVP can no longer be changed."),
            code="event_started",
        )
    return None


def rsvp_change_refusal(
    rsvp: Rsvp, now: dt.datetime | None = None, *, cancel: bool = False
) -> str | None:
    """Why this RSVP's party size can no longer change (with cancel=True: why it can no
    longer be cancelled), in words for its resident; None while it can.

    rsvp_change_party_size and rsvp_cancel refuse in exactly these cases, so a page that
    asks first offers only what they will accept.
    """
    refused = _change_refused(rsvp, rsvp.event, now or timezone.now(), cancel=cancel)
    return refused.message if refused else None


def rsvp_cancel(*, rsvp: Rsvp, now: dt.datetime | None = None) -> bool:
    """Cancel an RSVP and give the seats to the waitlist. False if it was already cancelled."""
    with event_locked(rsvp.event_id) as event:
        current = Rsvp.objects.get(pk=rsvp.pk)
        if current.status == Rsvp.Status.CANCELLED:
            return False
        refused = _change_refused(current, event, now or timezone.now(), cancel=True)
        if refused:
            raise refused
        was_confirmed = current.status == Rsvp.Status.CONFIRMED
        current.status = Rsvp.Status.CANCELLED
        current.cancelled_at = now or timezone.now()
        current.save(update_fields=["status", "cancelled_at", "updated_at"])
        rsvp_changed.send(sender=Rsvp, rsvp=current, kind="cancelled")
        if was_confirmed:
            waitlist_promote(event=event, now=now)
    rsvp.refresh_from_db()
    return True


def rsvp_change_party_size(*, rsvp: Rsvp, party_size: int, now: dt.datetime | None = None) -> Rsvp:
    """Change how many people come. A confirmed party grows only into free seats."""
    with event_locked(rsvp.event_id) as event:
        current = Rsvp.objects.get(pk=rsvp.pk)
        refused = _change_refused(current, event, now or timezone.now())
        if refused:
            raise refused
        _party_size_check(event, party_size)
        if current.party_size != party_size:
            if (
                current.status == Rsvp.Status.CONFIRMED
                and party_size > current.party_size
                and event.capacity is not None
            ):
                free = event.capacity - seats_confirmed(event.pk)
                more = party_size - current.party_size
                if more > free:
                    raise RsvpError(
                        ngettext(
                            "Only %(free)d more seat left, so your party can be at most %(most)d.",
                            "Only %(free)d more seats left, so your party can be at most %(most)d.",
                            free,
                        )
                        % {"free": free, "most": current.party_size + free},
                        code="not_enough_seats",
                        field="party_size",
                    )
            current.party_size = party_size
            fields = ["party_size", "updated_at"]
            if current.arrived and current.arrived > party_size:
                # Checked in as 4, now a party of 2: 2 came (a count never above the party).
                current.arrived = party_size
                fields.append("arrived")
            current.save(update_fields=fields)
            rsvp_changed.send(sender=Rsvp, rsvp=current, kind="party_size_changed")
            waitlist_promote(event=event, now=now)
    rsvp.refresh_from_db()
    return rsvp


def rsvp_language_set(*, rsvp: Rsvp, language: str) -> Rsvp:
    """The language of this RSVP's notices (and of its manage page's answer) from now on.

    Notices read Rsvp.language when they are sent, so every later one follows. Like the
    other choices a resident makes for themselves (text reminders), not in the audit trail:
    it records seats and check-ins, and a language says something about a person.
    """
    if language not in dict(settings.LANGUAGES):
        raise RsvpError(
            gettext("Please choose one of the languages in the list."),
            code="unknown_language",
            field="language",
        )
    if rsvp.language != language:
        rsvp.language = language
        rsvp.save(update_fields=["language", "updated_at"])
    return rsvp


def waitlist_promote(*, event: Event, now: dt.datetime | None = None) -> list[Rsvp]:
    """Give free seats to waiting parties in arrival order; call with the event locked.

    The earliest party that fits goes first; a larger party that does not fit keeps
    its place while smaller ones behind it may fit. Nothing moves after the cutoff.
    """
    now = now or timezone.now()
    if event.status == Event.Status.CANCELLED:
        return []
    if now >= event.start - dt.timedelta(minutes=event.promotion_cutoff_minutes):
        return []
    waiting = list(Rsvp.objects.filter(event_id=event.pk).waitlisted())
    if not waiting:
        return []
    free = None if event.capacity is None else event.capacity - seats_confirmed(event.pk)
    promoted = []
    for rsvp in waiting:
        if free is not None and rsvp.party_size > free:
            continue
        rsvp.status = Rsvp.Status.CONFIRMED
        rsvp.promoted_at = now
        rsvp.save(update_fields=["status", "promoted_at", "updated_at"])
        rsvp_changed.send(sender=Rsvp, rsvp=rsvp, kind="promoted")
        promoted.append(rsvp)
        if free is not None:
            free -= rsvp.party_size
            if free == 0:
                break
    return promoted


def rsvp_by_token(token: str) -> Rsvp | None:
    """The RSVP a manage link points to, or None for an unknown or malformed token."""
    if not token or len(token) > 128:
        return None
    rsvps = Rsvp.objects.select_related("event__venue", "event__program", "event__host", "attendee")
    digest = token_hash(token)
    found = rsvps.filter(manage_token_hash=digest).first()
    if found is None:
        # Each notice e-mail carries a manage link of its own (see ManageLink).
        found = rsvps.filter(manage_links__token_hash=digest).first()
    return found
