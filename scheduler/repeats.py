"""The series editor's rules ("every second Wednesday", "weekly on Mon and Thu until …")
and the RRULE they stand for, both ways, and the next dates a rule gives, with the
daylight-saving changes between them.

Plain Python (no forms, no words): the admin's editor (scheduler/series_editor.py) and its
live preview both call these, so the page and the preview can never disagree.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import zoneinfo

from dateutil import rrule as du_rrule

from scheduler.recurrence import MAX_OCCURRENCES, local_datetime, rrule_normalize, rrule_parse

DAILY, WEEKLY, MONTHLY = "DAILY", "WEEKLY", "MONTHLY"
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # index = date.weekday()
BY_DATE, BY_WEEKDAY = "date", "weekday"
NEVER, UNTIL, COUNT = "never", "until", "count"
POSITIONS = (1, 2, 3, 4, -1)  # first … fourth, last
MAX_INTERVAL = 99
# What the editor writes and reads; a rule with any other part opens in expert mode.
_KNOWN_PARTS = {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "COUNT", "UNTIL", "WKST"}


@dataclasses.dataclass(frozen=True)
class Rules:
    freq: str = WEEKLY
    interval: int = 1
    weekdays: tuple[str, ...] = ()  # WEEKLY: in week order
    monthly_by: str = BY_DATE  # MONTHLY: BY_DATE (month_day) or BY_WEEKDAY
    month_day: int | None = None  # 1–31
    position: int | None = None  # one of POSITIONS
    position_weekday: str | None = None
    ends: str = NEVER
    until: dt.date | None = None  # the last date the series may meet
    count: int | None = None


def rules_to_rrule(rules: Rules) -> str:
    """The RRULE (RFC 5545, without DTSTART) for these rules, in one canonical form."""
    parts = [f"FREQ={rules.freq}"]
    if rules.interval != 1:
        parts.append(f"INTERVAL={rules.interval}")
    if rules.freq == WEEKLY:
        days = [day for day in WEEKDAYS if day in rules.weekdays]
        parts.append("BYDAY=" + ",".join(days))
    elif rules.freq == MONTHLY:
        if rules.monthly_by == BY_WEEKDAY:
            parts.append(f"BYDAY={rules.position}{rules.position_weekday}")
        else:
            parts.append(f"BYMONTHDAY={rules.month_day}")
    if rules.ends == UNTIL and rules.until:
        # Local wall time (the series' zone), the end of that day: the last date is
        # included whatever the start time (recurrence.rrule_parse reads it so).
        parts.append(f"UNTIL={rules.until:%Y%m%d}T235959")
    elif rules.ends == COUNT and rules.count:
        parts.append(f"COUNT={rules.count}")
    return ";".join(parts)


def rrule_to_rules(rule: str, *, start_date: dt.date, start_time: dt.time) -> Rules | None:
    """The editor's rules for an RRULE, or None when the editor cannot say it (then the
    series opens in expert mode, with the rule as it is)."""
    rule = rrule_normalize(rule)
    try:
        rrule_parse(rule, start=dt.datetime.combine(start_date, start_time))
    except Exception:  # noqa: BLE001 - any rule the parser refuses is for experts
        return None
    parts: dict[str, str] = {}
    for part in rule.split(";"):
        if not part:
            continue
        name, _, value = part.partition("=")
        if name in parts or name not in _KNOWN_PARTS:
            return None
        parts[name] = value
    if parts.get("WKST", "MO") != "MO":
        return None
    try:
        interval = int(parts.get("INTERVAL", "1"))
    except ValueError:
        return None
    if not 1 <= interval <= MAX_INTERVAL:
        return None
    ends, until, count = NEVER, None, None
    if "UNTIL" in parts:
        until = _until_date(parts["UNTIL"], start_time)
        if until is None:
            return None
        ends = UNTIL
    elif "COUNT" in parts:
        if not parts["COUNT"].isdigit() or not 1 <= int(parts["COUNT"]) <= MAX_OCCURRENCES:
            return None
        ends, count = COUNT, int(parts["COUNT"])
    end = {"ends": ends, "until": until, "count": count, "interval": interval}
    freq, byday, bymonthday = parts["FREQ"], parts.get("BYDAY"), parts.get("BYMONTHDAY")
    if freq == DAILY and bymonthday is None:
        if byday is None:
            return Rules(freq=DAILY, **end)
        days = _plain_days(byday)
        # Every day but only on some weekdays is, every week, weekly on those days.
        if days is None or interval != 1:
            return None
        return Rules(freq=WEEKLY, weekdays=days, **end)
    if freq == WEEKLY and bymonthday is None:
        days = (WEEKDAYS[start_date.weekday()],) if byday is None else _plain_days(byday)
        return None if days is None else Rules(freq=WEEKLY, weekdays=days, **end)
    if freq == MONTHLY:
        if byday is None:
            day = start_date.day if bymonthday is None else _month_day(bymonthday)
            return None if day is None else Rules(freq=MONTHLY, month_day=day, **end)
        if bymonthday is not None or len(byday) < 3 or byday[-2:] not in WEEKDAYS:
            return None
        try:
            position = int(byday[:-2])
        except ValueError:
            return None
        if position not in POSITIONS:
            return None
        return Rules(
            freq=MONTHLY,
            monthly_by=BY_WEEKDAY,
            position=position,
            position_weekday=byday[-2:],
            **end,
        )
    return None


def _plain_days(byday: str) -> tuple[str, ...] | None:
    days = byday.split(",")
    if not days or any(day not in WEEKDAYS for day in days) or len(set(days)) != len(days):
        return None
    return tuple(day for day in WEEKDAYS if day in days)


def _month_day(value: str) -> int | None:
    return int(value) if value.isdigit() and 1 <= int(value) <= 31 else None


def _until_date(value: str, start_time: dt.time) -> dt.date | None:
    """The last date an UNTIL lets the series meet (a bare date, or a time before the
    start time, ends the day before)."""
    value = value.removesuffix("Z")
    try:
        if "T" in value:
            moment = dt.datetime.strptime(value, "%Y%m%dT%H%M%S")
        else:
            moment = dt.datetime.strptime(value, "%Y%m%d")
    except ValueError:
        return None
    return moment.date() if moment.time() >= start_time else moment.date() - dt.timedelta(days=1)


@dataclasses.dataclass(frozen=True)
class PreviewDate:
    day: dt.date
    start: dt.datetime  # aware, in the series' zone
    end: dt.datetime
    skipped: bool
    # The UTC offset differs from the date before in the list: that date's start (so its
    # zone's name can be written beside this one's).
    zone_before: dt.datetime | None


def preview_dates(
    *,
    rule: str,
    start_date: dt.date,
    start_time: dt.time,
    duration: dt.timedelta,
    timezone: str,
    skipped: frozenset[dt.date] | set[dt.date] = frozenset(),
    after: dt.date,
    limit: int = 10,
) -> tuple[list[PreviewDate], bool]:
    """The next `limit` dates of the rule from `after` on (skipped ones listed, marked),
    and whether the rule gives more after them. The rule must be valid (rrule_parse)."""
    first = dt.datetime.combine(start_date, start_time)
    parsed: du_rrule.rrule = rrule_parse(rule, start=first)
    since = max(first, dt.datetime.combine(after, dt.time.min))
    zone = zoneinfo.ZoneInfo(timezone)
    rows: list[PreviewDate] = []
    previous: dt.datetime | None = None
    more = False
    for count, moment in enumerate(parsed.xafter(since, inc=True)):
        if len(rows) >= limit:
            more = True
            break
        if count >= MAX_OCCURRENCES:
            break
        # As series_materialize makes them, then normalized through UTC: a wall time inside
        # a spring-forward gap shows as the time it really is.
        wall = local_datetime(moment.date(), start_time, timezone)
        start = wall.astimezone(dt.UTC).astimezone(zone)
        end = (wall + duration).astimezone(dt.UTC).astimezone(zone)
        changed = previous is not None and start.utcoffset() != previous.utcoffset()
        rows.append(
            PreviewDate(
                day=moment.date(),
                start=start,
                end=end,
                skipped=moment.date() in skipped,
                zone_before=previous if changed else None,
            )
        )
        previous = start
    return rows, more
