"""RSVP writes: create, cancel, change party size, waitlist promotion; check-in and walk-ins.

Every write that counts seats runs in one transaction that holds the event's write lock
(`scheduler.locking.event_locked`), so the seat count it reads cannot change before it
writes; nothing checks seats in Python outside that lock. (Capacity itself is set by
scheduler.services.event_capacity_set, which announces `seats_freed` for the waitlist.)
Check-in and walk-ins count no seats: each is one conditional write, logged.
"""

import dataclasses
import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Exists, OuterRef, Value, When
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from rsvp import rules
from rsvp.errors import RsvpError
from rsvp.models import Attendee, RosterAccess, Rsvp, WalkIn, email_normalize
from rsvp.signals import rsvp_changed
from scheduler.audit import audit_update
from scheduler.locking import event_locked
from scheduler.models import Event, RsvpMode
from scheduler.tokens import token_hash, token_new

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
    if now >= event.start:
        return gettext("This event has already started, so RSVPs are closed.")
    if event.rsvp_closes_at and now >= event.rsvp_closes_at:
        return gettext("RSVPs for this event are closed.")
    if event.rsvp_opens_at and now < event.rsvp_opens_at:
        opens = timezone.localtime(event.rsvp_opens_at, event.tzinfo)
        return gettext("RSVPs open on %(day)s at %(time)s.") % {
            "day": f"{opens:%a, %b} {opens.day}",
            "time": f"{opens:%-I:%M %p}",
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


def rsvp_create(
    *,
    event: Event,
    email: str,
    name: str,
    party_size: int = 1,
    phone: str = "",
    accessibility_needs: str = "",
    language: str = "en",
    sms_opt_in: bool = False,
    now: dt.datetime | None = None,
) -> RsvpResult:
    """Confirm the party if all of it fits, otherwise put it on the waitlist.

    A repeat for an address that already has an active RSVP here changes nothing: it
    returns that RSVP with created=False, and its mailbox is sent its link. Whichever the
    case (a new address, one known from other events, a repeat) the same statements run in
    the same order and one notice is queued (DESIGN.md rule 7): nothing in the answer or
    its time tells them apart. What was typed is the new RSVP's own (name, phone, needs,
    language); a repeat's is dropped, never written over the stored RSVP nor shown.
    """
    _party_size_check(event, party_size)
    with event_locked(event.pk) as current:
        now = now or timezone.now()
        _open_check(current, now, mode=RsvpMode.CONTACT)
        mailbox = _mailbox(email)
        fits = _fits_now(current, party_size)
        manage_token = token_new()
        candidate = Rsvp(
            event=current,
            attendee=mailbox,
            name=name,
            language=language,
            party_size=party_size,
            status=_active_status(fits),
            waitlist_joined_at=None if fits else now,
            accessibility_needs=accessibility_needs,
            phone=phone,
            sms_opt_in=sms_opt_in and bool(phone),
            manage_token_hash=token_hash(manage_token),
        )
        # Does nothing when the address already has an active RSVP for this event (the
        # constraint rsvp_one_active_per_attendee): the insert runs either way.
        Rsvp.objects.bulk_create([candidate], ignore_conflicts=True)
        rsvp = Rsvp.objects.active().select_related("attendee").get(event=current, attendee=mailbox)
        rsvp.event = current
        created = rsvp.manage_token_hash == candidate.manage_token_hash
        rsvp_changed.send(sender=Rsvp, rsvp=rsvp, kind=rsvp.status if created else "link_resent")
    return RsvpResult(rsvp=rsvp, created=created, manage_token=manage_token if created else None)


def _reference_new(event: Event) -> str:
    """A code no other RSVP of this event has (called with the event locked)."""
    while True:
        code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
        code = f"{code[:3]}-{code[3:]}"
        if not Rsvp.objects.filter(event_id=event.pk, reference=code).exists():
            return code


def rsvp_create_headcount(
    *,
    event: Event,
    party_size: int = 1,
    language: str = "en",
    now: dt.datetime | None = None,
) -> RsvpResult:
    """ "Just let us know you're coming": seats for a party, and nothing that names anyone.

    The RSVP has no mailbox, a reference code for the door and a manage token, both given
    once, to the screen that asked (nobody else could be told: there is no address).
    """
    _party_size_check(event, party_size)
    with event_locked(event.pk) as current:
        now = now or timezone.now()
        _open_check(current, now, mode=RsvpMode.HEADCOUNT)
        fits = _fits_now(current, party_size)
        manage_token = token_new()
        rsvp = Rsvp.objects.create(
            event=current,
            attendee=None,
            reference=_reference_new(current),
            language=language,
            party_size=party_size,
            status=_active_status(fits),
            waitlist_joined_at=None if fits else now,
            manage_token_hash=token_hash(manage_token),
        )
        rsvp_changed.send(sender=Rsvp, rsvp=rsvp, kind=rsvp.status)
    return RsvpResult(rsvp=rsvp, created=True, manage_token=manage_token)


def rsvp_email_add(*, rsvp: Rsvp, email: str, now: dt.datetime | None = None) -> None:
    """Give a head-count RSVP an e-mail address for its notices and reminders (once).

    If the address already has an active RSVP for this event, this one stays without a
    mailbox and the address is sent that RSVP's link instead. The same statements run
    either way, and the RSVP records only that an address was given: its manage page (all
    its holder sees) cannot tell whether the address was already on the list.
    """
    with event_locked(rsvp.event_id) as event:
        now = now or timezone.now()
        current = Rsvp.objects.get(pk=rsvp.pk)
        refused = _change_refused(current, event, now)
        if refused:
            raise refused
        if not current.is_headcount:
            raise RsvpError(
                gettext("This RSVP already goes to an e-mail address."), code="email_given"
            )
        if current.email_added_at is not None:
            raise RsvpError(
                gettext("An e-mail address was already given for this RSVP."),
                code="email_given",
            )
        # The notice planned below reads the program when the mailbox is attached (for its
        # reminders), not otherwise: read it either way, so that both do the same work.
        _ = event.program
        mailbox = _mailbox(email)
        taken = Rsvp.objects.active().filter(event_id=event.pk, attendee=mailbox)
        # One statement: the mailbox is attached unless it has an RSVP here already.
        Rsvp.objects.filter(pk=current.pk).update(
            attendee_id=Case(
                When(Exists(taken.exclude(pk=OuterRef("pk"))), then=Value(None)),
                default=Value(mailbox.pk),
                output_field=Rsvp._meta.get_field("attendee").target_field,
            ),
            email_added_at=now,
            updated_at=now,
        )
        target = Rsvp.objects.active().select_related("attendee").get(event=event, attendee=mailbox)
        target.event = event
        attached = target.pk == current.pk
        rsvp_changed.send(
            sender=Rsvp, rsvp=target, kind=target.status if attached else "link_resent"
        )
    rsvp.refresh_from_db()


def rsvp_texts_turn_on(*, rsvp: Rsvp, now: dt.datetime | None = None) -> bool:
    """Turn on the text reminders asked for with this RSVP (from its page, whose link only
    the mailbox got). False when there was nothing to turn on."""
    with transaction.atomic():
        turned = (
            Rsvp.objects.filter(pk=rsvp.pk, sms_opt_in=True, texts_confirmed_at__isnull=True)
            .exclude(phone="")
            .update(texts_confirmed_at=now or timezone.now())
        )
    rsvp.refresh_from_db()
    return bool(turned)


def rsvp_feed_link_send(*, rsvp: Rsvp) -> None:
    """E-mail the resident a new personal-feed link (made when the e-mail is sent)."""
    if rsvp.is_headcount:
        # Its page never says whether an address was attached (see rsvp_email_add).
        raise RsvpError(
            gettext("A head-count RSVP has no personal feed."), code="headcount_no_feed"
        )
    with transaction.atomic():
        rsvp_changed.send(sender=Rsvp, rsvp=rsvp, kind="feed_link")


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
            current.save(update_fields=["party_size", "updated_at"])
            rsvp_changed.send(sender=Rsvp, rsvp=current, kind="party_size_changed")
            waitlist_promote(event=event, now=now)
    rsvp.refresh_from_db()
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


def checkin_mark(*, rsvp: Rsvp, by, now: dt.datetime | None = None) -> Rsvp:
    """Mark a confirmed party as arrived. Idempotent: the first check-in's time and officer stay.

    Every check-in, like every other look at or change of a roster, is in the access log.
    """
    with transaction.atomic():
        before = Rsvp.objects.get(pk=rsvp.pk)
        updated = Rsvp.objects.filter(
            pk=rsvp.pk, status=Rsvp.Status.CONFIRMED, checked_in_at__isnull=True
        ).update(checked_in_at=now or timezone.now(), checked_in_by=by, updated_at=timezone.now())
        rsvp.refresh_from_db()
        if not updated and rsvp.status != Rsvp.Status.CONFIRMED:
            raise RsvpError("Only confirmed RSVPs can be checked in.", code="not_confirmed")
        RosterAccess.objects.create(user=by, event_id=rsvp.event_id, what=RosterAccess.What.CHECKIN)
        if updated:
            # A conditional update sends no model signal: the audit entry is written here.
            audit_update(before, rsvp, actor=by)
    return rsvp


def checkin_undo(*, rsvp: Rsvp, by) -> Rsvp:
    """Undo a check-in (tapped by mistake). Idempotent."""
    with transaction.atomic():
        before = Rsvp.objects.get(pk=rsvp.pk)
        Rsvp.objects.filter(pk=rsvp.pk).update(
            checked_in_at=None, checked_in_by=None, updated_at=timezone.now()
        )
        rsvp.refresh_from_db()
        RosterAccess.objects.create(user=by, event_id=rsvp.event_id, what=RosterAccess.What.UNDO)
        audit_update(before, rsvp, actor=by)
    return rsvp


def walkin_record(*, event: Event, by, head_count: int = 1, name: str = "") -> WalkIn:
    """Count people who came without an RSVP."""
    _rule_check("head_count", rules.head_count_clean, head_count)
    name = _rule_check("name", rules.walkin_name_clean, name)
    if event.status == Event.Status.CANCELLED:
        raise RsvpError(gettext("This event is cancelled."), code="event_cancelled")
    with transaction.atomic():
        walkin = WalkIn.objects.create(
            event=event, recorded_by=by, head_count=head_count, name=name
        )
        RosterAccess.objects.create(user=by, event=event, what=RosterAccess.What.WALKIN)
    return walkin


def walkin_remove(*, walkin: WalkIn, by) -> bool:
    """Take back a walk-in recorded by mistake. False when it was already removed."""
    with transaction.atomic():
        deleted, _ = WalkIn.objects.filter(pk=walkin.pk).delete()
        if deleted:
            RosterAccess.objects.create(
                user=by, event_id=walkin.event_id, what=RosterAccess.What.WALKIN_REMOVE
            )
    return bool(deleted)
