"""Reading an iCalendar file (RFC 5545, with the icalendar library) into entries.

A VEVENT with an RRULE becomes a series: its rule, its first start and duration in its
own time zone, its EXDATEs, and the VEVENTs with the same UID and a RECURRENCE-ID (one
date changed, or cancelled). Everything else with a start and an end becomes one event.
Calendar UIDs are meant to be unique everywhere (RFC 5545 section 3.8.4.7), so an entry
is known by "ics:" + its UID, whichever address or file it comes from.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import zoneinfo
from collections import defaultdict

import icalendar
from django.utils.translation import gettext
from icalendar.timezone.tzid import tzids_from_tzinfo
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from scheduler.imports.entries import SKIP, Entry, Override, Row, text_block, text_line, title_line
from scheduler.models.validators import timezone_names

KEY_MAX = 255
# Rule parts that name days: evaluated in UTC, they would fall on other local days.
DAY_PARTS = {"BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYSETPOS"}


class _Refused(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def ics_key(uid: str) -> str:
    key = f"ics:{uid}"
    if len(key) > KEY_MAX:
        key = "ics:sha256:" + hashlib.sha256(uid.encode()).hexdigest()
    return key


def ics_read(text: str, *, timezone: str) -> tuple[list[Entry | Row], list[str]]:
    """(entries and the rows that cannot be imported, in the file's order; problems with
    the file as a whole). `timezone`: for times the file gives without a zone."""
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except ValueError as exc:
        return [], [
            gettext("This is not a calendar file that can be read: %(error)s")
            % {"error": str(exc)[:200]}
        ]
    masters: dict[str, icalendar.Event] = {}
    changes: dict[str, list[icalendar.Event]] = defaultdict(list)
    items: list[Entry | Row | str] = []
    for component in calendar.walk("VEVENT"):
        uid = text_line(str(component.get("UID", "")))
        title = title_line(str(component.get("SUMMARY", "")))
        if not uid:
            items.append(
                Row.refused(
                    None,
                    gettext("This entry has no UID, so it could not be matched next time."),
                    title=title,
                )
            )
        elif component.get("RECURRENCE-ID") is not None:
            changes[uid].append(component)
        elif uid in masters:
            items.append(
                Row.refused(
                    None,
                    gettext("This UID appears twice in the file."),
                    uid=uid,
                    title=title,
                )
            )
        else:
            masters[uid] = component
            items.append(uid)
    result: list[Entry | Row] = []
    for item in items:
        if not isinstance(item, str):
            result.append(item)
            continue
        try:
            result.append(_entry(masters[item], changes.pop(item, []), timezone))
        except _Refused as exc:
            title = title_line(str(masters[item].get("SUMMARY", "")))
            result.append(Row.refused(None, exc.reason, uid=item, title=title))
    for uid, orphans in changes.items():
        result.append(
            Row(
                action=SKIP,
                uid=uid,
                title=title_line(str(orphans[0].get("SUMMARY", ""))),
                notes=[
                    gettext(
                        "A change to one date of a repeating event that is not in this file: "
                        "not imported."
                    )
                ],
            )
        )
    return result, []


def _entry(component, changes: list, default_zone: str) -> Entry:
    uid = text_line(str(component.get("UID")))
    title = title_line(str(component.get("SUMMARY", "")))
    if not title:
        raise _Refused(gettext("This entry has no title (SUMMARY)."))
    if component.get("DTSTART") is None:
        raise _Refused(gettext("This entry has no start (DTSTART)."))
    raw_start = component.decoded("DTSTART")
    if not isinstance(raw_start, dt.datetime):
        raise _Refused(
            gettext("An all-day entry: Porchlight's events have a start and an end time.")
        )
    notes: list[str] = []
    zone = _zone_name(raw_start.tzinfo)
    if zone is None:
        zone = default_zone
        if raw_start.tzinfo is not None and not _is_utc(raw_start.tzinfo):
            notes.append(
                gettext("The calendar's time zone is not known here: times are shown in %(zone)s.")
                % {"zone": zone}
            )
    start = _aware(raw_start, zone)
    end = _end(component, raw_start, zone)
    entry = Entry(
        key=ics_key(uid),
        uid=uid,
        title=title,
        timezone=zone,
        start=start,
        end=end,
        description=_text(component, "DESCRIPTION", block=True),
        venue=_text(component, "LOCATION"),
        program=_first_category(component),
        host=_organizer(component),
        cancelled=str(component.get("STATUS", "")).upper() == "CANCELLED",
        strict_names=False,
        notes=notes,
    )
    rules = component.get("RRULE")
    if rules is None:
        if changes:
            notes.append(
                gettext("Changes to single dates of an entry that does not repeat: left out.")
            )
        return entry
    if isinstance(rules, list):
        raise _Refused(gettext("This entry repeats by more than one rule (RRULE)."))
    entry.rrule = _rule(rules, raw_start, start)
    if component.get("RDATE") is not None:
        notes.append(gettext("Extra dates (RDATE) are not imported: add them as single events."))
    entry.exdates = sorted({_local_date(value, zone) for value in _dates(component, "EXDATE")})
    entry.overrides = [_override(change, zone) for change in changes]
    return entry


def _rule(rules, raw_start: dt.datetime, start: dt.datetime) -> str:
    """The rule in the series' local wall time (the way Porchlight keeps series)."""
    rule = icalendar.vRecur(rules)
    if start.date() != raw_start.date() and DAY_PARTS & set(rule):
        raise _Refused(
            gettext(
                "This repeating entry's days are given in another time zone and would fall on "
                "other days here. Export the calendar with its time zone."
            )
        )
    until = rule.get("UNTIL")
    if until:
        value = until[0]
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            rule["UNTIL"] = [value.astimezone(start.tzinfo).replace(tzinfo=None)]
    return rule.to_ical().decode()


def _override(component, zone: str) -> Override:
    change = Override(occurrence_date=_local_date(component.decoded("RECURRENCE-ID"), zone))
    if str(component.get("STATUS", "")).upper() == "CANCELLED":
        change.cancelled = True
        return change
    if component.get("DTSTART") is not None:
        raw_start = component.decoded("DTSTART")
        if isinstance(raw_start, dt.datetime):
            change.start = _aware(raw_start, zone)
            change.end = _end(component, raw_start, zone)
    if component.get("SUMMARY") is not None:
        change.title = title_line(str(component.get("SUMMARY"))) or None
    change.description = _text(component, "DESCRIPTION", block=True)
    change.location = _text(component, "LOCATION")
    return change


def _end(component, raw_start: dt.datetime, zone: str) -> dt.datetime:
    if component.get("DTEND") is not None:
        raw_end = component.decoded("DTEND")
        if not isinstance(raw_end, dt.datetime):
            raise _Refused(gettext("The end (DTEND) is a date without a time."))
        return _aware(raw_end, zone)
    if component.get("DURATION") is not None:
        duration = component.decoded("DURATION")
        if isinstance(duration, dt.timedelta):
            return _aware(raw_start, zone) + duration
    raise _Refused(gettext("This entry has no end (DTEND or DURATION)."))


def _aware(value: dt.datetime, zone: str) -> dt.datetime:
    """The moment in the entry's zone; a floating time is wall time in that zone."""
    tz = zoneinfo.ZoneInfo(zone)
    if value.tzinfo is None:
        return value.replace(tzinfo=tz)
    return value.astimezone(tz)


def _local_date(value, zone: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return _aware(value, zone).date()
    return value


def _dates(component, name: str) -> list:
    values = component.get(name)
    if values is None:
        return []
    lists = values if isinstance(values, list) else [values]
    return [item.dt for group in lists for item in group.dts]


def _is_utc(tzinfo) -> bool:
    return tzinfo.utcoffset(None) == dt.timedelta(0) and (
        tzinfo is dt.UTC or getattr(tzinfo, "key", "") in ("UTC", "Etc/UTC")
    )


def _zone_name(tzinfo) -> str | None:
    """The IANA name of a calendar's zone ("Pacific Standard Time", as Outlook writes it,
    is America/Los_Angeles); None for UTC, a floating time, or a zone not known here."""
    if tzinfo is None or _is_utc(tzinfo):
        return None
    known = timezone_names()
    names = [getattr(tzinfo, "key", None), getattr(tzinfo, "_tzid", None), str(tzinfo)]
    # A zone the library cannot name: the names above are tried all the same.
    with contextlib.suppress(Exception):
        names.extend(sorted(tzids_from_tzinfo(tzinfo)))
    for name in names:
        if not name:
            continue
        name = WINDOWS_TO_OLSON.get(name, name)
        if name in known and name != "UTC":
            return name
    return None


def _text(component, name: str, *, block: bool = False) -> str | None:
    value = component.get(name)
    if value is None:
        return None
    return text_block(str(value)) if block else (text_line(str(value)) or None)


def _first_category(component) -> str | None:
    values = component.get("CATEGORIES")
    if values is None:
        return None
    for group in values if isinstance(values, list) else [values]:
        for category in getattr(group, "cats", []):
            name = text_line(str(category))
            if name:
                return name
    return None


def _organizer(component) -> str | None:
    organizer = component.get("ORGANIZER")
    if organizer is None:
        return None
    name = text_line(str(getattr(organizer, "params", {}).get("CN", "")))
    return name or None
