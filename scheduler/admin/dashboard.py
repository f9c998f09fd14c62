"""The coordinator's dashboard: today, the next days, and what needs doing.

One query per section, whatever the number of events (the counts are annotations).
"""

import dataclasses
import datetime as dt
import zoneinfo

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import F, QuerySet
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext

from scheduler.models import Event
from scheduler.permissions import is_coordinator
from scheduler.queries import with_admin_counts

# "Near capacity": at least this share of the seats confirmed (full events included).
NEAR_CAPACITY_PERCENT = 90
# How far ahead the "needs doing" sections look: what can still be arranged in time.
AHEAD_DAYS = 30


@dataclasses.dataclass
class Dashboard:
    today: list[Event]
    week: list[Event]
    without_officer: list[Event]
    to_arrange: list[Event]
    near_capacity: list[Event]


def _events() -> QuerySet[Event]:
    return with_admin_counts(Event.objects.select_related("program", "venue", "host"))


def dashboard_build(now: dt.datetime | None = None) -> Dashboard:
    """The dashboard's sections; days are the department's (settings.TIME_ZONE)."""
    now = now or timezone.now()
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    today = timezone.localtime(now, zone).date()

    def midnight(days: int) -> dt.datetime:
        return dt.datetime.combine(today + dt.timedelta(days=days), dt.time.min, tzinfo=zone)

    ahead = _events().filter(
        status=Event.Status.SCHEDULED, end__gte=now, start__lt=midnight(AHEAD_DAYS + 1)
    )
    assigned = Event.officers.through.objects.values("event_id")
    return Dashboard(
        today=list(_events().filter(start__gte=midnight(0), start__lt=midnight(1))),
        week=list(_events().filter(start__gte=midnight(1), start__lt=midnight(8))),
        without_officer=list(ahead.exclude(pk__in=assigned)),
        to_arrange=list(ahead.filter(to_arrange__gt=0)),
        near_capacity=list(
            ahead.filter(capacity__isnull=False)
            .alias(taken_percent=F("seats_taken") * 100)
            .filter(taken_percent__gte=F("capacity") * NEAR_CAPACITY_PERCENT)
        ),
    )


def dashboard_view(request):
    if not is_coordinator(request.user):
        raise PermissionDenied
    context = {
        **admin.site.each_context(request),
        "title": gettext("Coordinator dashboard"),
        "subtitle": None,
        "dashboard": dashboard_build(),
        "ahead_days": AHEAD_DAYS,
        "near_percent": NEAR_CAPACITY_PERCENT,
    }
    request.current_app = admin.site.name
    return TemplateResponse(request, "admin/scheduler/dashboard.html", context)
