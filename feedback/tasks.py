"""django-q2 tasks of the feedback app: planning the thank-yous after events."""

import logging

from feedback.services import thank_yous_plan

logger = logging.getLogger(__name__)

SCHEDULES: dict[str, tuple[str, str, int | None]] = {
    "porchlight: thank-yous after events": ("feedback.tasks.thank_yous_task", "I", 10),
}


def thank_yous_task() -> int:
    planned = thank_yous_plan()
    if planned:
        logger.info("Thank-yous planned: %s", len(planned))
    return len(planned)
