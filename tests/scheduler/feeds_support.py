"""Helpers shared by the calendar-feed tests: a controllable clock, parsing, expansion."""

import contextlib
import datetime as dt
import zoneinfo
from unittest import mock

import icalendar
import recurring_ical_events
import vobject

UTC = dt.UTC
LA = zoneinfo.ZoneInfo("America/Los_Angeles")


class Clock:
    """Django's clock, moved by hand (timezone.now is Django's, not our code)."""

    def __init__(self, start: dt.datetime):
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta) -> dt.datetime:
        self.now += dt.timedelta(**delta)
        return self.now


@contextlib.contextmanager
def frozen(start: dt.datetime):
    clock = Clock(start)
    with mock.patch("django.utils.timezone.now", clock):
        yield clock


def parse(body: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(body)


def vevents(body: bytes) -> list[icalendar.Event]:
    return list(parse(body).walk("VEVENT"))


def uids(body: bytes) -> list[str]:
    return sorted({str(c["UID"]) for c in vevents(body)})


def vobject_parse(body: bytes):
    # vobject keeps the first VTIMEZONE it met per TZID in a process-wide map; each feed
    # carries its own (limited to its years), so forget earlier ones before parsing.
    tz_map = vars(vobject.icalendar)["__tzidMap"]
    tz_map.clear()
    vobject.icalendar.registerTzid("UTC", vobject.icalendar.utc)
    return vobject.readOne(body.decode("utf-8"))


def expand(body: bytes, start: dt.datetime, end: dt.datetime) -> list[tuple]:
    """(start UTC, end UTC, STATUS, SUMMARY) of every instance, by recurring_ical_events."""
    instances = recurring_ical_events.of(parse(body)).between(start, end)
    return sorted(
        (
            c.decoded("DTSTART").astimezone(UTC),
            c.decoded("DTEND").astimezone(UTC),
            str(c.get("STATUS")),
            str(c.get("SUMMARY")),
        )
        for c in instances
    )


def expand_vobject(body: bytes, start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
    """Instance starts (UTC) by vobject's own rule expansion, overrides applied."""
    components = vobject_parse(body).vevent_list
    moved = {
        (c.uid.value, c.recurrence_id.value.astimezone(UTC)): c.dtstart.value.astimezone(UTC)
        for c in components
        if hasattr(c, "recurrence_id")
    }
    starts = []
    for vevent in components:
        if hasattr(vevent, "recurrence_id"):
            continue
        for when in vevent.getrruleset(addRDate=True) or [vevent.dtstart.value]:
            when = when.astimezone(UTC)
            when = moved.get((vevent.uid.value, when), when)
            if start <= when < end:
                starts.append(when)
    return sorted(starts)


def stored(events, *, tentative=()) -> list[tuple]:
    """The same tuples as `expand` gives, from Event rows."""
    rows = []
    for event in events:
        if event.status == "cancelled":
            status, summary = "CANCELLED", f"Cancelled: {event.title}"
        else:
            status = "TENTATIVE" if event.pk in tentative else "CONFIRMED"
            summary = event.title
        rows.append((event.start.astimezone(UTC), event.end.astimezone(UTC), status, summary))
    return sorted(rows)
