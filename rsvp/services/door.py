"""At the door: check-in and walk-ins. Each is one conditional write, logged; no seats counted."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from rsvp import rules
from rsvp.errors import RsvpError
from rsvp.models import RosterAccess, Rsvp, WalkIn
from rsvp.services.base import _rule_check
from scheduler.audit import audit_update
from scheduler.models import Event


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
            raise RsvpError(
                gettext("Only confirmed RSVPs can be checked in."), code="not_confirmed"
            )
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
