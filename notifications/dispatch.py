"""The dispatcher: reclaim sends lost with a worker, queue every due notice.

Each qcluster process runs it itself at start and every NOTICE_SWEEP_SECONDS
(tasks.notices_sweep), and a per-minute schedule runs it in a worker as a backstop;
claims on the rows let any number of runs split the work without queuing a notice twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django_q.brokers import get_broker
from django_q.conf import Conf
from django_q.models import OrmQ

from notifications.enqueue import SEND_TASK, SENDS_TASK, sends_enqueue
from notifications.health import heartbeat_record
from notifications.liveness import claimers_gone
from notifications.models import Notification
from notifications.planning import notices_for_waitlist_cutoff

logger = logging.getLogger(__name__)

State = Notification.State

# Planning steps of the apps above this one (followup's "still coming?" questions, added in
# FollowupConfig.ready: notifications imports no app above it). Each takes the run's `now`
# and writes the notices whose moment has come; the same run then queues them.
PLANNERS: list[Callable[..., object]] = []

# How many of the latest claims are read to find the newest send taken off the queue.
RECENT_CLAIMS = 20


def stale_reclaim(*, now: dt.datetime | None = None) -> int:
    """Rows left in "sending" by a worker that died mid-send go back to pending.

    A claim whose process is known to be gone (liveness.claimers_gone: this machine, pid
    no longer running) comes back at once; any other after the lease, which outlasts the
    send timeout, so a send still running is never taken over. The re-send carries the
    same Message-ID and links.
    """
    now = now or timezone.now()
    conf = settings.PORCHLIGHT
    sending = Notification.objects.filter(state=State.SENDING)
    expired = Q(claimed_at__lt=now - dt.timedelta(seconds=conf["NOTICE_LEASE_SECONDS"]))
    holders = sending.exclude(expired).values_list("claimed_by", flat=True).distinct()
    gone = claimers_gone(holders)
    # Only claims made before the check: a new process given a dead one's pid afterwards
    # may claim rows of its own, which must stay its own.
    lost = expired | Q(claimed_by__in=gone, claimed_at__lte=now) if gone else expired
    stale = sending.filter(lost)
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


def _queue_empty() -> bool:
    """Whether the broker has no task left to hand out (tasks already taken not counted)."""
    try:
        if "redis" in settings.Q_CLUSTER:
            return get_broker().queue_size() == 0
        # Not the ORM broker's queue_size(): it first closes "old" connections, and that
        # closes any connection inside a transaction, the caller's included.
        return not (
            OrmQ.objects.using(Conf.ORM)
            .filter(key=Conf.CLUSTER_NAME, lock__lte=timezone.now())
            .exists()
        )
    except Exception:  # noqa: BLE001 - a broker that does not answer proves nothing
        return False


def _taken_by_the_orm_broker(settled: dt.datetime) -> list[int]:
    """ORM broker: notices whose send task (a batch, or one notice queued before batches)
    a pusher took off the queue before `settled`.

    The broker locks a task it hands out for Q_CLUSTER["retry"] seconds, so a locked task
    was taken `retry` seconds before its lock ends. Only taken tasks are read: a few per
    cluster (its workers and queue_limit), however long the queue.
    """
    now = timezone.now()
    taken = OrmQ.objects.using(Conf.ORM).filter(
        key=Conf.CLUSTER_NAME,
        lock__gt=now,
        lock__lt=settled + dt.timedelta(seconds=Conf.RETRY),
    )
    ids = []
    for task in taken:
        args = task.args() or ()
        if not args:
            continue
        if task.func() == SENDS_TASK and isinstance(args[0], list | tuple):
            ids.extend(pk for pk in args[0] if isinstance(pk, int))
        elif task.func() == SEND_TASK and isinstance(args[0], int):
            ids.append(args[0])
    return ids


def _lost_in_queue(now: dt.datetime) -> Q:
    """Queued rows whose send task is gone, though their enqueue lease has not run out.

    A cluster killed with tasks taken off the queue (held by its pusher or workers) loses
    them, while their rows stay "queued". Such a row is lost for sure once its task was
    taken GRACE seconds ago and it is still not claimed (the ORM broker shows which tasks
    are taken; it would hand them out again itself, but only Q_CLUSTER["retry"] after),
    or, on Redis, a first-in-first-out list, once sends queued after it were taken GRACE
    seconds ago; and in any case once the queue has had nothing left to give for GRACE
    seconds. GRACE covers clock skew between processes and a live cluster's few
    prefetched tasks; guessing wrong only queues a task whose claim then finds nothing
    to do, never a second e-mail.
    """
    conf = settings.PORCHLIGHT
    settled = now - dt.timedelta(seconds=conf["NOTICE_QUEUE_GRACE_SECONDS"])
    waited = Q(enqueued_at__lt=settled)
    lost = Q(enqueued_at__lt=now - dt.timedelta(seconds=conf["NOTICE_ENQUEUE_LEASE_SECONDS"]))
    if _queue_empty():
        return lost | waited
    if "redis" not in settings.Q_CLUSTER:
        try:
            taken = _taken_by_the_orm_broker(settled)
        except Exception:  # noqa: BLE001 - the lease still covers them
            return lost
        return lost | (waited & Q(pk__in=taken)) if taken else lost
    # The newest queuing among the latest claims made before the grace (a claim at or after
    # its row's queuing is a task taken off the queue, not an older one).
    taken = (
        Notification.objects.filter(claimed_at__lte=settled, claimed_at__gte=F("enqueued_at"))
        .order_by("-claimed_at")
        .values_list("enqueued_at", "pk")[:RECENT_CLAIMS]
    )
    if not taken:
        return lost
    mark, mark_pk = max(taken)
    overtaken = Q(enqueued_at__lt=mark) | Q(enqueued_at=mark, pk__lt=mark_pk)
    return lost | (waited & overtaken)


def due_claim(*, now: dt.datetime, limit: int) -> list[int]:
    """Mark up to `limit` due rows as enqueued and queue their send tasks after commit.

    Due rows are those never queued, and queued ones whose task is lost (_lost_in_queue).
    PostgreSQL: rows locked by another dispatcher are skipped (SKIP LOCKED), so two
    clusters split the work. SQLite: the IMMEDIATE transaction is the lock, and the
    update is conditional anyway.
    """
    due = Notification.objects.filter(state=State.PENDING, due_at__lte=now).filter(
        Q(enqueued_at__isnull=True) | _lost_in_queue(now)
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


def dispatch(*, now: dt.datetime | None = None, stop: Callable[[], bool] | None = None) -> int:
    """Reclaim lost sends, plan cutoff notices and the PLANNERS' ones, queue everything due.

    `stop` (the cluster is stopping) ends a long run between batches.
    """
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
    for planner in PLANNERS:
        try:
            planner(now=now)
        except Exception:  # noqa: BLE001 - as above
            logger.exception("Planning by %s failed; delivering the rest", planner.__qualname__)
    budget = time.monotonic() + conf["NOTICE_DISPATCH_BUDGET_SECONDS"]
    batch = conf["NOTICE_DISPATCH_BATCH"]
    total = 0
    while time.monotonic() < budget and not (stop and stop()):
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
