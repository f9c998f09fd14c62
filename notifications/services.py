"""Writes to the outbox: plan notices when RSVPs and events change, deliver them once.

Planning functions run inside the RSVP and event services' transactions (via hooks.py),
so a notice exists exactly when the change that caused it committed. Sends are queued
only after that commit. Delivery claims its row first (pending -> sending), so a second
worker, a replayed task or a retry finds nothing to do.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import zoneinfo
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from notifications.models import Notification
from rsvp.models import Attendee, Rsvp, token_hash
from scheduler.models import MAX_REMINDER_OFFSET_MINUTES, Event

logger = logging.getLogger(__name__)

Kind = Notification.Kind
State = Notification.State
Channel = Notification.Channel

# Changes a resident is told about; a new title alone reaches calendars through the feeds.
NOTICE_FIELDS = ("start", "end", "venue_id", "timezone")
TIME_FIELDS = ("start", "timezone")


def option(name: str) -> Any:
    defaults = {
        "NOTICE_MAX_ATTEMPTS": 5,
        "NOTICE_RETRY_BASE_SECONDS": 60,
        "NOTICE_LEASE_SECONDS": 180,
        "NOTICE_ENQUEUE_LEASE_SECONDS": 300,
        "NOTICE_DISPATCH_BATCH": 500,
        "NOTICE_DISPATCH_BUDGET_SECONDS": 30,
        "NOTICE_LINK_RESEND_MINUTES": 10,
    }
    return settings.PORCHLIGHT.get(name, defaults[name])


# --- Planning -------------------------------------------------------------------


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
    """Insert the notices whose dedupe key is new; queue the ones due now after commit."""
    if not rows:
        return []
    keys = [row.dedupe_key for row in rows]
    existing = set(
        Notification.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True)
    )
    fresh = [row for row in rows if row.dedupe_key not in existing]
    for row in fresh:
        if row.state == State.PENDING and row.due_at <= now:
            row.enqueued_at = now
    # ignore_conflicts: a concurrent transaction that planned the same notice wins, and
    # this one neither fails nor makes a second row.
    Notification.objects.bulk_create(fresh, ignore_conflicts=True)
    due_keys = [row.dedupe_key for row in fresh if row.enqueued_at is not None]
    due_ids = list(
        Notification.objects.filter(dedupe_key__in=due_keys, state=State.PENDING).values_list(
            "pk", flat=True
        )
    )
    if due_ids:
        from notifications.tasks import sends_enqueue

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
    """Plan what an RSVP change tells the resident (hooks.rsvp_changed)."""
    now = now or timezone.now()
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
    elif kind in (Kind.LINK_RESENT, Kind.FEED_LINK):
        # Anyone can type anyone's e-mail into the form: at most one re-sent link per
        # RSVP per window, so the form cannot be used to flood a resident's inbox.
        window = option("NOTICE_LINK_RESEND_MINUTES") * 60
        bucket = int(now.timestamp() // window)
        rows.append(
            _notice(
                kind=kind, rsvp=rsvp, event=event, key=f"{kind}:rsvp{rsvp.pk}:{bucket}", now=now
            )
        )
    # party_size_changed: the manage page shows it; no notice.
    return _rows_create(rows, now)


def _active_rsvps(event: Event):
    return Rsvp.objects.filter(event_id=event.pk).active().select_related("attendee")


def notices_for_event_change(
    *, event: Event, changes: dict[str, tuple[Any, Any]], now: dt.datetime | None = None
) -> list[int]:
    """Re-plan reminders after a move and tell residents what changed (hooks.event_changed)."""
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


def change_payload(event: Event, changes: dict[str, tuple[Any, Any]]) -> dict[str, list[str]]:
    """What changed, as text a resident reads: {"when": [old, new], "where": [old, new]}."""
    from scheduler.models import Venue
    from scheduler.templatetags.porchlight import when_text

    payload: dict[str, list[str]] = {}
    if set(changes) & {"start", "end", "timezone"}:
        old_start = changes.get("start", (event.start,))[0]
        old_end = changes.get("end", (event.end,))[0]
        old_tz = changes.get("timezone", (event.timezone,))[0]
        payload["when"] = [
            when_text(old_start, old_end, old_tz),
            when_text(event.start, event.end, event.timezone),
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
    """Tell everyone with an active RSVP; nothing else about this event goes out."""
    now = now or timezone.now()
    _pending_skip(
        Notification.objects.filter(event=event).exclude(
            kind__in=[Kind.EVENT_CANCELLED, Kind.CANCELLED]
        ),
        "The event was cancelled.",
    )
    rows = [
        _notice(
            kind=Kind.EVENT_CANCELLED,
            rsvp=rsvp,
            event=event,
            key=f"event_cancelled:rsvp{rsvp.pk}:seq{event.sequence}",
            now=now,
        )
        for rsvp in _active_rsvps(event)
    ]
    return _rows_create(rows, now)


def notices_for_waitlist_cutoff(*, now: dt.datetime | None = None) -> list[int]:
    """Tell waiting residents once the waitlist stopped moving (the promotion cutoff)."""
    now = now or timezone.now()
    waiting = (
        Rsvp.objects.filter(
            status=Rsvp.Status.WAITLISTED,
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
    notice = notice_by_link(token, "unsubscribe")
    if notice is None:
        return False
    with transaction.atomic():
        from rsvp.models import Attendee

        Attendee.objects.filter(pk=notice.attendee_id).update(reminders_enabled=False)
        _pending_skip(
            Notification.objects.filter(attendee_id=notice.attendee_id, kind=Kind.REMINDER),
            "The resident stopped reminders.",
        )
    return True


def notice_by_link(token: str, purpose: str) -> Notification | None:
    if not token or len(token) > 128:
        return None
    field = {"manage": "manage_token_hash", "unsubscribe": "unsubscribe_token_hash"}[purpose]
    return Notification.objects.filter(**{field: token_hash(token)}).first()


def rsvp_id_by_link(token: str) -> int | None:
    """The RSVP a notice's manage link points to (rsvp.services.rsvp_by_token asks here)."""
    notice = notice_by_link(token, "manage")
    return notice.rsvp_id if notice else None


# --- Dispatch ---------------------------------------------------------------------


def stale_reclaim(*, now: dt.datetime | None = None) -> int:
    """Rows left in "sending" past the lease (a worker killed mid-send) go back to pending.

    The lease is longer than the task timeout, so a send still running cannot be
    reclaimed under it. The re-send carries the same Message-ID and links.
    """
    now = now or timezone.now()
    stale = Notification.objects.filter(
        state=State.SENDING,
        claimed_at__lt=now - dt.timedelta(seconds=option("NOTICE_LEASE_SECONDS")),
    )
    failed = stale.filter(attempts__gte=option("NOTICE_MAX_ATTEMPTS")).update(
        state=State.FAILED,
        last_error="The worker was lost while sending, too many times.",
        updated_at=now,
    )
    back = stale.update(
        state=State.PENDING,
        enqueued_at=None,
        last_error="The worker was lost while sending; sending again.",
        updated_at=now,
    )
    return failed + back


def due_claim(*, now: dt.datetime, limit: int) -> list[int]:
    """Mark up to `limit` due rows as enqueued and queue their send tasks after commit.

    PostgreSQL: rows locked by another dispatcher are skipped (SKIP LOCKED), so two
    clusters split the work. SQLite: the IMMEDIATE transaction is the lock, and the
    update is conditional anyway.
    """
    lease = now - dt.timedelta(seconds=option("NOTICE_ENQUEUE_LEASE_SECONDS"))
    due = Notification.objects.filter(state=State.PENDING, due_at__lte=now).filter(
        Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=lease)
    )
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            ids = list(
                due.order_by("due_at", "id")
                .select_for_update(skip_locked=True)
                .values_list("pk", flat=True)[:limit]
            )
            Notification.objects.filter(pk__in=ids).update(enqueued_at=now)
        else:
            ids = list(due.order_by("due_at", "id").values_list("pk", flat=True)[:limit])
            due.filter(pk__in=ids).update(enqueued_at=now)
        if ids:
            from notifications.tasks import sends_enqueue

            transaction.on_commit(lambda: sends_enqueue(ids))
    return ids


def dispatch(*, now: dt.datetime | None = None) -> int:
    """The periodic job: reclaim lost sends, plan cutoff notices, queue everything due."""
    from notifications.health import heartbeat_record

    heartbeat_record()
    stale_reclaim(now=now)
    try:
        notices_for_waitlist_cutoff(now=now)
    except Exception:  # noqa: BLE001 - planning one kind must never stall every delivery
        logger.exception("Planning waitlist-closed notices failed; delivering the rest")
    budget = time.monotonic() + option("NOTICE_DISPATCH_BUDGET_SECONDS")
    total = 0
    while time.monotonic() < budget:
        ids = due_claim(now=now or timezone.now(), limit=option("NOTICE_DISPATCH_BATCH"))
        total += len(ids)
        if len(ids) < option("NOTICE_DISPATCH_BATCH"):
            break
    return total


# --- Delivery ---------------------------------------------------------------------


def skip_reason(notice: Notification, now: dt.datetime) -> str | None:
    """Why a claimed notice must not go out now; None when it should."""
    event, rsvp = notice.event, notice.rsvp
    kind = notice.kind
    if kind in (Kind.EVENT_CANCELLED, Kind.CANCELLED, Kind.FEED_LINK):
        return None
    if event.status == Event.Status.CANCELLED:
        return "The event was cancelled."
    if event.end <= now:
        return "The event is over."
    status = rsvp.status if rsvp else None
    if kind == Kind.REMINDER:
        if now >= event.start:
            return "The event has started."
        if status != Rsvp.Status.CONFIRMED:
            return "The RSVP is no longer confirmed."
        if not notice.attendee.reminders_enabled:
            return "The resident stopped reminders."
        if notice.payload.get("start") != event.start.isoformat():
            return "The event's time changed since this reminder was planned."
        return None
    wanted = {
        Kind.CONFIRMED: Rsvp.Status.CONFIRMED,
        Kind.PROMOTED: Rsvp.Status.CONFIRMED,
        Kind.WAITLISTED: Rsvp.Status.WAITLISTED,
        Kind.WAITLIST_CLOSED: Rsvp.Status.WAITLISTED,
    }.get(kind)
    if wanted and status != wanted:
        return f"The RSVP is now {status}."
    if status == Rsvp.Status.CANCELLED:
        return "The RSVP was cancelled."
    return None


def retry_delay(attempts: int) -> dt.timedelta:
    base = option("NOTICE_RETRY_BASE_SECONDS")
    return dt.timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 3600))


def notice_deliver(notification_id: int, *, now: dt.datetime | None = None) -> str:
    """Claim one notice, send it, record the outcome. Returns what happened, in a word."""
    now = now or timezone.now()
    notice = Notification.objects.filter(pk=notification_id).only("pk", "link_salt").first()
    if notice is None:
        return "gone"
    # The claim: only one caller can move this row from pending to sending. A replayed
    # task, a second worker or a task for an already-sent notice stops here.
    claimed = Notification.objects.filter(
        pk=notification_id, state=State.PENDING, due_at__lte=now
    ).update(
        state=State.SENDING,
        claimed_at=now,
        attempts=F("attempts") + 1,
        manage_token_hash=token_hash(notice.link_token("manage")),
        unsubscribe_token_hash=token_hash(notice.link_token("unsubscribe")),
        updated_at=now,
    )
    if claimed != 1:
        return "not mine"
    notice = Notification.objects.select_related(
        "attendee", "rsvp", "event__venue", "event__program", "event__host"
    ).get(pk=notification_id)
    reason = skip_reason(notice, now)
    if reason:
        Notification.objects.filter(pk=notice.pk, state=State.SENDING).update(
            state=State.SKIPPED, last_error=reason, updated_at=timezone.now()
        )
        return "skipped"
    try:
        if notice.channel == Channel.SMS:
            from notifications.sms import notice_sms_send

            notice_sms_send(notice)
        else:
            from notifications.email import notice_email_send

            notice_email_send(notice)
    except Exception as exc:  # noqa: BLE001 - any transport error is recorded and retried
        return _failure_record(notice, exc, now)
    if notice.kind == Kind.FEED_LINK:
        # The new personal-feed link replaces the old one only now that it was sent: a
        # failed send leaves the resident's working feed alone.
        Attendee.objects.filter(pk=notice.attendee_id).update(
            feed_token_hash=token_hash(notice.link_token("feed"))
        )
    Notification.objects.filter(pk=notice.pk, state=State.SENDING).update(
        state=State.SENT, sent_at=timezone.now(), last_error="", updated_at=timezone.now()
    )
    return "sent"


def _failure_record(notice: Notification, exc: Exception, now: dt.datetime) -> str:
    # The error text may name the recipient (SMTP replies do): it stays in the row,
    # which only coordinators see; the log gets the class name only.
    error = f"{exc.__class__.__name__}: {exc}"[:2000]
    if notice.attempts >= option("NOTICE_MAX_ATTEMPTS"):
        Notification.objects.filter(pk=notice.pk, state=State.SENDING).update(
            state=State.FAILED, last_error=error, updated_at=now
        )
        logger.warning("Notice %s failed for good: %s", notice.pk, exc.__class__.__name__)
        return "failed"
    Notification.objects.filter(pk=notice.pk, state=State.SENDING).update(
        state=State.PENDING,
        last_error=error,
        due_at=now + retry_delay(notice.attempts),
        enqueued_at=None,
        updated_at=now,
    )
    logger.info("Notice %s will be retried: %s", notice.pk, exc.__class__.__name__)
    return "retry"


def notices_retry(ids: Iterable[int]) -> int:
    """Put failed notices back in line (the admin's retry action)."""
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            Notification.objects.filter(pk__in=list(ids), state=State.FAILED).values_list(
                "pk", flat=True
            )
        )
        count = Notification.objects.filter(pk__in=ids, state=State.FAILED).update(
            state=State.PENDING, attempts=0, due_at=now, enqueued_at=now, updated_at=now
        )
        if ids:
            from notifications.tasks import sends_enqueue

            transaction.on_commit(lambda: sends_enqueue(ids))
    return count
