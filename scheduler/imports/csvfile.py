"""Reading a spreadsheet saved as CSV (the stdlib csv module) into entries.

The header names the columns, in any order and any letter case (README: "Importing
events"; scheduler/imports/example.csv): title, start and end are needed; uid, timezone,
venue, program, host, capacity and description may be left out or left empty. A row is
known by "csv:" + its uid; without one, by its title and start (then changing either
makes a new event next time).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import zoneinfo

from django.utils.translation import gettext

from scheduler.imports.entries import Entry, Row, text_block, text_line, title_line
from scheduler.models.validators import timezone_names

COLUMNS = ("uid", "title", "start", "end", "timezone", "venue", "program", "host")
COLUMNS += ("capacity", "description")
REQUIRED = ("title", "start", "end")
# Also read under these names (what people write in a spreadsheet's first row).
ALIASES = {
    "host organization": "host",
    "host_organization": "host",
    "organization": "host",
    "time zone": "timezone",
    "time_zone": "timezone",
    "id": "uid",
}
DATETIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S")
TIME_FORMATS = ("%H:%M", "%H:%M:%S")
KEY_MAX = 255
START_TEXTS = (
    lambda: gettext("The start is missing."),
    lambda: gettext("The start “%(value)s” is not a date and time like 2025-03-04 18:30."),
)
END_TEXTS = (
    lambda: gettext("The end is missing."),
    lambda: gettext(
        "The end “%(value)s” is not a date and time like 2025-03-04 19:30 (or a time like 19:30)."
    ),
)


class _Refused(Exception):
    pass


def csv_key(uid: str, title: str, start: dt.datetime) -> str:
    key = f"csv:{uid}" if uid else f"csv:{title}|{start.isoformat()}"
    if len(key) > KEY_MAX:
        key = "csv:sha256:" + hashlib.sha256(key.encode()).hexdigest()
    return key


def _column(name: str) -> str:
    name = " ".join(name.strip().lower().split())
    return ALIASES.get(name, name)


def csv_read(text: str, *, timezone: str) -> tuple[list[Entry | Row], list[str]]:
    """(entries and the rows that cannot be imported, in the file's order; problems with
    the file as a whole). `timezone`: for rows that name none."""
    lines = text.splitlines(keepends=True)
    # Spreadsheets in many languages write ";" (the decimal comma) or tabs: the one the
    # header uses most.
    first = lines[0] if lines else ""
    delimiter = max(",;\t", key=first.count) if first else ","
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        header = [_column(name) for name in next(reader)]
    except StopIteration:
        return [], [gettext("The file is empty.")]
    except csv.Error as exc:
        return [], [gettext("Line 1 cannot be read: %(error)s") % {"error": exc}]
    problems = []
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        problems.append(
            gettext(
                "Line 1 must name the columns, and these are missing: %(columns)s. "
                "The example file shows them all."
            )
            % {"columns": ", ".join(missing)}
        )
    twice = sorted({name for name in header if name and header.count(name) > 1})
    if twice:
        problems.append(
            gettext("These columns appear twice in line 1: %(columns)s.")
            % {"columns": ", ".join(twice)}
        )
    if problems:
        return [], problems
    result: list[Entry | Row] = []
    seen: dict[str, int] = {}
    try:
        while True:
            # The line the row starts on (a quoted value may go over several lines).
            line = reader.line_num + 1
            values = next(reader, None)
            if values is None:
                break
            if not any(value.strip() for value in values):
                continue
            row = dict(zip(header, values, strict=False))
            try:
                entry = _entry(row, line, timezone)
            except _Refused as exc:
                result.append(_refused(row, line, *exc.args))
                continue
            if entry.key in seen:
                result.append(
                    _refused(
                        row,
                        line,
                        gettext("The same event is already on line %(line)d.")
                        % {"line": seen[entry.key]},
                    )
                )
                continue
            seen[entry.key] = line
            result.append(entry)
    except csv.Error as exc:
        problems.append(
            gettext("Line %(line)d cannot be read: %(error)s")
            % {"line": reader.line_num, "error": exc}
        )
    unread = [name for name in dict.fromkeys(header) if name and name not in COLUMNS]
    if unread and result:
        first = result[0]
        note = gettext("These columns are not read: %(columns)s.") % {"columns": ", ".join(unread)}
        first.notes.append(note)
    return result, problems


def _refused(row: dict[str, str], line: int, *reasons: str) -> Row:
    return Row.refused(
        None,
        *reasons,
        line=line,
        uid=text_line(row.get("uid", "")),
        title=title_line(row.get("title", "")),
    )


def _entry(row: dict[str, str], line: int, default_zone: str) -> Entry:
    reasons = []
    title = title_line(row.get("title", ""))
    if not title:
        reasons.append(gettext("The title is missing."))
    zone = text_line(row.get("timezone", "")) or default_zone
    if zone not in timezone_names():
        reasons.append(
            gettext("“%(value)s” is not a known time zone; use a name like America/Los_Angeles.")
            % {"value": zone[:80]}
        )
        zone = None
    start = end = None
    try:
        start = _moment(row.get("start", ""), zone, START_TEXTS)
    except _Refused as exc:
        reasons.append(exc.args[0])
    try:
        end = _end(row.get("end", ""), start, zone)
    except _Refused as exc:
        reasons.append(exc.args[0])
    capacity = ...
    raw_capacity = row.get("capacity", "").strip()
    if raw_capacity:
        if raw_capacity.isascii() and raw_capacity.isdigit() and len(raw_capacity) < 7:
            capacity = int(raw_capacity)
        else:
            reasons.append(
                gettext("The capacity “%(value)s” is not a whole number of seats.")
                % {"value": raw_capacity[:20]}
            )
    if reasons:
        raise _Refused(*reasons)
    uid = text_line(row.get("uid", ""))
    description = row.get("description")
    return Entry(
        key=csv_key(uid, title, start),
        line=line,
        uid=uid,
        title=title,
        timezone=zone,
        start=start,
        end=end,
        description=text_block(description) if description is not None else None,
        venue=text_line(row.get("venue", "")) or None,
        program=text_line(row.get("program", "")) or None,
        host=text_line(row.get("host", "")) or None,
        capacity=capacity,
        strict_names=True,
    )


def _parse(value: str, formats: tuple[str, ...]):
    for form in formats:
        try:
            return dt.datetime.strptime(value, form)
        except ValueError:
            continue
    return None


def _moment(value: str, zone: str | None, texts) -> dt.datetime | None:
    missing, invalid = texts
    value = value.strip()
    if not value:
        raise _Refused(missing())
    moment = _parse(value, DATETIME_FORMATS)
    if moment is None:
        raise _Refused(invalid() % {"value": value[:40]})
    if zone is None:
        return None
    # Wall time in the row's zone; one inside a spring-forward gap is read with the offset
    # before it (RFC 5545 section 3.3.5), as series are.
    return moment.replace(tzinfo=zoneinfo.ZoneInfo(zone), fold=0)


def _end(value: str, start: dt.datetime | None, zone: str | None) -> dt.datetime | None:
    value = value.strip()
    time_only = _parse(value, TIME_FORMATS) if value else None
    if time_only is None:
        return _moment(value, zone, END_TEXTS)
    if start is None:
        return None
    # Only a time: the same day as the start.
    return dt.datetime.combine(start.date(), time_only.time(), tzinfo=start.tzinfo)
