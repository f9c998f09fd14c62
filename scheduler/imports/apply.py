"""Bringing one entry into Porchlight, through the event and series services only.

A new entry is created (event_create; series_create, then series_materialize); one
imported before (same import key) is updated where the file now says something else
(event_save, series_save: so residents with an RSVP are told of a new time or place, by
the notices those services plan), and skipped where nothing changed. What the file does
not say (a capacity, a venue it does not name) is the import's default for a new event
and left as it is on an event imported before: an edit a coordinator made here stays.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext

from scheduler.imports.entries import CREATE, SKIP, UPDATE, Entry, Override, Row, row_for
from scheduler.imports.names import HOST, PROGRAM, VENUE, Names
from scheduler.models import Event, EventSeries
from scheduler.recurrence import rrule_normalize
from scheduler.services import (
    event_cancel,
    event_create,
    event_save,
    series_create,
    series_dates_exclude,
    series_materialize,
    series_save,
)
from scheduler.when import day_text

# The notices that tell residents of a change (the outbox's kinds, notifications.models).
TOLD_KINDS = ("event_changed", "event_cancelled", "event_reinstated")


def notices_mark() -> int:
    """The newest notice's id now: those planned after it are this import's."""
    notices = _notices().order_by("-pk").values_list("pk", flat=True)[:1]
    return next(iter(notices), 0)


def _notices():
    # `notifications` is the outbox's reverse relation on Event: this app imports nothing
    # of it. The notices the services planned in this transaction are what residents get.
    return Event._meta.get_field("notifications").related_model.objects


def _told(mark: int, **events: Any) -> int:
    """Residents (their RSVPs) told of this entry's changes since `mark`."""
    lookup = {f"event__{name}": value for name, value in events.items()}
    found = _notices().filter(pk__gt=mark, kind__in=TOLD_KINDS, **lookup)
    return found.values("rsvp_id").distinct().count()


def entry_apply(entry: Entry, names: Names, mark: int) -> Row:
    picks = {
        VENUE: names.pick(VENUE, entry.venue, strict=entry.strict_names),
        PROGRAM: names.pick(PROGRAM, entry.program, strict=entry.strict_names),
        HOST: names.pick(HOST, entry.host, strict=entry.strict_names),
    }
    reasons = [pick.reason for pick in picks.values() if pick.reason]
    if entry.rrule:
        return _series_apply(entry, picks, reasons, names, mark)
    return _event_apply(entry, picks, reasons, mark)


def _event_apply(entry: Entry, picks, reasons: list[str], mark: int) -> Row:
    event = Event.objects.filter(import_key=entry.key).first()
    if event is None and EventSeries.objects.filter(import_key=entry.key).exists():
        reasons.append(
            gettext(
                "This entry was imported as a repeating event and no longer repeats: cancel "
                "the dates of that series in the admin, then import again."
            )
        )
    if event is None and entry.cancelled:
        return row_for(entry, SKIP, notes=[*entry.notes, gettext("Cancelled: not imported.")])
    if event is None:
        if reasons:
            return Row.refused(entry, *reasons)
        _defaults_noted(entry, picks)
        created = event_create(
            title=entry.title,
            description=entry.description or "",
            program=picks[PROGRAM].obj,
            venue=picks[VENUE].obj,
            host=picks[HOST].obj,
            start=entry.start,
            end=entry.end,
            timezone=entry.timezone,
            capacity=entry.capacity,
            import_key=entry.key,
        )
        return row_for(entry, CREATE, object_id=created.pk)
    # Names the file gives that match nothing are refused on an update too; the defaults
    # do not stand in for them (the event keeps what it has).
    reasons = [pick.reason for kind, pick in picks.items() if pick.reason and _named(entry, kind)]
    if reasons:
        return Row.refused(entry, *reasons, object_id=event.pk)
    if entry.cancelled:
        if not event_cancel(
            event=event, reason=gettext("Cancelled in the calendar it was imported from.")
        ):
            return row_for(entry, SKIP, object_id=event.pk)
        return row_for(entry, UPDATE, object_id=event.pk, told=_told(mark, pk=event.pk))
    if event.is_cancelled:
        # Maybe a coordinator cancelled it here: it is never reinstated behind their back.
        entry.notes.append(
            gettext("Cancelled here: it stays cancelled (reinstate it in the admin if it is on).")
        )
    fields, capacity = _event_changes(event, entry, picks)
    if not fields and capacity is ...:
        return row_for(entry, SKIP, object_id=event.pk)
    event_save(event=event, changed_fields=fields, capacity=capacity)
    return row_for(entry, UPDATE, object_id=event.pk, told=_told(mark, pk=event.pk))


def _defaults_noted(entry: Entry, picks) -> None:
    """A new event takes the defaults for names not known here, and the report says so (an
    event imported before keeps what it has: nothing to say)."""
    entry.notes.extend(pick.note for pick in picks.values() if pick.note)


def _named(entry: Entry, kind: str) -> bool:
    return bool({VENUE: entry.venue, PROGRAM: entry.program, HOST: entry.host}[kind])


def _event_changes(event: Event, entry: Entry, picks) -> tuple[list[str], Any]:
    """Set on `event` what the file says differently: (the fields, the capacity or ...)."""
    values: dict[str, Any] = {
        "title": entry.title,
        "start": entry.start,
        "end": entry.end,
        "timezone": entry.timezone,
    }
    if entry.description is not None:
        values["description"] = entry.description
    for kind, name in ((VENUE, "venue_id"), (PROGRAM, "program_id"), (HOST, "host_id")):
        if picks[kind].given:
            values[name] = picks[kind].obj.pk
    fields = [name for name, value in values.items() if getattr(event, name) != value]
    for name in fields:
        setattr(event, name, values[name])
    capacity = entry.capacity
    if capacity is not ... and capacity == event.capacity:
        capacity = ...
    return [name.removesuffix("_id") for name in fields], capacity


def _series_values(entry: Entry, picks) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": entry.title,
        "rrule": rrule_normalize(entry.rrule or ""),
        "start_date": entry.start.date(),
        "start_time": entry.start.time().replace(tzinfo=None),
        "duration": entry.end - entry.start,
        "timezone": entry.timezone,
    }
    if entry.description is not None:
        values["description"] = entry.description
    for kind, name in ((VENUE, "venue"), (PROGRAM, "program"), (HOST, "host")):
        if picks[kind].given:
            values[name] = picks[kind].obj
    if entry.capacity is not ...:
        values["capacity"] = entry.capacity
    return values


def _series_apply(entry: Entry, picks, reasons: list[str], names: Names, mark: int) -> Row:
    series = EventSeries.objects.filter(import_key=entry.key).first()
    if series is None and Event.objects.filter(import_key=entry.key).exists():
        reasons.append(
            gettext(
                "This entry was imported as a single event and now repeats: cancel that event "
                "in the admin, then import again."
            )
        )
    if series is None and entry.cancelled:
        return row_for(entry, SKIP, notes=[*entry.notes, gettext("Cancelled: not imported.")])
    values = _series_values(entry, picks)
    if series is None:
        if reasons:
            return Row.refused(entry, *reasons)
        _defaults_noted(entry, picks)
        created = {
            **values,
            "description": values.get("description") or "",
            "program": picks[PROGRAM].obj,
            "venue": picks[VENUE].obj,
            "host": picks[HOST].obj,
            "capacity": values.get("capacity", ...),
        }
        series = series_create(**created, import_key=entry.key)
        action = CREATE
        changed = True
    else:
        reasons = [p.reason for kind, p in picks.items() if p.reason and _named(entry, kind)]
        if reasons:
            return Row.refused(entry, *reasons, object_id=series.pk)
        changed = any(getattr(series, name) != value for name, value in values.items())
        if changed:
            for name, value in values.items():
                setattr(series, name, value)
            series_save(series=series)
        action = UPDATE
    if entry.cancelled:
        entry.notes.append(
            gettext(
                "The calendar marks this repeating event cancelled: its dates here are left as "
                "they are; cancel them in the admin."
            )
        )
    excluded = [change.occurrence_date for change in entry.overrides if change.cancelled]
    new_exclusions = series_dates_exclude(series=series, dates=[*entry.exdates, *excluded])
    if changed or new_exclusions:
        series_materialize(series=series)
    overridden = sum(
        _override_apply(series, change, names, entry)
        for change in entry.overrides
        if not change.cancelled
    )
    if action == UPDATE and not (changed or new_exclusions or overridden):
        return row_for(entry, SKIP, object_id=series.pk)
    return row_for(
        entry,
        action,
        object_id=series.pk,
        told=_told(mark, series=series) if action == UPDATE else 0,
    )


def _day(day: dt.date, zone: str) -> str:
    return day_text(dt.datetime.combine(day, dt.time(12), tzinfo=ZoneInfo(zone)), zone, year=True)


def _override_apply(series: EventSeries, change: Override, names: Names, entry: Entry) -> bool:
    """One date of the series as the calendar changed it (event_save: that date is then
    "edited by hand" and keeps the change when the series is edited)."""
    event = series.occurrences.filter(occurrence_date=change.occurrence_date).first()
    if event is None:
        entry.notes.append(
            gettext(
                "The change to %(date)s is not imported: the series has no occurrence on that "
                "date yet."
            )
            % {"date": _day(change.occurrence_date, series.timezone)}
        )
        return False
    values: dict[str, Any] = {}
    if change.start and change.end:
        values.update(start=change.start, end=change.end)
    if change.title:
        values["title"] = change.title
    if change.description is not None:
        values["description"] = change.description
    if change.location:
        pick = names.pick(VENUE, change.location, strict=False)
        if pick.given:
            values["venue_id"] = pick.obj.pk
    fields = [name for name, value in values.items() if getattr(event, name) != value]
    if not fields:
        return False
    for name in fields:
        setattr(event, name, values[name])
    event_save(event=event, changed_fields=[name.removesuffix("_id") for name in fields])
    return True
