"""What a resident corrects on their RSVP's own page: name, phone, text reminders, needs;
and their links, e-mailed again to the address that asks for them."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from rsvp import rules
from rsvp.errors import RsvpError
from rsvp.models import Attendee, Rsvp, email_normalize
from rsvp.services.changes import _change_refused, rsvp_change_party_size, rsvp_language_set
from rsvp.signals import rsvp_changed
from scheduler.locking import event_locked
from scheduler.models import Event


def rsvp_details_refusal(rsvp: Rsvp, now: dt.datetime | None = None) -> str | None:
    """Why this RSVP's details can no longer be corrected; None while they can.

    The same cases as a party-size change (a cancelled RSVP or event, an event under way),
    plus a head-count RSVP, which has no details: a page asks first, and offers the form
    only when rsvp_details_change would accept it.
    """
    refused = _details_refused(rsvp, rsvp.event, now or timezone.now())
    return refused.message if refused else None


def _details_refused(rsvp: Rsvp, event: Event, now: dt.datetime) -> RsvpError | None:
    if rsvp.is_headcount:
        return RsvpError(
            gettext("A head-count RSVP has no name or phone to change."), code="headcount"
        )
    return _change_refused(rsvp, event, now)


DETAIL_FIELDS = ("name", "phone", "sms_opt_in", "accessibility_needs")


def rsvp_details_change(*, rsvp: Rsvp, now: dt.datetime | None = None, **changes) -> Rsvp:
    """Correct what was typed with this RSVP: any of DETAIL_FIELDS, values already cleaned
    by rsvp.rules; the ones left out keep the values they have when the lock is held (not
    when the caller read the RSVP: a change made meanwhile from another page is kept).

    Whoever holds this page's link got it from the RSVP's mailbox, so texts asked for here
    start at once: this is where the RSVP form's "turn them on" step happens anyway
    (Rsvp.texts_confirmed_at). A new number starts them anew; no opt-in stops them, and
    the reminders already planned for texts are skipped when they fall due.
    """
    unknown = set(changes) - set(DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"Not details of an RSVP: {sorted(unknown)}")
    with event_locked(rsvp.event_id) as event:
        now = now or timezone.now()
        current = Rsvp.objects.select_related("attendee").get(pk=rsvp.pk)
        refused = _details_refused(current, event, now)
        if refused:
            raise refused
        details = {name: changes.get(name, getattr(current, name)) for name in DETAIL_FIELDS}
        try:
            rules.sms_opt_in_check(sms_opt_in=details["sms_opt_in"], phone=details["phone"])
        except ValidationError as exc:
            raise RsvpError(exc.messages[0], code=exc.code, field="phone") from None
        texts_on = current.texts_confirmed_at is not None and current.phone == details["phone"]
        current.name = details["name"]
        current.phone = details["phone"]
        current.sms_opt_in = bool(details["sms_opt_in"])
        if not current.sms_opt_in:
            current.texts_confirmed_at = None
        elif not texts_on:
            current.texts_confirmed_at = now
        current.accessibility_needs = details["accessibility_needs"]
        current.save(
            update_fields=[
                "name",
                "phone",
                "sms_opt_in",
                "texts_confirmed_at",
                "accessibility_needs",
                "updated_at",
            ]
        )
        current.event = event
        # The outbox plans the text reminders a new opt-in now asks for (planning.py).
        rsvp_changed.send(sender=Rsvp, rsvp=current, kind="details_changed")
    rsvp.refresh_from_db()
    return rsvp


def rsvp_change(
    *,
    rsvp: Rsvp,
    party_size: int | None = None,
    details: dict | None = None,
    language: str | None = None,
    now: dt.datetime | None = None,
) -> Rsvp:
    """Several changes at once (the API's PATCH), all or none: one transaction holding the
    event's lock, one moment for every rule. Seats first: the one change that can be
    refused for want of them."""
    with event_locked(rsvp.event_id):
        now = now or timezone.now()
        if party_size is not None:
            rsvp_change_party_size(rsvp=rsvp, party_size=party_size, now=now)
        if details:
            rsvp_details_change(rsvp=rsvp, now=now, **details)
        if language is not None:
            rsvp_language_set(rsvp=rsvp, language=language)
    rsvp.refresh_from_db()
    return rsvp


def rsvp_links_resend(email: str, now: dt.datetime | None = None) -> int:
    """Send this address the links of its RSVPs to events still to come; how many.

    Run on the worker (rsvp.tasks.rsvp_links_send), never in the request: the page that
    asks answers the same words at once whether or not the address has any RSVP, and the
    time it takes says nothing either. Each RSVP's link goes out at most once per
    NOTICE_LINK_RESEND_MINUTES however often it is asked for (planning.py), so the form
    cannot flood anyone's inbox.
    """
    now = now or timezone.now()
    attendee = Attendee.objects.filter(email=email_normalize(email)).first()
    if attendee is None:
        return 0
    rsvps = (
        Rsvp.objects.active()
        .filter(attendee=attendee, event__end__gt=now)
        .exclude(event__status=Event.Status.CANCELLED)
        .select_related("event", "attendee")
        .order_by("event__start", "id")
    )
    with transaction.atomic():
        sent = 0
        for rsvp in rsvps:
            rsvp_changed.send(sender=Rsvp, rsvp=rsvp, kind="links_requested")
            sent += 1
    return sent
