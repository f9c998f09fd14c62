"""Putting send tasks on the django-q2 queue: due notices in batches, by id.

Planning and dispatch call this after their transaction committed; it imports neither
of them (nor the tasks module), so the task paths below are the only link to the worker.
"""

import logging

from django.conf import settings
from django_q.tasks import async_task

logger = logging.getLogger(__name__)

# Stored in queued tasks of running sites: keep these paths stable. SEND_TASK (one id) is
# no longer queued, but tasks queued before batches came may still be waiting for it.
SEND_TASK = "notifications.tasks.notice_send"
SENDS_TASK = "notifications.tasks.notices_send"


def sends_enqueue(ids: list[int], *, broker=None) -> None:
    """Queue one send task per NOTICE_BATCH_SIZE notices (called after the planning
    transaction committed).

    If the broker is down the rows stay pending with enqueued_at set; the dispatcher
    queues them again once the enqueue lease runs out, so nothing is lost.
    """
    conf = settings.PORCHLIGHT
    size = conf["NOTICE_BATCH_SIZE"]
    # The whole batch: each send in it has NOTICE_SEND_TIMEOUT_SECONDS of its own
    # (batches.notices_deliver), and the batch starts none that could outlast this.
    timeout = conf["NOTICE_BATCH_TIMEOUT_SECONDS"]
    start = 0
    try:
        for start in range(0, len(ids), size):
            batch = list(ids[start : start + size])
            # Results of sends are not kept: the outbox rows are the record.
            async_task(
                SENDS_TASK,
                batch,
                task_name=f"notices-{batch[0]}-{len(batch)}",
                save=False,
                timeout=timeout,
                broker=broker,
            )
    except Exception as exc:  # noqa: BLE001 - the dispatcher will queue them again
        logger.warning("Could not queue %s notices: %s", len(ids) - start, exc.__class__.__name__)
