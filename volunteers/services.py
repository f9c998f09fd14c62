"""Writes of volunteer roles, each in its own transaction: a resident signs up for a role or
withdraws, an officer marks a volunteer served, and the retention purge erases them.
Volunteers are told through the outbox (notifications/). A role's places are counted on
their own: nothing here reads or changes an event's seats or RSVPs."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext

from notifications.enqueue import sends_enqueue
from notifications.models import Notification
from rsvp.models import email_normalize
from rsvp.rules import email_clean, name_clean, phone_clean
from scheduler.locking import busy_on_lock_wait
from scheduler.models import Event
from scheduler.permissions import can_view_roster
from scheduler.tokens import token_hash
from volunteers.errors import VolunteerError
from volunteers.models import VolunteerLink, VolunteerRole, VolunteerSignup

Kind = Notification.Kind
MAX_TOKEN_LENGTH = 128


def _rule(field: str, rule, value):
    try:
        return rule(value)
    except ValidationError as exc:
        raise VolunteerError(exc.messages[0], code=exc.code, field=field) from exc


@contextmanager
def role_locked(role_id: int) -> Iterator[VolunteerRole]:
    """A transaction holding the role's write lock; yields the fresh role row.

    PostgreSQL: a row lock on the role (not the event: sign-ups never wait on RSVPs), with
    the lock timeout; SQLite: the IMMEDIATE transaction. A count before an unlocked insert
    could give a role's last place twice. A wait that runs out is `Busy` ("try again").
    """
    with busy_on_lock_wait(), transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                timeout_ms = int(settings.PORCHLIGHT["LOCK_TIMEOUT_MS"])
                cursor.execute(f"SET LOCAL lock_timeout = '{timeout_ms}ms'")
        yield VolunteerRole.objects.select_for_update().select_related("event").get(pk=role_id)


def signup_closed_reason(event: Event, now: dt.datetime | None = None) -> str | None:
    """Why this event takes no volunteers now, for a resident; None when it does."""
    now = now or timezone.now()
    if event.status == Event.Status.CANCELLED:
        return gettext("This event has been cancelled.")
    if not event.is_published or now >= event.start:
        return gettext("Volunteer sign-ups for this event are closed.")
    return None


def places_taken(role: VolunteerRole) -> int:
    return VolunteerSignup.objects.filter(role=role, withdrawn_at=None).count()


def _notice_plan(signup: VolunteerSignup, kind: str, *, now: dt.datetime, link: bool) -> None:
    """One notice to the volunteer, sent now. Its manage link's token is derived from the
    notice's salt and the secret key (notifications/links.py), so a re-send after a crash
    carries the same link; only its hash is stored, here."""
    notice = Notification.objects.create(
        kind=kind,
        volunteer=signup,
        due_at=now,
        dedupe_key=f"volunteer:{kind}:{signup.pk}:{secrets.token_hex(8)}",
        enqueued_at=now,
    )
    if link:
        VolunteerLink.objects.create(
            signup=signup, token_hash=token_hash(notice.link_token("manage"))
        )
    transaction.on_commit(lambda: sends_enqueue([notice.pk]))


def volunteer_signup(
    *,
    role: VolunteerRole,
    name: str,
    email: str,
    phone: str = "",
    language: str = "",
    now: dt.datetime | None = None,
) -> None:
    """Sign a resident up for a role. Returns nothing: an address that already has a place
    in the role changes nothing and is e-mailed its link, so the answer is the same either
    way (DESIGN.md rule 7). A full role is refused for everyone alike."""
    now = now or timezone.now()
    fields = {
        "name": _rule("name", name_clean, name),
        "email": email_normalize(_rule("email", email_clean, email)),
        "phone": _rule("phone", phone_clean, phone),
    }
    with role_locked(role.pk) as role:
        reason = signup_closed_reason(role.event, now)
        if reason:
            raise VolunteerError(reason, code="signups_closed")
        if places_taken(role) >= role.capacity:
            raise VolunteerError(
                gettext(
                    "Every place for “%(role)s” is taken. Thank you for offering: please "
                    "choose another role, or come as a guest."
                )
                % {"role": role.name},
                code="role_full",
            )
        known = VolunteerSignup.objects.filter(
            role=role, email=fields["email"], withdrawn_at=None, erased_at=None
        ).first()
        if known is not None:
            _notice_plan(known, Kind.VOLUNTEER_LINK, now=now, link=True)
            return
        signup = VolunteerSignup.objects.create(role=role, language=language, **fields)
        _notice_plan(signup, Kind.VOLUNTEER_CONFIRMED, now=now, link=True)


def signup_by_token(token: str) -> VolunteerSignup | None:
    """The sign-up a manage link opens, or None (withdrawn ones still show; erased don't)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return (
        VolunteerSignup.objects.filter(links__token_hash=token_hash(token), erased_at=None)
        .select_related("role__event__venue")
        .first()
    )


def volunteer_withdraw(*, signup: VolunteerSignup, now: dt.datetime | None = None) -> bool:
    """The volunteer gives their place back (it is free for the next one at once). False
    when there was nothing to withdraw."""
    now = now or timezone.now()
    if signup.served_at is not None:
        raise VolunteerError(gettext("This shift is already marked as served."))
    with role_locked(signup.role_id):
        done = VolunteerSignup.objects.filter(
            pk=signup.pk, withdrawn_at=None, erased_at=None, served_at=None
        ).update(withdrawn_at=now, updated_at=now)
        if done:
            signup.withdrawn_at = now
            _notice_plan(signup, Kind.VOLUNTEER_WITHDRAWN, now=now, link=False)
    return bool(done)


def volunteer_served_mark(
    *, signup: VolunteerSignup, by, served: bool = True, now: dt.datetime | None = None
) -> VolunteerSignup:
    """An officer of the event marks a volunteer as having served their shift (its hours are
    kept with the sign-up), or takes it back."""
    now = now or timezone.now()
    with transaction.atomic():
        signup = (
            VolunteerSignup.objects.select_for_update()
            .select_related("role__event")
            .get(pk=signup.pk)
        )
        role, event = signup.role, signup.role.event
        if not can_view_roster(by, event):
            raise VolunteerError(
                gettext("You may not change this event's volunteers."), code="not_allowed"
            )
        if not signup.is_active:
            raise VolunteerError(gettext("This volunteer withdrew or their data was erased."))
        if served:
            if now < (role.shift_start or event.start):
                raise VolunteerError(
                    gettext("A shift can be marked as served once it has started.")
                )
            if signup.served_at is None:
                signup.served_at, signup.served_by = now, by
                signup.hours = role.shift_hours(event)
        else:
            signup.served_at = signup.served_by = signup.hours = None
        signup.save(update_fields=["served_at", "served_by", "hours", "updated_at"])
    return signup


def volunteers_erase(*, event_id: int, now: dt.datetime) -> tuple[int, int]:
    """Erase an event's volunteers' personal data (inside the caller's transaction): names,
    addresses, phones, links and notices. The rows stay, with their served hours, for the
    counts. Returns (sign-ups erased, notices deleted)."""
    signups = VolunteerSignup.objects.filter(role__event_id=event_id, erased_at=None)
    ids = list(signups.values_list("pk", flat=True))
    if not ids:
        return 0, 0
    count = VolunteerSignup.objects.filter(pk__in=ids).update(
        name="", email="", phone="", erased_at=now, updated_at=now
    )
    VolunteerLink.objects.filter(signup_id__in=ids).delete()
    notices, _ = Notification.objects.filter(volunteer_id__in=ids).delete()
    return count, notices
