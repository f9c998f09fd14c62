"""At the door: check-in (whole or partial parties), undo and walk-ins. Each is one
conditional write, logged; no seats counted.

Check-in is open from the program's `checkin_opens_minutes` before the start until
PORCHLIGHT["CHECKIN_CLOSES_HOURS"] after the end; outside those hours it is refused, so a
tap on the wrong event's list (the same venue next week) records nothing. A coordinator may
go past them by asking to (`override`), and that is in the access log.

Two phones at one door: a check-in made by anyone stands until an undo that names it (its
`checkin_key`) takes it back. An undo queued on a phone that saw an older check-in (its
officer undid a mistake while offline, someone else checked the party in again since) is
not applied: arrival wins, and the access log records the conflict.
"""

import datetime as dt
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from rsvp import rules
from rsvp.errors import RsvpError
from rsvp.models import RosterAccess, Rsvp, WalkIn
from rsvp.services.base import _rule_check
from scheduler.audit import audit_update
from scheduler.models import Event
from scheduler.permissions import is_coordinator
from scheduler.when import day_text, time_text

APPLIED, UNCHANGED, CONFLICT = "applied", "unchanged", "conflict"


def checkin_hours(event: Event) -> tuple[dt.datetime, dt.datetime]:
    """When check-in opens and closes for this event."""
    opens = event.start - dt.timedelta(minutes=event.program.checkin_opens_minutes)
    closes = event.end + dt.timedelta(hours=settings.PORCHLIGHT["CHECKIN_CLOSES_HOURS"])
    return opens, closes


def checkin_hours_refusal(event: Event, *, at: dt.datetime | None = None) -> RsvpError | None:
    """Why the door is not open at `at` (now), or None when it is."""
    at = at or timezone.now()
    if event.status == Event.Status.CANCELLED:
        return RsvpError(gettext("This event is cancelled."), code="event_cancelled")
    opens, closes = checkin_hours(event)
    if at < opens:
        return RsvpError(
            # Translators: refused check-in; day and time in the event's zone, e.g.
            # "Check-in for this event opens on Tue, Mar 14 at 4:00 PM."
            gettext("Check-in for this event opens on %(day)s at %(time)s.")
            % {"day": day_text(opens, event.timezone), "time": time_text(opens, event.timezone)},
            code="checkin_not_open",
        )
    if at > closes:
        hours = settings.PORCHLIGHT["CHECKIN_CLOSES_HOURS"]
        return RsvpError(
            ngettext(
                "Check-in for this event has closed: it ended more than %(hours)d hour ago.",
                "Check-in for this event has closed: it ended more than %(hours)d hours ago.",
                hours,
            )
            % {"hours": hours},
            code="checkin_closed",
        )
    return None


def _door_open_check(event: Event, *, by, at: dt.datetime, override: bool) -> bool:
    """Raise unless the door is open (or a coordinator overrides); True when overridden.

    An action a phone queued is checked at the time it was made and at the time it
    arrives: a phone's clock set back cannot check anyone in after the door has closed.
    """
    refusal = checkin_hours_refusal(event, at=at) or checkin_hours_refusal(event)
    if refusal is None:
        return False
    if refusal.code != "event_cancelled" and override and is_coordinator(by):
        return True
    raise refusal


def _arrived_check(rsvp: Rsvp, arrived: int | None) -> int:
    if arrived is None:
        return rsvp.party_size
    if not 1 <= arrived <= rsvp.party_size:
        raise RsvpError(
            gettext("Enter how many of the party arrived, from 1 to %(size)d.")
            % {"size": rsvp.party_size},
            code="arrived",
            field="arrived",
        )
    return arrived


def checkin_apply(
    *,
    rsvp: Rsvp,
    by,
    arrived: int | None = None,
    at: dt.datetime | None = None,
    key: str = "",
    override: bool = False,
    seen: str | None = None,
) -> str:
    """Mark a confirmed party (or `arrived` of its people) as arrived; APPLIED or UNCHANGED.

    Idempotent: the first check-in's time, officer and key stay; a later check-in with
    another count corrects the count ("3 of 4", then the fourth came). From a phone's queue
    (`seen` given) a correction applies only to the check-in that phone saw, as an undo
    does: a count sent late never overwrites a newer check-in by another officer.
    """
    now = timezone.now()
    at = at or now
    with transaction.atomic():
        before = Rsvp.objects.select_related("event__program").get(pk=rsvp.pk)
        if before.status != Rsvp.Status.CONFIRMED:
            raise RsvpError(
                gettext("Only confirmed RSVPs can be checked in."), code="not_confirmed"
            )
        overridden = _door_open_check(before.event, by=by, at=at, override=override)
        count = _arrived_check(before, arrived)
        updated = Rsvp.objects.filter(
            pk=rsvp.pk, status=Rsvp.Status.CONFIRMED, checked_in_at__isnull=True
        ).update(
            checked_in_at=at,
            checked_in_by=by,
            arrived=count,
            checkin_key=key or uuid.uuid4().hex,
            updated_at=now,
        )
        if not updated and arrived is not None:
            rows = Rsvp.objects.filter(pk=rsvp.pk, checked_in_at__isnull=False)
            if seen is not None:
                rows = rows.filter(checkin_key=seen or "-")
            updated = rows.exclude(arrived=count).update(arrived=count, updated_at=now)
        rsvp.refresh_from_db()
        RosterAccess.objects.create(user=by, event_id=rsvp.event_id, what=RosterAccess.What.CHECKIN)
        if overridden:
            RosterAccess.objects.create(
                user=by, event_id=rsvp.event_id, what=RosterAccess.What.OVERRIDE
            )
        if updated:
            # A conditional update sends no model signal: the audit entry is written here.
            audit_update(before, rsvp, actor=by)
    return APPLIED if updated else UNCHANGED


def checkin_mark(
    *,
    rsvp: Rsvp,
    by,
    arrived: int | None = None,
    override: bool = False,
    now: dt.datetime | None = None,
) -> Rsvp:
    """Check a party in (see checkin_apply); the RSVP as it now is."""
    checkin_apply(rsvp=rsvp, by=by, arrived=arrived, at=now, override=override)
    return rsvp


def checkin_take_back(
    *,
    rsvp: Rsvp,
    by,
    seen: str | None = None,
    at: dt.datetime | None = None,
    override: bool = False,
) -> str:
    """Undo a check-in (tapped by mistake): APPLIED, UNCHANGED (not checked in), or
    CONFLICT when `seen` (the check-in key the officer's device showed) is not the party's
    check-in any more: a newer check-in by someone else stands."""
    now = timezone.now()
    overridden = _door_open_check(rsvp.event, by=by, at=at or now, override=override)
    with transaction.atomic():
        before = Rsvp.objects.get(pk=rsvp.pk)
        rows = Rsvp.objects.filter(pk=rsvp.pk, checked_in_at__isnull=False)
        if seen is not None:
            # From a phone's queue: only the check-in it saw ("" saw none: nothing to undo).
            rows = rows.filter(checkin_key=seen or "-")
        updated = rows.update(
            checked_in_at=None, checked_in_by=None, arrived=None, checkin_key="", updated_at=now
        )
        rsvp.refresh_from_db()
        outcome = APPLIED if updated else UNCHANGED
        what = RosterAccess.What.UNDO
        if not updated and rsvp.checked_in_at is not None:
            outcome, what = CONFLICT, RosterAccess.What.CONFLICT
        RosterAccess.objects.create(user=by, event_id=rsvp.event_id, what=what)
        if overridden:
            RosterAccess.objects.create(
                user=by, event_id=rsvp.event_id, what=RosterAccess.What.OVERRIDE
            )
        if updated:
            audit_update(before, rsvp, actor=by)
    return outcome


def checkin_undo(*, rsvp: Rsvp, by, override: bool = False) -> Rsvp:
    """Undo whatever check-in the party has (the officer sees it on the page). Idempotent."""
    checkin_take_back(rsvp=rsvp, by=by, override=override)
    return rsvp


def walkin_record(
    *,
    event: Event,
    by,
    head_count: int = 1,
    name: str = "",
    email: str = "",
    phone: str = "",
    contact_consent: bool = False,
    at: dt.datetime | None = None,
    override: bool = False,
) -> WalkIn:
    """Count people who came without an RSVP. A name is optional; an e-mail or phone only
    with the resident's consent, said at the door (so follow-ups and repeat visits count)."""
    _rule_check("head_count", rules.head_count_clean, head_count)
    name = _rule_check("name", rules.walkin_name_clean, name)
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise RsvpError(
                gettext("Enter a valid e-mail address, or leave it empty."),
                code="email",
                field="email",
            ) from None
        email = _rule_check("email", rules.email_clean, email)
    phone = _rule_check("phone", rules.phone_clean, phone)
    if (email or phone) and not contact_consent:
        raise RsvpError(
            gettext(
                "Ask the resident whether we may keep their contact details, and tick the box "
                "if they agree; otherwise leave the e-mail and phone empty."
            ),
            code="contact_consent",
            field="contact_consent",
        )
    now = timezone.now()
    overridden = _door_open_check(event, by=by, at=at or now, override=override)
    with transaction.atomic():
        walkin = WalkIn.objects.create(
            event=event,
            recorded_by=by,
            head_count=head_count,
            name=name,
            email=email,
            phone=phone,
            contact_consent_at=now if (email or phone) else None,
        )
        RosterAccess.objects.create(user=by, event=event, what=RosterAccess.What.WALKIN)
        if overridden:
            RosterAccess.objects.create(user=by, event=event, what=RosterAccess.What.OVERRIDE)
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
