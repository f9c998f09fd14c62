"""django-q2 tasks for notices: thin wrappers that take ids, and the periodic schedule."""

import logging

from notifications import services

logger = logging.getLogger(__name__)

# name -> (function path, schedule type, minutes for MINUTES schedules); ensured after migrate.
SCHEDULES: dict[str, tuple[str, str, int | None]] = {
    "porchlight: deliver due notices": ("notifications.tasks.notices_dispatch", "I", 1),
}


def notice_send(notification_id: int) -> str:
    """Send one notice. Safe to run twice: the claim lets only one run act."""
    return services.notice_deliver(notification_id)


def notices_dispatch() -> int:
    """Every minute: queue one send task per due notice, reclaim sends lost with a worker."""
    queued = services.dispatch()
    if queued:
        logger.info("Notices queued: %s", queued)
    return queued


def sends_enqueue(ids: list[int], *, broker=None) -> None:
    """Queue one send task per notice (called after the planning transaction committed).

    If the broker is down the rows stay pending with enqueued_at set; the dispatcher
    queues them again once the enqueue lease runs out, so nothing is lost.
    """
    from django_q.tasks import async_task

    try:
        for pk in ids:
            # Results of sends are not kept: the outbox row is the record.
            async_task(
                "notifications.tasks.notice_send",
                pk,
                task_name=f"notice-{pk}",
                save=False,
                broker=broker,
            )
    except Exception as exc:  # noqa: BLE001 - the dispatcher will queue them again
        logger.warning("Could not queue %s notices: %s", len(ids), exc.__class__.__name__)
