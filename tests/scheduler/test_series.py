import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django_q.models import Schedule

from ops.schedules import schedules_ensure
from scheduler.errors import EventError
from scheduler.forms import EventSeriesForm
from scheduler.models import Event, EventSeries, SeriesExclusion
from scheduler.recurrence import rrule_parse
from scheduler.services import (
    event_cancel,
    event_delete,
    event_save,
    series_create,
    series_extend_all,
    series_materialize,
    series_save,
)
from tests import factories

pytestmark = pytest.mark.django_db

LA = zoneinfo.ZoneInfo("America/Los_Angeles")
NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
YEAR_END = dt.date(2027, 12, 31)


def _weekly(**kw):
    defaults = {
        "rrule": "FREQ=WEEKLY;BYDAY=TU",
        "start_date": dt.date(2027, 1, 1),
        "start_time": dt.time(18, 30),
        "duration": dt.timedelta(hours=1),
        "timezone": "America/Los_Angeles",
    }
    return factories.series(**{**defaults, **kw})


def _local(event):
    return event.start.astimezone(LA), event.end.astimezone(LA)


def test_materialize_creates_every_occurrence_up_to_the_horizon():
    series = _weekly()
    result = series_materialize(series=series, until=YEAR_END, now=NOW)
    events = list(series.occurrences.order_by("start"))
    assert result.created == 52
    assert len(events) == 52
    assert events[0].occurrence_date == dt.date(2027, 1, 5)
    assert events[-1].occurrence_date == dt.date(2027, 12, 28)
    assert {e.occurrence_date.weekday() for e in events} == {1}
    series.refresh_from_db()
    assert series.materialized_until == YEAR_END


def test_materialize_twice_changes_nothing():
    series = _weekly()
    series_materialize(series=series, until=YEAR_END, now=NOW)
    before = list(series.occurrences.order_by("pk").values_list("pk", "start", "sequence"))
    result = series_materialize(series=series, until=YEAR_END, now=NOW)
    after = list(series.occurrences.order_by("pk").values_list("pk", "start", "sequence"))
    assert (result.created, result.updated, result.cancelled, result.deleted) == (0, 0, 0, 0)
    assert after == before


def test_local_wall_time_is_kept_across_both_dst_changes():
    series = _weekly()
    series_materialize(series=series, until=YEAR_END, now=NOW)
    by_date = {e.occurrence_date: e for e in series.occurrences.all()}
    # Spring forward is 2027-03-14, fall back 2027-11-07 in Los Angeles.
    for day, utc_hour in [
        (dt.date(2027, 3, 9), 2),  # PST, -8: 18:30 local = 02:30 UTC next day
        (dt.date(2027, 3, 16), 1),  # PDT, -7
        (dt.date(2027, 11, 2), 1),  # PDT
        (dt.date(2027, 11, 9), 2),  # PST again
    ]:
        start, end = _local(by_date[day])
        assert (start.date(), start.time(), end.time()) == (day, dt.time(18, 30), dt.time(19, 30))
        assert by_date[day].start.astimezone(dt.UTC).hour == utc_hour


def test_monthly_series_on_first_thursday():
    series = _weekly(rrule="RRULE:FREQ=MONTHLY;BYDAY=1TH")
    series_materialize(series=series, until=dt.date(2027, 4, 30), now=NOW)
    days = list(series.occurrences.order_by("start").values_list("occurrence_date", flat=True))
    assert days == [
        dt.date(2027, 1, 7),
        dt.date(2027, 2, 4),
        dt.date(2027, 3, 4),
        dt.date(2027, 4, 1),
    ]


def test_series_edits_reach_future_occurrences_but_not_hand_edited_or_cancelled_ones():
    series = _weekly()
    series_materialize(series=series, until=dt.date(2027, 2, 28), now=NOW)
    occurrences = {e.occurrence_date: e for e in series.occurrences.all()}
    edited = occurrences[dt.date(2027, 1, 12)]
    edited.title = "Special guest night"
    event_save(event=edited, changed_fields=["title"])
    cancelled = occurrences[dt.date(2027, 1, 19)]
    event_cancel(event=cancelled)

    original_title = series.title
    series.title = "Renamed watch meeting"
    series.start_time = dt.time(19, 0)
    series.save()
    result = series_materialize(series=series, until=dt.date(2027, 2, 28), now=NOW)

    rows = {e.occurrence_date: e for e in series.occurrences.all()}
    followed = rows[dt.date(2027, 1, 5)]
    assert (followed.title, _local(followed)[0].time(), followed.sequence) == (
        "Renamed watch meeting",
        dt.time(19, 0),
        1,
    )
    hand = rows[dt.date(2027, 1, 12)]
    assert (hand.title, _local(hand)[0].time(), hand.is_customized) == (
        "Special guest night",
        dt.time(18, 30),
        True,
    )
    kept = rows[dt.date(2027, 1, 19)]
    assert (kept.status, kept.title, _local(kept)[0].time()) == (
        Event.Status.CANCELLED,
        original_title,
        dt.time(18, 30),
    )
    assert result.updated == 6
    assert len(rows) == 8


def test_past_occurrences_are_never_touched():
    series = _weekly()
    series_materialize(series=series, until=dt.date(2027, 1, 31), now=NOW)
    series.title = "New name"
    series.save()
    later = dt.datetime(2027, 1, 15, tzinfo=dt.UTC)
    series_materialize(series=series, until=dt.date(2027, 1, 31), now=later)
    titles = dict(series.occurrences.values_list("occurrence_date", "title"))
    assert titles[dt.date(2027, 1, 5)] != "New name"
    assert titles[dt.date(2027, 1, 12)] != "New name"
    assert titles[dt.date(2027, 1, 19)] == "New name"
    assert titles[dt.date(2027, 1, 26)] == "New name"


def test_dates_dropped_by_a_rule_change_are_cancelled_when_residents_rsvped_else_deleted():
    series = _weekly()
    series_materialize(series=series, until=dt.date(2027, 1, 31), now=NOW)
    with_rsvp = series.occurrences.get(occurrence_date=dt.date(2027, 1, 12))
    factories.rsvp(with_rsvp)

    series.rrule = "FREQ=WEEKLY;BYDAY=WE"
    series.save()
    result = series_materialize(series=series, until=dt.date(2027, 1, 31), now=NOW)

    rows = dict(series.occurrences.values_list("occurrence_date", "status"))
    assert rows == {
        dt.date(2027, 1, 12): "cancelled",
        dt.date(2027, 1, 6): "scheduled",
        dt.date(2027, 1, 13): "scheduled",
        dt.date(2027, 1, 20): "scheduled",
        dt.date(2027, 1, 27): "scheduled",
    }
    assert (result.created, result.cancelled, result.deleted) == (4, 1, 3)


def test_deleted_occurrence_is_excluded_and_not_recreated():
    series = _weekly()
    series_materialize(series=series, until=dt.date(2027, 1, 31), now=NOW)
    event_delete(event=series.occurrences.get(occurrence_date=dt.date(2027, 1, 19)))
    series_materialize(series=series, until=dt.date(2027, 1, 31), now=NOW)
    days = sorted(series.occurrences.values_list("occurrence_date", flat=True))
    assert days == [dt.date(2027, 1, 5), dt.date(2027, 1, 12), dt.date(2027, 1, 26)]
    assert list(SeriesExclusion.objects.values_list("occurrence_date", flat=True)) == [
        dt.date(2027, 1, 19)
    ]


def test_event_with_rsvps_cannot_be_deleted():
    event = factories.event()
    factories.rsvp(event)
    with pytest.raises(EventError, match="Cancel it instead"):
        event_delete(event=event)
    assert Event.objects.filter(pk=event.pk).count() == 1


def test_extend_all_uses_the_configured_horizon(settings):
    settings.PORCHLIGHT = {**settings.PORCHLIGHT, "SERIES_HORIZON_DAYS": 60}
    series = _weekly(start_date=dt.date(2026, 12, 1))
    created = series_extend_all(now=NOW)
    series.refresh_from_db()
    assert series.materialized_until == dt.date(2027, 1, 30)
    assert created == series.occurrences.count() == 9


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("", "Enter a recurrence rule"),
        ("FREQ=HOURLY", "daily, weekly, monthly or yearly"),
        ("BYDAY=TU", "needs a FREQ"),
        ("FREQ=WEEKLY;BYDAY=XX", "not a valid recurrence rule"),
        ("FREQ=WEEKLY;COUNT=3;UNTIL=20270101", "COUNT or UNTIL"),
        ("DTSTART:20270101T000000\nRRULE:FREQ=DAILY", "only the RRULE part"),
        ("FREQ=WEEKLY;BYDAY=TH;BYHOUR=9,18", "Leave the time out of the rule"),
        ("FREQ=DAILY;BYMINUTE=30", "Leave the time out of the rule"),
    ],
)
def test_invalid_rules_are_refused_with_a_clear_message(rule, message):
    with pytest.raises(ValidationError, match=message):
        rrule_parse(rule, start=dt.datetime(2027, 1, 1))


def test_series_form_shows_rule_errors_next_to_the_field():
    program, venue, host = factories.program(), factories.venue(), factories.organization()
    form = EventSeriesForm(
        data={
            # Without the admin's translation tabs the form has the title as read in the
            # active language as well as each language's column.
            "title": "Watch",
            "title_en": "Watch",
            "program": program.pk,
            "venue": venue.pk,
            "host": host.pk,
            "timezone": "America/Los_Angeles",
            "max_party_size": 4,
            "visibility": "public",
            "promotion_cutoff_minutes": 120,
            "repeat_mode": "expert",
            "rrule": "FREQ=SOMETIMES",
            "start_date": "2027-01-01",
            "start_time": "18:30",
            "end_time": "19:30",
        }
    )
    assert not form.is_valid()
    assert list(form.errors) == ["rrule"]
    assert "daily, weekly, monthly or yearly" in form.errors["rrule"][0]


@pytest.mark.django_db(databases="__all__")
def test_daily_extension_schedule_exists_once_and_ensuring_again_keeps_one():
    name = "porchlight: extend event series to the horizon"
    schedules_ensure()
    schedules_ensure()
    rows = list(Schedule.objects.filter(name=name).values_list("func", "schedule_type"))
    assert rows == [("scheduler.tasks.series_extend", "D")]


def test_an_edit_from_a_stale_page_never_uncancels_or_resets_capacity():
    event = factories.event(capacity=10)
    stale = Event.objects.get(pk=event.pk)
    event_cancel(event=event)
    stale.title = "New title"
    event_save(event=stale, changed_fields=["title"])
    event.refresh_from_db()
    assert (event.title, event.status, event.capacity, event.sequence) == (
        "New title",
        "cancelled",
        10,
        2,
    )


def test_series_edit_leaves_an_occurrence_cancelled_meanwhile_alone():
    series = _weekly()
    series_materialize(series=series, until=dt.date(2027, 1, 31), now=NOW)
    event_cancel(event=series.occurrences.get(occurrence_date=dt.date(2027, 1, 12)))
    series.title = "Renamed"
    series.save()
    series_materialize(series=series, until=dt.date(2027, 1, 31), now=NOW)
    rows = dict(series.occurrences.values_list("occurrence_date", "status"))
    assert rows[dt.date(2027, 1, 12)] == "cancelled"
    assert series.occurrences.get(occurrence_date=dt.date(2027, 1, 12)).title != "Renamed"


def test_an_occurrence_with_walk_ins_is_cancelled_not_deleted_when_the_rule_drops_it():
    series = _weekly()
    series_materialize(series=series, until=dt.date(2027, 1, 31), now=NOW)
    factories.walkin(event=series.occurrences.get(occurrence_date=dt.date(2027, 1, 12)))
    series.rrule = "FREQ=WEEKLY;BYDAY=WE"
    series.save()
    result = series_materialize(series=series, until=dt.date(2027, 1, 31), now=NOW)
    assert (result.cancelled, result.deleted) == (1, 3)
    assert series.occurrences.get(occurrence_date=dt.date(2027, 1, 12)).status == "cancelled"


def test_changing_only_partners_detaches_an_occurrence_and_unticking_reattaches_it():
    series = _weekly()
    series_materialize(series=series, until=dt.date(2027, 1, 31), now=NOW)
    event = series.occurrences.get(occurrence_date=dt.date(2027, 1, 12))
    partner = factories.organization()
    event_save(event=event, changed_fields=["partners"])
    event.partners.set([partner])
    series.title = "Renamed"
    series.save()
    series_materialize(series=series, until=dt.date(2027, 1, 31), now=NOW)
    event.refresh_from_db()
    assert (event.is_customized, list(event.partners.all())) == (True, [partner])
    assert event.title != "Renamed"

    event.is_customized = False
    event_save(event=event, changed_fields=["is_customized"])
    series_materialize(series=series, until=dt.date(2027, 1, 31), now=NOW)
    event.refresh_from_db()
    assert (event.is_customized, event.title, list(event.partners.all())) == (False, "Renamed", [])


def test_crossing_edits_that_would_end_before_the_start_are_refused_clearly():
    event = factories.event()
    stale = Event.objects.get(pk=event.pk)
    moved = Event.objects.get(pk=event.pk)
    moved.start = event.end + dt.timedelta(hours=1)
    moved.end = event.end + dt.timedelta(hours=2)
    event_save(event=moved, changed_fields=["start", "end"])
    stale.end = event.end + dt.timedelta(minutes=30)  # still before the new start
    with pytest.raises(EventError) as refused:
        event_save(event=stale, changed_fields=["end"])
    assert refused.value.message == "The event must end after it starts."
    event.refresh_from_db()
    assert (event.start, event.end) == (moved.start, moved.end)


def _series_fields(**kw):
    return {
        "title": "Watch",
        "program": factories.program(),
        "venue": factories.venue(),
        "host": factories.organization(),
        "rrule": "FREQ=WEEKLY;BYDAY=TU",
        "start_date": dt.date(2027, 1, 1),
        "start_time": dt.time(18, 30),
        "duration": dt.timedelta(hours=1),
        **kw,
    }


@pytest.mark.parametrize(
    ("duration", "message"),
    [
        (dt.timedelta(hours=25), "One occurrence can last at most 24 hours."),
        (dt.timedelta(0), "The duration must be longer than zero, e.g. 1:30:00."),
    ],
)
def test_series_create_refuses_a_duration_outside_one_day(duration, message):
    with pytest.raises(EventError) as refused:
        series_create(**_series_fields(duration=duration))
    assert (refused.value.message, refused.value.field) == (message, "duration")
    assert EventSeries.objects.count() == 0


def test_series_save_refuses_a_duration_over_24_hours_and_keeps_the_row():
    series = series_create(**_series_fields())
    series.duration = dt.timedelta(hours=24, minutes=1)
    with pytest.raises(EventError, match="at most 24 hours"):
        series_save(series=series)
    assert EventSeries.objects.get().duration == dt.timedelta(hours=1)
    series.duration = dt.timedelta(hours=24)
    series_save(series=series)
    assert EventSeries.objects.get().duration == dt.timedelta(hours=24)


def test_series_create_refuses_a_bad_rule_next_to_the_field():
    with pytest.raises(EventError) as refused:
        series_create(**_series_fields(rrule="FREQ=HOURLY"))
    assert refused.value.field == "rrule"
    assert "daily, weekly, monthly or yearly" in refused.value.message


def test_the_database_refuses_a_series_of_25_hours():
    series = _weekly()
    with pytest.raises(IntegrityError), transaction.atomic():
        EventSeries.objects.filter(pk=series.pk).update(duration=dt.timedelta(hours=25))
    series.refresh_from_db()
    assert series.duration == dt.timedelta(hours=1)


def test_series_form_shows_the_duration_limit_next_to_the_field():
    form = EventSeriesForm(
        data={
            # Without the admin's translation tabs the form has the title as read in the
            # active language as well as each language's column.
            "title": "Watch",
            "title_en": "Watch",
            "program": factories.program().pk,
            "venue": factories.venue().pk,
            "host": factories.organization().pk,
            "timezone": "America/Los_Angeles",
            "max_party_size": 4,
            "visibility": "public",
            "promotion_cutoff_minutes": 120,
            "repeat_mode": "editor",
            "freq": "WEEKLY",
            "weekdays": ["TU"],
            "start_date": "2027-01-01",
            "start_time": "18:30",
            # An end before the start is past midnight; the same time would be 0 or 24 hours.
            "end_time": "18:30",
        }
    )
    assert form.errors == {
        "end_time": ["The end time is the start time: enter when each date ends."]
    }
