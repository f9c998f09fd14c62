"""django-q2 tasks for the counters, and the periodic schedule they run on."""

import logging

from counters.services import counters_purge

logger = logging.getLogger(__name__)

# name -> (function path, schedule type, minutes for MINUTES schedules)
SCHEDULES: dict[str, tuple[str, str, int | None]] = {
    "porchlight: purge ended throttle counters": ("counters.tasks.counters_purge_ended", "H", None),
}


def counters_purge_ended() -> int:
    """Hourly: one row per client address that ever posted would otherwise stay for good."""
    deleted = counters_purge()
    logger.info("Throttle counters purged: %s", deleted)
    return deleted
