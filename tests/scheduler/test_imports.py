"""Importing events from calendars (.ics): the dry run is the run, a re-run changes
nothing, series come with their exceptions and overrides, residents are told of changes."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from notifications.models import Notification
from scheduler.imports.runs import import_execute
from scheduler.models import Event, EventSeries, ImportRun, SeriesExclusion
from tests import factories
from tests.scheduler.imports_support import (
    ZONE,
    actions,
    calendar,
    check,
    next_tuesday,
    places,
    run_now,
    stamp,
    vevent,
)

pytestmark = pytest.mark.django_db
LA = ZoneInfo(ZONE)


def _coffee(day: dt.date, *, hour: int = 8, title: str = "Coffee with a Cop") -> str:
    return vevent(
        "coffee-1@city.example",
        f"SUMMARY:{title}",
        f"DTSTART;TZID={ZONE}:{stamp(day, hour)}",
        f"DTEND;TZID={ZONE}:{stamp(day, hour + 1, 30)}",
        "LOCATION:Common Grounds Café",
        "CATEGORIES:Coffee with a Cop",
        "DESCRIPTION:Meet your officers.",
    )


def _watch(first: dt.date) -> list[str]:
    """A weekly meeting: six Tuesdays, the second left out (EXDATE), the third moved to the
    Wednesday an hour later and renamed, the fourth cancelled (RECURRENCE-ID)."""
    week = dt.timedelta(days=7)
    return [
        vevent(
            "watch@city.example",
            "SUMMARY:Neighborhood Watch",
            f"DTSTART;TZID={ZONE}:{stamp(first, 18, 30)}",
            f"DTEND;TZID={ZONE}:{stamp(first, 20)}",
            "RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=6",
            f"EXDATE;TZID={ZONE}:{stamp(first + week, 18, 30)}",
            "LOCATION:Common Grounds Café",
        ),
        vevent(
            "watch@city.example",
            f"RECURRENCE-ID;TZID={ZONE}:{stamp(first + 2 * week, 18, 30)}",
            "SUMMARY:Neighborhood Watch (moved)",
            f"DTSTART;TZID={ZONE}:{stamp(first + 2 * week + dt.timedelta(days=1), 19, 30)}",
            f"DTEND;TZID={ZONE}:{stamp(first + 2 * week + dt.timedelta(days=1), 21)}",
        ),
        vevent(
            "watch@city.example",
            f"RECURRENCE-ID;TZID={ZONE}:{stamp(first + 3 * week, 18, 30)}",
            "SUMMARY:Neighborhood Watch",
            "STATUS:CANCELLED",
            f"DTSTART;TZID={ZONE}:{stamp(first + 3 * week, 18, 30)}",
            f"DTEND;TZID={ZONE}:{stamp(first + 3 * week, 20)}",
        ),
    ]


def _events():
    return [
        (e.title, e.local_start.replace(tzinfo=None), e.venue.name, e.program.name, e.host.name)
        for e in Event.objects.select_related("venue", "program", "host").order_by("start")
    ]


def test_dry_run_shows_what_the_run_then_does():
    first = next_tuesday()
    data = calendar(_coffee(first - dt.timedelta(days=1)), *_watch(first))
    defaults = places()
    run = check(data, **defaults)

    assert Event.objects.count() == 0 and EventSeries.objects.count() == 0
    assert run.status == ImportRun.Status.CHECKED
    planned = actions(run.planned)
    assert [(a, t) for a, t, _ in planned] == [
        ("create", "Coffee with a Cop"),
        ("create", "Neighborhood Watch"),
    ]
    assert (run.created_count, run.updated_count, run.skipped_count, run.error_count) == (
        2,
        0,
        0,
        0,
    )

    run = run_now(run)

    assert run.status == ImportRun.Status.DONE
    assert actions(run.result) == planned
    assert (run.created_count, run.updated_count, run.skipped_count, run.error_count) == (
        2,
        0,
        0,
        0,
    )
    monday = first - dt.timedelta(days=1)
    week = dt.timedelta(days=7)
    at = dt.datetime.combine
    names = ("Common Grounds Café", "Coffee with a Cop", "Riverside Police Department")
    assert _events() == [
        ("Coffee with a Cop", at(monday, dt.time(8)), *names),
        ("Neighborhood Watch", at(first, dt.time(18, 30)), *names),
        (
            "Neighborhood Watch (moved)",
            at(first + 2 * week + dt.timedelta(days=1), dt.time(19, 30)),
            *names,
        ),
        ("Neighborhood Watch", at(first + 4 * week, dt.time(18, 30)), *names),
        ("Neighborhood Watch", at(first + 5 * week, dt.time(18, 30)), *names),
    ]
    # The dry run's rows link to nothing it created (it kept nothing); the run's do.
    assert [row["object_id"] for row in run.planned["rows"]] == [None, None]
    assert [row["object_id"] for row in run.result["rows"]] == [
        Event.objects.get(import_key="ics:coffee-1@city.example").pk,
        EventSeries.objects.get().pk,
    ]


def test_a_series_keeps_its_rule_exclusions_and_overrides():
    first = next_tuesday()
    week = dt.timedelta(days=7)
    run_now(check(calendar(*_watch(first)), **places()))

    series = EventSeries.objects.get()
    assert (series.import_key, series.rrule, series.start_date, series.start_time) == (
        "ics:watch@city.example",
        "FREQ=WEEKLY;COUNT=6;BYDAY=TU",
        first,
        dt.time(18, 30),
    )
    assert (series.duration, series.timezone) == (dt.timedelta(minutes=90), ZONE)
    assert sorted(SeriesExclusion.objects.values_list("occurrence_date", flat=True)) == [
        first + week,
        first + 3 * week,
    ]
    moved = series.occurrences.get(occurrence_date=first + 2 * week)
    assert (moved.title, moved.local_start, moved.local_end, moved.is_customized) == (
        "Neighborhood Watch (moved)",
        dt.datetime.combine(first + 2 * week + dt.timedelta(days=1), dt.time(19, 30), LA),
        dt.datetime.combine(first + 2 * week + dt.timedelta(days=1), dt.time(21), LA),
        True,
    )
    assert sorted(series.occurrences.values_list("occurrence_date", flat=True)) == [
        first,
        first + 2 * week,
        first + 4 * week,
        first + 5 * week,
    ]


def test_running_the_same_calendar_again_skips_everything():
    first = next_tuesday()
    data = calendar(_coffee(first), *_watch(first))
    defaults = places()
    run_now(check(data, **defaults))
    before = _events()

    again = check(data, **defaults)
    assert [a for a, _, _ in actions(again.planned)] == ["skip", "skip"]
    again = run_now(again)

    assert [a for a, _, _ in actions(again.result)] == ["skip", "skip"]
    assert (again.created_count, again.updated_count, again.skipped_count) == (0, 0, 2)
    assert _events() == before
    assert Event.objects.filter(import_key__isnull=False).count() == 1
    assert EventSeries.objects.count() == 1


def test_a_changed_entry_updates_its_event_and_residents_are_told():
    day = next_tuesday()
    defaults = places()
    run_now(check(calendar(_coffee(day)), **defaults))
    event = Event.objects.get()
    for _ in range(3):
        factories.rsvp(event)
    sequence = event.sequence

    moved = calendar(_coffee(day, hour=9, title="Coffee with a Cop (new time)"))
    run = check(moved, **defaults)
    assert [row["told"] for row in run.planned["rows"]] == [3]
    assert Notification.objects.count() == 0  # the dry run planned nothing that stayed
    run = run_now(run)

    event.refresh_from_db()
    assert (event.title, event.local_start, event.sequence) == (
        "Coffee with a Cop (new time)",
        dt.datetime.combine(day, dt.time(9), LA),
        sequence + 1,
    )
    assert [row["told"] for row in run.result["rows"]] == [3]
    assert Notification.objects.filter(kind="event_changed", event=event).count() == 3


def test_what_the_calendar_does_not_say_stays_as_a_coordinator_set_it():
    day = next_tuesday()
    defaults = places()
    entry = vevent(
        "plain@city.example",
        "SUMMARY:Safety walk",
        f"DTSTART;TZID={ZONE}:{stamp(day, 10)}",
        f"DTEND;TZID={ZONE}:{stamp(day, 11)}",
    )
    run_now(check(calendar(entry), **defaults))
    event = Event.objects.get()
    other = factories.venue()
    Event.objects.filter(pk=event.pk).update(venue=other, capacity=12)

    run = run_now(check(calendar(entry), **defaults))

    event.refresh_from_db()
    assert [a for a, _, _ in actions(run.result)] == ["skip"]
    assert (event.venue, event.capacity) == (other, 12)


def test_unknown_names_in_a_calendar_fall_back_to_the_defaults_and_say_so():
    day = next_tuesday()
    defaults = places()
    entry = vevent(
        "elsewhere@city.example",
        "SUMMARY:Bike rodeo",
        f"DTSTART;TZID={ZONE}:{stamp(day, 10)}",
        f"DTEND;TZID={ZONE}:{stamp(day, 12)}",
        "LOCATION:Some park",
    )
    run = check(calendar(entry), **defaults)

    [row] = run.planned["rows"]
    assert (row["action"], row["notes"]) == (
        "create",
        ["The location “Some park” is not a venue here: Common Grounds Café is used."],
    )


def test_a_file_with_an_error_imports_nothing_even_when_run_directly():
    day = next_tuesday()
    defaults = places()
    broken = vevent("no-end@city.example", "SUMMARY:No end", f"DTSTART;TZID={ZONE}:{stamp(day, 9)}")
    run = check(calendar(_coffee(day), broken), **defaults)

    assert [(row["action"], row["uid"], row["reasons"]) for row in run.planned["rows"]] == [
        ("create", "coffee-1@city.example", []),
        ("error", "no-end@city.example", ["This entry has no end (DTEND or DURATION)."]),
    ]
    assert run.error_count == 1
    report = import_execute(run=run, dry_run=False)
    assert report.blocked
    assert Event.objects.count() == 0


def test_all_day_entries_and_orphan_changes_are_left_out_with_a_reason():
    day = next_tuesday()
    run = check(
        calendar(
            vevent("holiday@city.example", "SUMMARY:Holiday", f"DTSTART;VALUE=DATE:{day:%Y%m%d}"),
            vevent(
                "lonely@city.example",
                f"RECURRENCE-ID;TZID={ZONE}:{stamp(day, 9)}",
                "SUMMARY:Lonely change",
                f"DTSTART;TZID={ZONE}:{stamp(day, 10)}",
                f"DTEND;TZID={ZONE}:{stamp(day, 11)}",
            ),
        ),
        **places(),
    )
    assert [(r["action"], r["title"], r["reasons"], r["notes"]) for r in run.planned["rows"]] == [
        (
            "error",
            "Holiday",
            ["An all-day entry: Porchlight's events have a start and an end time."],
            [],
        ),
        (
            "skip",
            "Lonely change",
            [],
            ["A change to one date of a repeating event that is not in this file: not imported."],
        ),
    ]


def test_outlook_zone_names_and_utc_times_are_read():
    day = next_tuesday()
    utc_start = dt.datetime.combine(day, dt.time(17), dt.UTC)
    run_now(
        check(
            calendar(
                vevent(
                    "outlook@city.example",
                    "SUMMARY:Outlook meeting",
                    f"DTSTART;TZID=Pacific Standard Time:{stamp(day, 9)}",
                    f"DTEND;TZID=Pacific Standard Time:{stamp(day, 10)}",
                ),
                vevent(
                    "utc@city.example",
                    "SUMMARY:UTC meeting",
                    f"DTSTART:{utc_start:%Y%m%dT%H%M%SZ}",
                    "DURATION:PT45M",
                ),
            ),
            **places(),
        )
    )
    outlook = Event.objects.get(title="Outlook meeting")
    utc = Event.objects.get(title="UTC meeting")
    assert (outlook.timezone, outlook.local_start) == (
        ZONE,
        dt.datetime.combine(day, dt.time(9), LA),
    )
    assert (utc.timezone, utc.start, utc.end - utc.start) == (
        ZONE,
        utc_start,
        dt.timedelta(minutes=45),
    )


def test_porchlights_own_feed_imports_as_the_same_events(client):
    """What Porchlight writes (a series with EXDATE and an override), read back."""
    first = next_tuesday()
    source = places()
    run_now(check(calendar(*_watch(first)), **source))
    feed = client.get("/calendar/events.ics").content
    Event.objects.update(import_key=None)
    EventSeries.objects.update(import_key=None)
    expected = _events()

    run = check(feed, **source)

    assert [a for a, _, _ in actions(run.planned)] == ["create"]
    run_now(run)
    assert _events() == sorted(expected + expected, key=lambda event: event[1])
