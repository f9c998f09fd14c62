"""What the readers make of a file (entries to import, rows that cannot be), and the report
of an import: one row per entry, in the file's order, with what was (or would be) done."""

from __future__ import annotations

import dataclasses
import datetime as dt
import unicodedata
from types import EllipsisType
from typing import Any

# What a row of the report says was done (or, in a dry run, would be done).
CREATE = "create"
UPDATE = "update"
SKIP = "skip"
ERROR = "error"
ACTIONS = (CREATE, UPDATE, SKIP, ERROR)

EVENT = "event"
SERIES = "series"

TITLE_MAX = 200


@dataclasses.dataclass
class Override:
    """One date of a repeating calendar entry changed or cancelled (RECURRENCE-ID)."""

    occurrence_date: dt.date
    cancelled: bool = False
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    title: str | None = None
    description: str | None = None
    location: str | None = None


@dataclasses.dataclass
class Entry:
    """An event (or, with `rrule`, a series) as the file gives it.

    None (and `...` for the capacity) means "the file does not say": a new event takes
    the import's default or the program's, an event imported before keeps what it has.
    """

    key: str
    title: str
    timezone: str
    start: dt.datetime
    end: dt.datetime
    line: int | None = None
    uid: str = ""
    description: str | None = None
    venue: str | None = None
    program: str | None = None
    host: str | None = None
    capacity: int | None | EllipsisType = ...
    cancelled: bool = False
    # A calendar's names are free text from another system: one Porchlight does not know
    # falls back to the import's default (noted); a spreadsheet's is a typo (an error).
    strict_names: bool = True
    rrule: str | None = None
    exdates: list[dt.date] = dataclasses.field(default_factory=list)
    overrides: list[Override] = dataclasses.field(default_factory=list)
    notes: list[str] = dataclasses.field(default_factory=list)

    @property
    def kind(self) -> str:
        return SERIES if self.rrule else EVENT


@dataclasses.dataclass
class Row:
    """One line of the report. `reasons` say why a row cannot be imported, `notes` what
    the coordinator should know about one that can; both in the import's language."""

    action: str
    kind: str = EVENT
    line: int | None = None
    uid: str = ""
    title: str = ""
    # ISO 8601, shown with the site's date helpers (scheduler.when) in the reader's language.
    start: str = ""
    end: str = ""
    timezone: str = ""
    reasons: list[str] = dataclasses.field(default_factory=list)
    notes: list[str] = dataclasses.field(default_factory=list)
    # Residents with an RSVP whom the change is told (the notices it planned).
    told: int = 0
    object_id: int | None = None

    @classmethod
    def refused(cls, entry: Entry | None = None, *reasons: str, **where: Any) -> Row:
        if entry is not None:
            where = {**_where(entry), **where}
        return cls(action=ERROR, reasons=list(reasons), **where)


def _where(entry: Entry) -> dict[str, Any]:
    return {
        "kind": entry.kind,
        "line": entry.line,
        "uid": entry.uid,
        "title": entry.title,
        "start": entry.start.isoformat(),
        "end": entry.end.isoformat(),
        "timezone": entry.timezone,
        "notes": list(entry.notes),
    }


def row_for(entry: Entry, action: str, **values: Any) -> Row:
    return Row(action=action, **{**_where(entry), **values})


@dataclasses.dataclass
class Report:
    """An import's outcome: its rows, and what is wrong with the file as a whole."""

    rows: list[Row] = dataclasses.field(default_factory=list)
    problems: list[str] = dataclasses.field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def told(self) -> int:
        return sum(row.told for row in self.rows)

    @property
    def blocked(self) -> bool:
        """An import with an error is not run at all: nothing half-imported."""
        return bool(self.problems) or any(row.action == ERROR for row in self.rows)

    def as_json(self) -> dict[str, Any]:
        return {
            "rows": [dataclasses.asdict(row) for row in self.rows],
            "problems": list(self.problems),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Report:
        fields = {f.name for f in dataclasses.fields(Row)}
        rows = [
            Row(**{name: value for name, value in row.items() if name in fields})
            for row in data.get("rows", [])
        ]
        return cls(rows=rows, problems=list(data.get("problems", [])))


def text_line(value: str) -> str:
    """A title or a name as one line of plain text (what an event's title may hold)."""
    return " ".join(_printable(value).split())


def text_block(value: str) -> str:
    """A description without the control characters an event's description may not hold."""
    return _printable(value, keep="\t\n").strip()


def _printable(value: str, keep: str = "") -> str:
    value = value.replace("\r\n", "\n") if keep else value
    return "".join(
        char
        if char in keep or unicodedata.category(char) not in ("Cc", "Cs")
        else (" " if char in "\t\n\r" else "")
        for char in value.replace("\u2028", "\n").replace("\u2029", "\n")
    )


def title_line(value: str) -> str:
    title = text_line(value)
    return title if len(title) <= TITLE_MAX else title[: TITLE_MAX - 1].rstrip() + "…"
