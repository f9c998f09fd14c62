"""The periodic dispatcher: reclaim sends lost with a worker, queue every due notice.

Runs every minute in a worker (tasks.notices_dispatch), in as many clusters as there
are; claims on the rows let them split the work without queuing a notice twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterable

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from notifications.enqueue import sends_enqueue
from notifications.health import heartbeat_record
from notifications.models import Notification
from notifications.planning import notices_for_waitlist_cutoff

logger = logging.getLogger(__name__)

State = Notification.State


def stale_reclaim(*, now: dt.datetime | None = None) -> int:
    """Rows left in "sending" past the lease (a worker killed mid-send) go back to pending.

    The lease is longer than the task timeout, so a send still running cannot be
    reclaimed under it. The re-send carries the same Message-ID and links.
    """
    now = now or timezone.now()
    conf = settings.PORCHLIGHT
    stale = Notification.objects.filter(
        state=State.SENDING,
        claimed_at__lt=now - dt.timedelta(seconds=conf["NOTICE_LEASE_SECONDS"]),
    )
    failed = stale.filter(attempts__gte=conf["NOTICE_MAX_ATTEMPTS"]).update(
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
    lease = now - dt.timedelta(seconds=settings.PORCHLIGHT["NOTICE_ENQUEUE_LEASE_SECONDS"])
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
            transaction.on_commit(lambda: sends_enqueue(ids))
    return ids


def dispatch(*, now: dt.datetime | None = None) -> int:
    """The periodic job: reclaim lost sends, plan cutoff notices, queue everything due."""
    conf = settings.PORCHLIGHT
    # One moment for the whole run: a row this run queued (enqueued_at = now) is never
    # "queued longer ago than the lease" for a later batch of the same run, however long
    # the queuing took.
    now = now or timezone.now()
    heartbeat_record()
    stale_reclaim(now=now)
    try:
        notices_for_waitlist_cutoff(now=now)
    except Exception:  # noqa: BLE001 - planning one kind must never stall every delivery
        logger.exception("Planning waitlist-closed notices failed; delivering the rest")
    budget = time.monotonic() + conf["NOTICE_DISPATCH_BUDGET_SECONDS"]
    batch = conf["NOTICE_DISPATCH_BATCH"]
    total = 0
    while time.monotonic() < budget:
        ids = due_claim(now=now, limit=batch)
        total += len(ids)
        if len(ids) < batch:
            break
    return total


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
            transaction.on_commit(lambda: sends_enqueue(ids))
    return count
