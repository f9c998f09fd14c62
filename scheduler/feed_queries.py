"""Which events each calendar feed holds, and a one-query fingerprint of them.

The fingerprint (count, id sum, latest `updated_at` of the events and of their series,
and for personal feeds of the RSVPs) changes whenever the feed's bytes may change:
every edit moves an `updated_at` forward (scheduler.feed_signals covers renamed venues,
programs, organizations and changed partners), a deleted or departed event changes the
count, and the window itself moves by whole days and is part of the cache key.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import zoneinfo

from django.conf import settings
from django.db.models import (
    Count,
    DateTimeField,
    F,
    Func,
    IntegerField,
    Max,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.utils import timezone

from scheduler.models import Event


@dataclasses.dataclass(frozen=True)
class Window:
    """The span a feed covers, in whole local days so it only moves once a day."""

    today: dt.date
    start: dt.datetime
    end: dt.datetime
    cancelled_since: dt.datetime


def feed_window(now: dt.datetime | None = None) -> Window:
    conf = settings.PORCHLIGHT
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    today = timezone.localtime(now or timezone.now(), tz).date()

    def midnight(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time.min, tzinfo=tz)

    return Window(
        today=today,
        start=midnight(today - dt.timedelta(days=conf.get("FEED_PAST_DAYS", 30))),
        end=midnight(today + dt.timedelta(days=conf["SERIES_HORIZON_DAYS"] + 1)),
        cancelled_since=midnight(today - dt.timedelta(days=conf.get("FEED_CANCELLED_DAYS", 30))),
    )


def in_window(queryset: QuerySet[Event], window: Window) -> QuerySet[Event]:
    """Events of the window; a cancelled one only while it was cancelled recently."""
    recently_cancelled = Q(cancelled_at__gte=window.cancelled_since) | Q(
        cancelled_at__isnull=True, updated_at__gte=window.cancelled_since
    )
    return queryset.filter(end__gte=window.start, start__lt=window.end).filter(
        Q(status=Event.Status.SCHEDULED) | recently_cancelled
    )


# --- the fingerprint: one query, whatever the number of events ------------------------


class _Agg(Func):
    """COUNT/SUM/MAX written as a plain function: no GROUP BY, so usable as a scalar subquery."""

    def __init__(self, function: str, field: str, output_field, distinct: bool = False):
        if distinct:
            self.template = "%(function)s(DISTINCT %(expressions)s)"
        super().__init__(F(field), function=function, output_field=output_field)


def _aggregates(extra_updated: str | None) -> dict[str, Func]:
    fields = {
        "n": _Agg("COUNT", "pk", IntegerField(), distinct=True),
        "ids": _Agg("SUM", "pk", IntegerField(), distinct=True),
        "updated": _Agg("MAX", "updated_at", DateTimeField()),
        "series_updated": _Agg("MAX", "series__updated_at", DateTimeField()),
    }
    if extra_updated:
        fields["extra_updated"] = _Agg("MAX", extra_updated, DateTimeField())
    return fields


def events_fingerprint(events: QuerySet[Event]) -> tuple:
    """Count, id sum and latest changes of the selected events: one query."""
    aggregates = {
        "n": Count("pk", distinct=True),
        "ids": Sum("pk", distinct=True),
        "updated": Max("updated_at"),
        "series_updated": Max("series__updated_at"),
    }
    return tuple(events.order_by().aggregate(**aggregates).values())


def owner_with_fingerprint(
    owners: QuerySet,
    events: QuerySet[Event],
    *,
    fields: tuple[str, ...] = ("pk",),
    extra_updated: str | None = None,
) -> tuple | None:
    """The owner's `fields` (program, organization, token…) then its events' fingerprint.

    One query. `events` refers to the owner through OuterRef. None: there is no such owner.
    """
    annotations = {
        f"fp_{name}": Subquery(
            events.order_by().annotate(value=expression).values("value")[:1],
            output_field=expression.output_field,
        )
        for name, expression in _aggregates(extra_updated).items()
    }
    row = owners.annotate(**annotations).values_list(*fields, *annotations).first()
    return None if row is None else tuple(row)
