"""django-q2 tasks for scheduling, and the periodic schedules they run on."""

import logging

from scheduler.services import series_extend_all

logger = logging.getLogger(__name__)

# name -> (function path, schedule type, minutes for MINUTES schedules)
SCHEDULES: dict[str, tuple[str, str, int | None]] = {
    "porchlight: extend event series to the horizon": ("scheduler.tasks.series_extend", "D", None),
}


def series_extend() -> int:
    created = series_extend_all()
    logger.info("Series extended: %s occurrences created", created)
    return created
