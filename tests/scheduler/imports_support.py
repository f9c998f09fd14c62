"""What the import tests share: calendars and spreadsheets written here, a run of them."""

import datetime as dt

from django.utils import timezone

from scheduler.imports.runs import import_run_check, import_run_perform, import_run_start
from scheduler.models import ImportRun
from tests import factories

ZONE = "America/Los_Angeles"


def next_tuesday(weeks: int = 1) -> dt.date:
    """A Tuesday some weeks ahead: inside the series horizon, never in the past."""
    today = timezone.localdate()
    return today + dt.timedelta(days=(1 - today.weekday()) % 7 + 7 * weeks)


def stamp(day: dt.date, hour: int, minute: int = 0) -> str:
    return dt.datetime.combine(day, dt.time(hour, minute)).strftime("%Y%m%dT%H%M%S")


def vevent(uid: str, *lines: str) -> str:
    return "\r\n".join(
        ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20250101T000000Z", *lines, "END:VEVENT"]
    )


def calendar(*events: str) -> bytes:
    body = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//City of Riverside//Events//EN", *events]
    return ("\r\n".join([*body, "END:VCALENDAR"]) + "\r\n").encode()


def places():
    """The venue, program and host a calendar's entries name (and the defaults)."""
    return {
        "venue": factories.venue(name="Common Grounds Café", address="412 Main St"),
        "program": factories.program(name="Coffee with a Cop", slug="coffee-with-a-cop"),
        "host": factories.organization(name="Riverside Police Department", slug="riverside-pd"),
    }


def check(data: bytes, *, name: str = "events.ics", user=None, **defaults) -> ImportRun:
    return import_run_check(user=user, language="en", upload=(name, data), **defaults)


def run_now(run: ImportRun) -> ImportRun:
    """Start a checked run and do what its task does (the task's own function)."""
    assert import_run_start(run=run)
    import_run_perform(run_id=run.pk)
    run.refresh_from_db()
    return run


def actions(report: dict) -> list[tuple]:
    return [(row["action"], row["title"], row["start"]) for row in report["rows"]]
