"""Copies of an event or a series on a new date: the coordinator's "same again next month".

A copy is a new thing for calendars and residents alike: its own UID, no RSVPs, no
walk-ins, no check-ins, no notices. It is made through event_create / series_create, so it
passes the same rules as an event typed in by hand.
"""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext

from scheduler.errors import EventError
from scheduler.models import Event, EventLanguage, EventSeries, Review, default_column
from scheduler.recurrence import local_datetime
from scheduler.services.common import translations_of
from scheduler.services.events import event_create
from scheduler.services.series import MaterializeResult, series_create, series_materialize

# What a copy takes from the original (besides texts, partners, officers and languages);
# tests/scheduler/test_everyday_admin.py checks that every field of Event is named here or
# in NOT_COPIED, so a field added later is a choice, not an oversight.
COPIED = (
    "program",
    "venue",
    "host",
    "timezone",
    "capacity",
    "max_party_size",
    "visibility",
    "promotion_cutoff_minutes",
    "rsvp_mode",
)


def _texts(obj) -> dict:
    return {
        "title": getattr(obj, default_column("title")),
        "description": getattr(obj, default_column("description")) or "",
        "translations": translations_of(obj),
    }


def event_duplicate(*, event: Event, start: dt.datetime) -> Event:
    """A copy of `event` starting at `start`, lasting as long; its RSVP window (if set)
    moves with it by as many days. The copy belongs to no series: a one-off on the new date."""
    if event.review != Review.PUBLISHED:
        # A copy is published at once (it is a coordinator's): a partner's text that was
        # never approved, or was declined, must not reach the public that way.
        raise EventError(
            gettext(
                "This is a partner's proposal that is not published: approve it first, "
                "or ask its organization to propose the new date."
            ),
            code="not_published",
        )
    # The RSVP window keeps its local wall times ("opens two weeks before, at 6:30 PM"),
    # across a change to or from daylight-saving time too.
    zone = event.tzinfo
    shift = start.astimezone(zone).replace(tzinfo=None) - event.local_start.replace(tzinfo=None)

    def moved(moment: dt.datetime | None) -> dt.datetime | None:
        if moment is None:
            return None
        wall = moment.astimezone(zone).replace(tzinfo=None) + shift
        return local_datetime(wall.date(), wall.time(), event.timezone)

    with transaction.atomic():
        copy = event_create(
            **_texts(event),
            **{name: getattr(event, name) for name in COPIED},
            start=start,
            end=start + (event.end - event.start),
            partners=list(event.partners.values_list("pk", flat=True)),
            officers=list(event.officers.values_list("pk", flat=True)),
            rsvp_opens_at=moved(event.rsvp_opens_at),
            rsvp_closes_at=moved(event.rsvp_closes_at),
        )
        EventLanguage.objects.bulk_create(
            EventLanguage(event=copy, language=row.language, interpreted=row.interpreted)
            for row in event.languages.all()
        )
    return copy


def series_duplicate(
    *, series: EventSeries, start_date: dt.date, now: dt.datetime | None = None
) -> tuple[EventSeries, MaterializeResult]:
    """A copy of `series` (its rule, local time, duration and details) from `start_date`,
    materialized up to the horizon."""
    with transaction.atomic():
        copy = series_create(
            **_texts(series),
            **{name: getattr(series, name) for name in COPIED},
            rrule=series.rrule,
            start_date=start_date,
            start_time=series.start_time,
            duration=series.duration,
            partners=list(series.partners.values_list("pk", flat=True)),
            officers=list(series.officers.values_list("pk", flat=True)),
        )
        result = series_materialize(series=copy, now=now)
    return copy, result
