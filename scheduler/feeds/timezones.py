"""VTIMEZONE components for feeds and invitations, with onsets as RFC 5545 wants them.

icalendar writes the observances; their onsets are then set to the local time in
TZOFFSETFROM (RFC 5545 3.6.5), which icalendar gets wrong for some (DAYLIGHT) changes.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo

import icalendar

UTC = dt.UTC


@functools.lru_cache(maxsize=256)
def vtimezone(tzid: str, first_year: int, last_year: int) -> icalendar.Timezone:
    """One VTIMEZONE per zone and span of years, built once per process."""
    component = icalendar.Timezone.from_tzid(
        tzid, first_date=dt.date(first_year, 1, 1), last_date=dt.date(last_year, 12, 31)
    )
    _onsets_in_offset_from(component, zoneinfo.ZoneInfo(tzid))
    # icalendar notes the span covered in English ("This timezone only works from …"): no
    # calendar app shows it, and a feed's words are in the feed's language, so it goes.
    component.pop("COMMENT", None)
    return component


@functools.lru_cache(maxsize=256)
def vtimezone_bytes(tzid: str, first_year: int, last_year: int) -> bytes:
    return vtimezone(tzid, first_year, last_year).to_ical()


def _transition_wall_clock(zone, near: dt.datetime, before: dt.timedelta, after: dt.timedelta):
    """The moment near `near` when `zone` goes from offset `before` to `after`, as the wall
    clock in `before` (RFC 5545 3.6.5: onsets are local times in TZOFFSETFROM)."""

    def offset(moment: dt.datetime) -> dt.timedelta:
        return moment.astimezone(zone).utcoffset()

    low = near.replace(tzinfo=UTC) - dt.timedelta(hours=36)
    high = near.replace(tzinfo=UTC) + dt.timedelta(hours=36)
    if offset(low) != before or offset(high) != after:
        return None
    while high - low > dt.timedelta(seconds=1):
        middle = low + (high - low) / 2
        if offset(middle) == before:
            low = middle
        else:
            high = middle
    return (high + before).replace(tzinfo=None, microsecond=0)


def _onsets_in_offset_from(component: icalendar.Timezone, zone: zoneinfo.ZoneInfo) -> None:
    # icalendar writes some onsets (DAYLIGHT) as the wall clock after the change
    # (03:00 instead of 02:00 for a US spring-forward); a client that relies on the
    # VTIMEZONE would then change offsets an hour late.
    for observance in component.subcomponents:
        before = observance["TZOFFSETFROM"].td
        after = observance["TZOFFSETTO"].td
        if before == after:
            continue
        start = observance.decoded("DTSTART")
        fixed = _transition_wall_clock(zone, start, before, after)
        if fixed is not None:
            observance["DTSTART"] = icalendar.vDDDTypes(fixed)
        rdates = observance.get("RDATE")
        if rdates is None:
            continue
        values = []
        for group in rdates if isinstance(rdates, list) else [rdates]:
            for item in group.dts:
                moment = item.dt
                values.append(_transition_wall_clock(zone, moment, before, after) or moment)
        del observance["RDATE"]
        observance.add("rdate", values)
