"""django-q2 tasks for notices: thin wrappers that take ids, the schedule and the sweep.

The paths `notifications.tasks.notices_send`, `notifications.tasks.notice_send` and
`notifications.tasks.notices_dispatch` are stored in Schedule rows and queued tasks of
running sites: keep them.
"""

import logging
from collections.abc import Callable

from notifications.batches import notices_deliver
from notifications.delivery import notice_deliver
from notifications.dispatch import dispatch

logger = logging.getLogger(__name__)

# name -> (function path, schedule type, minutes for MINUTES schedules); ensured after migrate.
# A backstop: every qcluster process runs the same dispatcher itself every
# NOTICE_SWEEP_SECONDS (SWEEPS below); runs of both at once split the work by their claims.
SCHEDULES: dict[str, tuple[str, str, int | None]] = {
    "porchlight: deliver due notices": ("notifications.tasks.notices_dispatch", "I", 1),
}


def notices_send(notification_ids: list[int]) -> dict[str, int]:
    """Send a batch of notices (enqueue.sends_enqueue). Safe to run twice: each notice's
    claim lets only one run act on it."""
    return notices_deliver(list(notification_ids))


def notice_send(notification_id: int) -> str:
    """Send one notice: tasks queued one per notice, before batches. Safe to run twice."""
    return notice_deliver(notification_id)


def notices_dispatch() -> int:
    """Every minute: queue the due notices in batches, reclaim sends lost with a worker."""
    queued = dispatch()
    if queued:
        logger.info("Notices queued: %s", queued)
    return queued


def notices_sweep(*, stop: Callable[[], bool] | None = None) -> int:
    """Run by each qcluster process itself, at start and every NOTICE_SWEEP_SECONDS."""
    queued = dispatch(stop=stop)
    if queued:
        logger.info("Notices queued: %s", queued)
    return queued


SWEEPS = (notices_sweep,)
