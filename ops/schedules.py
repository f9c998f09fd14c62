"""Every app's periodic work: django-q2 schedules, and the sweeps `qcluster` runs itself.

Each app's tasks module declares `SCHEDULES = {name: (function path, schedule type,
minutes)}`; `update_or_create(name=…)` keeps them single even when many processes
migrate at once. It may also declare `SWEEPS`, functions taking `stop` (a callable
that says the cluster is stopping) which every `qcluster` process runs at start and
every NOTICE_SWEEP_SECONDS (ops/management/commands/qcluster.py).
"""

from collections.abc import Callable

from django.db import router
from django_q.models import Schedule

from counters import tasks as counter_tasks
from feedback import tasks as feedback_tasks
from notifications import tasks as notification_tasks
from privacy import tasks as privacy_tasks
from scheduler import tasks as scheduler_tasks

SCHEDULE_MODULES = (
    scheduler_tasks,
    notification_tasks,
    privacy_tasks,
    counter_tasks,
    feedback_tasks,
)


def schedules_all() -> dict[str, tuple[str, str, int | None]]:
    schedules: dict[str, tuple[str, str, int | None]] = {}
    for module in SCHEDULE_MODULES:
        schedules.update(module.SCHEDULES)
    return schedules


def sweeps_all() -> list[Callable]:
    return [func for module in SCHEDULE_MODULES for func in getattr(module, "SWEEPS", ())]


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
