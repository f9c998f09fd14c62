"""Which events each calendar feed holds, and a one-query fingerprint of them.

The fingerprint (count, id sum, latest `updated_at` of the events and of their series,
and for personal feeds of the RSVPs) changes whenever the feed's bytes may change:
every edit moves an `updated_at` forward (scheduler.feeds.signals covers renamed venues,
programs, organizations and changed partners), a deleted or departed event changes the
count, and the window itself moves by whole days and is part of the cache key.

The same query also reads the feed's FeedStamp (the ETag and Last-Modified it was last
served with), so that even a 304 judged by If-Modified-Since costs one query.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import zoneinfo
from typing import NamedTuple

from django.conf import settings
from django.db.models import (
    CharField,
    DateTimeField,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone

from scheduler.models import Event, FeedStamp


class Stamp(NamedTuple):
    """A feed's FeedStamp as read with its fingerprint (None before it was first served)."""

    etag: str
    last_modified: int  # Unix seconds
    body_key: str


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


def public_in_window(window: Window) -> QuerySet[Event]:
    """The public events of the window: what the open feeds choose from."""
    return in_window(Event.objects.public(), window)


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


def feed_ident_hash(ident: str) -> str:
    """The FeedStamp key of a feed: its ident may hold a clear token's hash or a query string."""
    return hashlib.sha256(ident.encode()).hexdigest()


def _stamp_columns(ident: str) -> dict[str, RawSQL]:
    # One scalar subquery written out: three Django Subqueries took longer to build than
    # the whole query takes to run, and a 304 is little more than this query.
    sql = (
        "SELECT etag || ' ' || CAST(last_modified AS TEXT) || ' ' || body_key"
        f" FROM {FeedStamp._meta.db_table} WHERE ident_hash = %s"
    )
    return {"stamp": RawSQL(sql, [feed_ident_hash(ident)], output_field=CharField())}


def _split_stamp(row) -> tuple[tuple, Stamp | None]:
    *values, stamp = row
    if stamp is None:
        return tuple(values), None
    etag, last_modified, body_key = stamp.split(" ")
    return tuple(values), Stamp(etag, int(last_modified), body_key)


def events_fingerprint(events: QuerySet[Event], *, ident: str) -> tuple[tuple, Stamp | None]:
    """Count, id sum and latest changes of the selected events, and the feed's stamp.

    One query. The aggregates are plain functions with no GROUP BY, so the query gives
    exactly one row even when no event matches, and the stamp's scalar subqueries ride
    along in that row.
    """
    columns = {**_aggregates(None), **_stamp_columns(ident)}
    row = events.order_by().annotate(**columns).values_list(*columns)[:1].get()
    return _split_stamp(row)


def event_with_stamp(events: QuerySet[Event], *, ident: str) -> tuple[tuple, Stamp | None] | None:
    """One event's (pk, updated_at, series updated_at, title) and the feed's stamp: one query.

    `events` selects the one event (by id, public; or by share key)."""
    columns = _stamp_columns(ident)
    row = (
        events.annotate(**columns)
        .values_list("pk", "updated_at", "series__updated_at", "title", *columns)
        .first()
    )
    return None if row is None else _split_stamp(row)


def owner_with_fingerprint(
    owners: QuerySet,
    events: QuerySet[Event],
    *,
    ident: str,
    fields: tuple[str, ...] = ("pk",),
    extra_updated: str | None = None,
) -> tuple[tuple, Stamp | None] | None:
    """The owner's `fields` (program, organization, token…) then its events' fingerprint,
    and the feed's stamp.

    One query. `events` refers to the owner through OuterRef. None: there is no such owner.
    """
    annotations = {
        f"fp_{name}": Subquery(
            events.order_by().annotate(value=expression).values("value")[:1],
            output_field=expression.output_field,
        )
        for name, expression in _aggregates(extra_updated).items()
    }
    annotations.update(_stamp_columns(ident))
    row = owners.annotate(**annotations).values_list(*fields, *annotations).first()
    return None if row is None else _split_stamp(row)
