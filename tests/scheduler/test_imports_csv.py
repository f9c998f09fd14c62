"""Importing events from a spreadsheet saved as CSV: the documented header, matching by uid,
every broken row reported with its line and reason, and then nothing imported."""

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from scheduler.imports.csvfile import csv_read
from scheduler.imports.entries import Entry
from scheduler.imports.runs import import_execute, import_run_start
from scheduler.models import Event
from tests import factories
from tests.scheduler.imports_support import ZONE, actions, check, next_tuesday, places, run_now

pytestmark = pytest.mark.django_db
LA = ZoneInfo(ZONE)
HEADER = "uid,title,start,end,timezone,venue,program,host,capacity,description\n"


def _csv(*rows: str, header: str = HEADER) -> bytes:
    return (header + "".join(row + "\n" for row in rows)).encode()


def test_rows_become_events_with_the_named_places():
    day = next_tuesday()
    defaults = places()
    library = factories.venue(name="Central Library", address="801 Library Way")
    watch = factories.program(name="Neighborhood Watch", slug="neighborhood-watch")
    data = _csv(
        f"a1,Coffee with a Cop,{day} 08:00,09:30,,,,,40,Coffee is on us.",
        f"a2,Watch meeting,{day} 18:30,{day} 20:00,America/New_York,central library,"
        f'neighborhood-watch,riverside-pd,,"Two lines,\nwith a comma"',
    )
    run = run_now(check(data, name="events.csv", **defaults))

    assert [(row["action"], row["line"]) for row in run.result["rows"]] == [
        ("create", 2),
        ("create", 3),
    ]
    coffee = Event.objects.get(import_key="csv:a1")
    meeting = Event.objects.get(import_key="csv:a2")
    assert (coffee.local_start, coffee.local_end, coffee.capacity, coffee.venue) == (
        dt.datetime.combine(day, dt.time(8), LA),
        dt.datetime.combine(day, dt.time(9, 30), LA),
        40,
        defaults["venue"],
    )
    assert (coffee.program, coffee.host, coffee.description) == (
        defaults["program"],
        defaults["host"],
        "Coffee is on us.",
    )
    assert (meeting.timezone, meeting.local_start.hour, meeting.venue, meeting.program) == (
        "America/New_York",
        18,
        library,
        watch,
    )
    # The program's default capacity, as for an event made in the admin.
    assert meeting.capacity == watch.default_capacity
    assert meeting.description == "Two lines,\nwith a comma"


def test_a_broken_row_is_reported_with_its_line_and_nothing_is_imported():
    day = next_tuesday()
    data = _csv(
        f"ok,Coffee with a Cop,{day} 08:00,09:00,,,,,,",
        "bad-date,Watch meeting,3/4/2025 6:30 PM,19:30,,,,,,",
        f"bad-zone,Safety walk,{day} 10:00,11:00,Pacific Time,,,,,",
        f"no-title,,{day} 12:00,13:00,,,,,,",
        f"backwards,Late talk,{day} 20:00,19:00,,,,,,",
        f"bad-venue,Bike rodeo,{day} 10:00,11:00,,Nowhere Hall,,,,",
    )
    run = check(data, name="events.csv", **places())

    assert [(r["line"], r["action"], r["reasons"]) for r in run.planned["rows"]] == [
        (2, "create", []),
        (
            3,
            "error",
            ["The start “3/4/2025 6:30 PM” is not a date and time like 2025-03-04 18:30."],
        ),
        (
            4,
            "error",
            ["“Pacific Time” is not a known time zone; use a name like America/Los_Angeles."],
        ),
        (5, "error", ["The title is missing."]),
        (6, "error", ["The event must end after it starts."]),
        (
            7,
            "error",
            [
                "No venue is named “Nowhere Hall”. Add it in the admin first, or leave the venue "
                "empty to use the import's default."
            ],
        ),
    ]
    assert run.error_count == 5
    assert import_run_start(run=run) is False
    assert import_execute(run=run, dry_run=False).blocked
    assert Event.objects.count() == 0


def test_a_missing_column_is_a_problem_of_the_whole_file():
    run = check(b"name,when\nCoffee,2030-01-01 08:00\n", name="events.csv", **places())
    assert run.planned == {
        "rows": [],
        "problems": [
            "Line 1 must name the columns, and these are missing: title, start, end. The "
            "example file shows them all."
        ],
    }
    assert run.error_count == 1


def test_running_the_same_file_again_updates_by_uid_and_skips_the_rest():
    day = next_tuesday()
    defaults = places()
    first = _csv(f"a1,Coffee,{day} 08:00,09:00,,,,,,", f"a2,Walk,{day} 10:00,11:00,,,,,,")
    run_now(check(first, name="events.csv", **defaults))

    again = run_now(
        check(
            _csv(f"a1,Coffee,{day} 08:00,09:00,,,,,,", f"a2,Walk,{day} 10:30,11:30,,,,,,"),
            name="events (1).csv",
            **defaults,
        )
    )

    assert [a for a, _, _ in actions(again.result)] == ["skip", "update"]
    assert Event.objects.count() == 2
    assert Event.objects.get(import_key="csv:a2").local_start.time() == dt.time(10, 30)


def test_a_capacity_below_the_confirmed_seats_is_refused_with_the_line():
    day = next_tuesday()
    defaults = places()
    run_now(check(_csv(f"a1,Coffee,{day} 08:00,09:00,,,,,10,"), name="e.csv", **defaults))
    event = Event.objects.get()
    factories.rsvp(event, party_size=4)

    run = check(_csv(f"a1,Coffee,{day} 08:00,09:00,,,,,3,"), name="e.csv", **defaults)

    [row] = run.planned["rows"]
    assert (row["line"], row["action"]) == (2, "error")
    assert row["reasons"][0].startswith("4 seats are already confirmed")


def test_semicolons_and_other_header_names_are_read():
    items, problems = csv_read(
        "Title;Start;End;Host organization;Notes\nCoffee;2030-01-08 08:00;09:00;riverside-pd;x\n",
        timezone=ZONE,
    )
    assert problems == []
    [entry] = items
    assert isinstance(entry, Entry)
    assert (entry.title, entry.host, entry.key, entry.notes) == (
        "Coffee",
        "riverside-pd",
        "csv:Coffee|2030-01-08T08:00:00-08:00",
        ["These columns are not read: notes."],
    )


def test_the_example_file_reads_without_errors():
    example = Path(__file__).resolve().parents[2] / "scheduler" / "imports" / "example.csv"
    items, problems = csv_read(example.read_text(encoding="utf-8"), timezone=ZONE)
    assert problems == []
    assert [(type(item), item.line, item.title) for item in items] == [
        (Entry, 2, "Coffee with a Cop"),
        (Entry, 3, "Eastside Neighborhood Watch"),
        (Entry, 4, "Home Security Workshop"),
    ]
