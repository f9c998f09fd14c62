"""Planning: what each RSVP and event change tells whom, written to the outbox.

These functions run inside the RSVP and event services' transactions (through
receivers.py), so a notice exists exactly when the change that caused it committed.
Rows due now are queued for sending only after that commit (enqueue.sends_enqueue).
A unique dedupe key per notice makes planning the same thing twice harmless.
"""

from __future__ import annotations

import datetime as dt
import secrets
import zoneinfo
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from notifications.enqueue import sends_enqueue
from notifications.links import notice_by_stop_token
from notifications.models import LINKS_RESEND_MINUTES, Notification
from rsvp.models import Attendee, Rsvp
from scheduler.models import MAX_REMINDER_OFFSET_MINUTES, Event, Venue

Kind = Notification.Kind
State = Notification.State
Channel = Notification.Channel

# Changes a resident is told about; a new title alone reaches calendars through the feeds.
NOTICE_FIELDS = ("start", "end", "venue_id", "timezone")
TIME_FIELDS = ("start", "timezone")


def reminder_due_at(start: dt.datetime, tz_name: str, offset_minutes: int) -> dt.datetime:
    """When a reminder `offset_minutes` before `start` goes out.

    Whole days are counted on the event's wall clock ("a day before" a 6:30 PM event is
    6:30 PM the day before, even across a daylight-saving change); the rest of the offset
    is elapsed time.
    """
    tz = zoneinfo.ZoneInfo(tz_name)
    days, minutes = divmod(int(offset_minutes), 24 * 60)
    local = timezone.localtime(start, tz).replace(tzinfo=None) - dt.timedelta(days=days)
    moment = local.replace(tzinfo=tz)
    # A wall time that does not exist (the hour skipped in spring) is read with the
    # offset before the change; converting to UTC normalises it.
    return moment.astimezone(dt.UTC) - dt.timedelta(minutes=minutes)


def reminder_offsets(event: Event) -> list[int]:
    offsets = event.program.reminder_offsets_minutes or []
    valid = {
        int(o)
        for o in offsets
        if isinstance(o, int | float) and 0 < int(o) <= MAX_REMINDER_OFFSET_MINUTES
    }
    return sorted(valid, reverse=True)


def _rows_create(rows: list[Notification], now: dt.datetime) -> list[int]:
    """Insert the notices whose dedupe key is new; queue the ones due now after commit.

    Two statements however many rows are new: the insert skips keys already planned, and
    the read finds the rows this call inserted (stamped enqueued_at=now), not older ones.
    """
    if not rows:
        return []
    for row in rows:
        if row.state == State.PENDING and row.due_at <= now:
            row.enqueued_at = now
    # ignore_conflicts: a notice planned before (or by a concurrent transaction) wins, and
    # this one neither fails nor makes a second row.
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    due_keys = [row.dedupe_key for row in rows if row.enqueued_at is not None]
    due_ids = list(
        Notification.objects.filter(
            dedupe_key__in=due_keys, state=State.PENDING, enqueued_at=now
        ).values_list("pk", flat=True)
    )
    if due_ids:
        transaction.on_commit(lambda: sends_enqueue(due_ids))
    return due_ids


def _notice(
    *, kind: str, rsvp: Rsvp, event: Event, key: str, now: dt.datetime, **kw
) -> Notification:
    return Notification(
        kind=kind,
        attendee_id=rsvp.attendee_id,
        rsvp=rsvp,
        event=event,
        event_sequence=event.sequence,
        due_at=kw.pop("due_at", now),
        dedupe_key=key,
        **kw,
    )


def reminders_for(rsvp: Rsvp, event: Event, now: dt.datetime) -> list[Notification]:
    """The reminder rows for a confirmed RSVP at the event's current time and SEQUENCE."""
    attendee = rsvp.attendee
    if (
        rsvp.status != Rsvp.Status.CONFIRMED
        or event.status == Event.Status.CANCELLED
        or event.start <= now
        or not attendee.reminders_enabled
    ):
        return []
    channels = [Channel.EMAIL]
    if rsvp.phone and rsvp.sms_opt_in:
        channels.append(Channel.SMS)
    rows = []
    for offset in reminder_offsets(event):
        due = reminder_due_at(event.start, event.timezone, offset)
        for channel in channels:
            row = _notice(
                kind=Kind.REMINDER,
                rsvp=rsvp,
                event=event,
                channel=channel,
                offset_minutes=offset,
                due_at=due,
                payload={"start": event.start.isoformat()},
                key=f"reminder:{channel}:{offset}:rsvp{rsvp.pk}:seq{event.sequence}",
                now=now,
            )
            if due <= now:
                # Planned too late (an RSVP an hour before the start gets no "day before"
                # reminder): recorded as skipped so the outbox shows why nothing went out.
                row.state = State.SKIPPED
                row.last_error = "Its moment had already passed when it was planned."
            rows.append(row)
    return rows


def _pending_skip(qs, reason: str) -> int:
    return qs.filter(state=State.PENDING).update(
        state=State.SKIPPED, last_error=reason, updated_at=timezone.now()
    )


def notices_for_rsvp(*, rsvp: Rsvp, kind: str, now: dt.datetime | None = None) -> list[int]:
    """Plan what an RSVP change tells the resident (rsvp.signals.rsvp_changed)."""
    now = now or timezone.now()
    if rsvp.attendee_id is None:
        return []  # a head-count RSVP: no mailbox to tell
    event = rsvp.event
    rows: list[Notification] = []
    if kind in (Kind.CONFIRMED, Kind.PROMOTED):
        rows.append(
            _notice(kind=kind, rsvp=rsvp, event=event, key=f"{kind}:rsvp{rsvp.pk}", now=now)
        )
        rows.extend(reminders_for(rsvp, event, now))
    elif kind == Kind.WAITLISTED:
        rows.append(
            _notice(kind=kind, rsvp=rsvp, event=event, key=f"{kind}:rsvp{rsvp.pk}", now=now)
        )
    elif kind == Kind.CANCELLED:
        _pending_skip(
            Notification.objects.filter(rsvp=rsvp, kind=Kind.REMINDER), "The RSVP was cancelled."
        )
        rows.append(
            _notice(kind=kind, rsvp=rsvp, event=event, key=f"{kind}:rsvp{rsvp.pk}", now=now)
        )
    elif kind == Kind.LINK_RESENT:
        # A repeat of an RSVP: one new row every time, as a new RSVP makes its confirmation,
        # so the submission does the same work whichever it was (DESIGN.md rule 7). That
        # the form cannot flood an inbox is delivery's rule: at most one link per window.
        rows.append(
            _notice(
                kind=kind,
                rsvp=rsvp,
                event=event,
                key=f"{kind}:rsvp{rsvp.pk}:{secrets.token_hex(8)}",
                now=now,
            )
        )
    elif kind in (Kind.FEED_LINK, Kind.LINKS_REQUESTED):
        # At most one per RSVP per window: a held manage link (a feed link) or a typed address
        # ("E-mail me my links", an hour's window; delivery also skips one sent within the
        # hour before, across a window's edge) cannot be used to flood the resident's inbox.
        minutes = (
            LINKS_RESEND_MINUTES
            if kind == Kind.LINKS_REQUESTED
            else settings.PORCHLIGHT["NOTICE_LINK_RESEND_MINUTES"]
        )
        bucket = int(now.timestamp() // (minutes * 60))
        rows.append(
            _notice(
                kind=kind, rsvp=rsvp, event=event, key=f"{kind}:rsvp{rsvp.pk}:{bucket}", now=now
            )
        )
    elif kind == "details_changed":
        # Text reminders turned on from the manage page: the rows for texts are new, the
        # e-mail ones already planned are left as they are (their dedupe keys).
        rows.extend(reminders_for(rsvp, event, now))
    # party_size_changed: the manage page shows it; no notice.
    return _rows_create(rows, now)


def _active_rsvps(event: Event):
    """The active RSVPs that have a mailbox (head-count ones have nobody to tell)."""
    return (
        Rsvp.objects.filter(event_id=event.pk, attendee__isnull=False)
        .active()
        .select_related("attendee")
    )


def notices_for_event_change(
    *, event: Event, changes: dict[str, tuple[Any, Any]], now: dt.datetime | None = None
) -> list[int]:
    """Re-plan reminders after a move and tell residents what changed (event_changed)."""
    now = now or timezone.now()
    if event.status == Event.Status.CANCELLED or not set(changes) & set(NOTICE_FIELDS):
        return []
    rows: list[Notification] = []
    rsvps = list(_active_rsvps(event))
    if set(changes) & set(TIME_FIELDS):
        _pending_skip(
            Notification.objects.filter(event=event, kind=Kind.REMINDER),
            "Re-planned: the event's time changed.",
        )
        for rsvp in rsvps:
            rows.extend(reminders_for(rsvp, event, now))
    if event.end > now:
        payload = change_payload(event, changes)
        for rsvp in rsvps:
            rows.append(
                _notice(
                    kind=Kind.EVENT_CHANGED,
                    rsvp=rsvp,
                    event=event,
                    payload=payload,
                    key=f"event_changed:rsvp{rsvp.pk}:seq{event.sequence}",
                    now=now,
                )
            )
    return _rows_create(rows, now)


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat()


def change_payload(event: Event, changes: dict[str, tuple[Any, Any]]) -> dict[str, list]:
    """What changed: {"times": [[start, end, zone] before, after], "where": [old, new]}.

    The times are kept as moments (ISO 8601) with their zone, not as text: the e-mail
    writes them when it is sent, in the resident's language (email.changes_text), not in
    the language of whoever moved the event.
    """
    payload: dict[str, list] = {}
    if set(changes) & {"start", "end", "timezone"}:
        old_start = changes.get("start", (event.start,))[0]
        old_end = changes.get("end", (event.end,))[0]
        old_tz = changes.get("timezone", (event.timezone,))[0]
        payload["times"] = [
            [_iso(old_start), _iso(old_end), old_tz],
            [_iso(event.start), _iso(event.end), event.timezone],
        ]
    if "venue_id" in changes:
        old_id, new_id = changes["venue_id"]
        venues = Venue.objects.in_bulk([old_id, new_id])

        def place(venue_id):
            venue = venues.get(venue_id)
            return f"{venue.name}, {venue.address}" if venue else ""

        payload["where"] = [place(old_id), place(new_id)]
    return payload


def notices_for_event_cancel(*, event: Event, now: dt.datetime | None = None) -> list[int]:
    """Tell everyone with an active RSVP, with the reason given; nothing else goes out."""
    now = now or timezone.now()
    _pending_skip(
        Notification.objects.filter(event=event).exclude(
            kind__in=[Kind.EVENT_CANCELLED, Kind.CANCELLED]
        ),
        "The event was cancelled.",
    )
    # The reason as typed for this cancellation: a later reinstatement clears the event's.
    payload = {"reason": event.cancellation_reason}
    rows = [
        _notice(
            kind=Kind.EVENT_CANCELLED,
            rsvp=rsvp,
            event=event,
            payload=payload,
            key=f"event_cancelled:rsvp{rsvp.pk}:seq{event.sequence}",
            now=now,
        )
        for rsvp in _active_rsvps(event)
    ]
    return _rows_create(rows, now)


def notices_for_event_reinstate(*, event: Event, now: dt.datetime | None = None) -> list[int]:
    """A cancelled event is on again: tell everyone with an active RSVP, plan reminders anew.

    Reinstating bumps the event's SEQUENCE, so the reminders get new rows (and keys);
    the old ones were skipped when the event was cancelled.
    """
    now = now or timezone.now()
    if event.status == Event.Status.CANCELLED:
        return []
    _pending_skip(
        Notification.objects.filter(event=event, kind=Kind.EVENT_CANCELLED),
        "The event was reinstated before this went out.",
    )
    rows: list[Notification] = []
    for rsvp in _active_rsvps(event):
        rows.extend(reminders_for(rsvp, event, now))
        if event.end > now:
            rows.append(
                _notice(
                    kind=Kind.EVENT_REINSTATED,
                    rsvp=rsvp,
                    event=event,
                    key=f"event_reinstated:rsvp{rsvp.pk}:seq{event.sequence}",
                    now=now,
                )
            )
    return _rows_create(rows, now)


def notices_for_waitlist_cutoff(*, now: dt.datetime | None = None) -> list[int]:
    """Tell waiting residents once the waitlist stopped moving (the promotion cutoff)."""
    now = now or timezone.now()
    waiting = (
        Rsvp.objects.filter(
            status=Rsvp.Status.WAITLISTED,
            attendee__isnull=False,
            event__status=Event.Status.SCHEDULED,
            event__start__gt=now,
        )
        .select_related("event")
        .order_by("event_id", "id")
    )
    rows = []
    for rsvp in waiting:
        event = rsvp.event
        if now < event.start - dt.timedelta(minutes=event.promotion_cutoff_minutes):
            continue
        rows.append(
            _notice(
                kind=Kind.WAITLIST_CLOSED,
                rsvp=rsvp,
                event=event,
                key=f"waitlist_closed:rsvp{rsvp.pk}:seq{event.sequence}",
                now=now,
            )
        )
    with transaction.atomic():
        return _rows_create(rows, now)


def reminders_stop(*, token: str) -> bool:
    """The one-click "stop reminders" link: no more reminders for this resident."""
    notice = notice_by_stop_token(token)
    # A staff or block-party notice has no resident's reminders to stop: its link is unknown.
    if notice is None or notice.attendee_id is None:
        return False
    with transaction.atomic():
        Attendee.objects.filter(pk=notice.attendee_id).update(reminders_enabled=False)
        _pending_skip(
            Notification.objects.filter(attendee_id=notice.attendee_id, kind=Kind.REMINDER),
            "The resident stopped reminders.",
        )
    return True
