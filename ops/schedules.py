"""Every app's periodic django-q2 schedules, created or updated after each migrate.

Each app's tasks module declares `SCHEDULES = {name: (function path, schedule type,
minutes)}`; `update_or_create(name=…)` keeps them single even when many processes
migrate at once.
"""

from django.db import router
from django_q.models import Schedule

from counters import tasks as counter_tasks
from notifications import tasks as notification_tasks
from scheduler import tasks as scheduler_tasks

SCHEDULE_MODULES = (scheduler_tasks, notification_tasks, counter_tasks)


def schedules_all() -> dict[str, tuple[str, str, int | None]]:
    schedules: dict[str, tuple[str, str, int | None]] = {}
    for module in SCHEDULE_MODULES:
        schedules.update(module.SCHEDULES)
    return schedules


def schedules_ensure() -> None:
    for name, (func, schedule_type, minutes) in schedules_all().items():
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
    # Only once per migrate of the database that holds django-q2's tables.
    if sender.label != "django_q" or not router.allow_migrate(using, "django_q"):
        return
    schedules_ensure()
