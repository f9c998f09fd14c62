"""Putting send tasks on the django-q2 queue: one task per notice, by id.

Planning and dispatch call this after their transaction committed; it imports neither
of them (nor the tasks module), so the task path below is the only link to the worker.
"""

import logging

from django.conf import settings
from django_q.tasks import async_task

logger = logging.getLogger(__name__)

# Stored in queued tasks of running sites: keep this path stable.
SEND_TASK = "notifications.tasks.notice_send"


def sends_enqueue(ids: list[int], *, broker=None) -> None:
    """Queue one send task per notice (called after the planning transaction committed).

    If the broker is down the rows stay pending with enqueued_at set; the dispatcher
    queues them again once the enqueue lease runs out, so nothing is lost.
    """
    # The whole send, not each wait on the server: stopped past it and retried with backoff.
    timeout = settings.PORCHLIGHT["NOTICE_SEND_TIMEOUT_SECONDS"]
    try:
        for pk in ids:
            # Results of sends are not kept: the outbox row is the record.
            async_task(
                SEND_TASK,
                pk,
                task_name=f"notice-{pk}",
                save=False,
                timeout=timeout,
                broker=broker,
            )
    except Exception as exc:  # noqa: BLE001 - the dispatcher will queue them again
        logger.warning("Could not queue %s notices: %s", len(ids), exc.__class__.__name__)
