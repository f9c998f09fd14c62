"""django-q2 tasks for scheduling, and the periodic schedules they run on."""

import logging

from scheduler.imports.runs import import_run_perform
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


def event_import_run(run_id: int) -> str:
    """Run an import a coordinator checked and started (scheduler.imports.runs)."""
    outcome = import_run_perform(run_id=run_id)
    logger.info("Event import %s: %s", run_id, outcome)
    return outcome
