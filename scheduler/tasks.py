"""django-q2 tasks for scheduling, and the periodic schedules they run on."""

import logging

from django.db import router

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


def schedules_ensure() -> None:
    """Create or update every periodic schedule; safe from many processes at once."""
    from django_q.models import Schedule

    for name, (func, schedule_type, minutes) in SCHEDULES.items():
        Schedule.objects.update_or_create(
            name=name,
            defaults={
                "func": func,
                "schedule_type": schedule_type,
                "minutes": minutes,
                "repeats": -1,
            },
        )


def schedules_ensure_after_migrate(sender, using, **kwargs) -> None:
    if sender.label != "django_q" or not router.allow_migrate(using, "django_q"):
        return
    schedules_ensure()
