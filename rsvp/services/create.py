"""New RSVPs (with contact details or as a head count), and what a resident adds later."""

import datetime as dt
import secrets
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Case, Exists, OuterRef, Value, When
from django.utils import timezone
from django.utils.translation import gettext

from questions.services import AnswerInput, answers_check, answers_save
from rsvp.errors import RsvpError
from rsvp.models import Rsvp
from rsvp.services.base import (
    REFERENCE_ALPHABET,
    RsvpResult,
    _active_status,
    _fits_now,
    _mailbox,
    _open_check,
    _party_size_check,
)
from rsvp.services.changes import _change_refused
from rsvp.signals import rsvp_changed
from scheduler.locking import event_locked
from scheduler.models import Event, RsvpMode
from scheduler.tokens import token_hash, token_new


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
    answers: Sequence[AnswerInput] = (),
    extras: dict | None = None,
    now: dt.datetime | None = None,
) -> RsvpResult:
    """Confirm the party if all of it fits, otherwise put it on the waitlist.

    A repeat for an address that already has an active RSVP here changes nothing: it
    returns that RSVP with created=False, and its mailbox is sent its link. Whichever the
    case (a new address, one known from other events, a repeat) the same statements run in
    the same order and one notice is queued (DESIGN.md rule 7): nothing in the answer or
    its time tells them apart. What was typed is the new RSVP's own (name, phone, needs,
    language, answers to the registration questions); a repeat's is dropped, never written
    over the stored RSVP nor shown. A required question left unanswered refuses the RSVP
    before anything is written.
    `extras` (other apps' form parts, rsvp/extensions.py) go with a new RSVP's announcement.
    """
    _party_size_check(event, party_size)
    answers_check(event=event, answers=answers)
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
        if created and answers:
            # In the same transaction: the RSVP and its answers are written together.
            answers_save(rsvp_id=rsvp.pk, answers=answers)
        rsvp_changed.send(
            sender=Rsvp,
            rsvp=rsvp,
            kind=rsvp.status if created else "link_resent",
            extras=(extras or {}) if created else {},
        )
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
