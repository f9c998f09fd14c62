"""The series editor's rules to RRULE and back, with DST across the preview; the admin's
series form built on them (editor and expert modes, start and end times, skipped dates,
"Preview dates" without JavaScript) and its JSON preview."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import translation

from scheduler import repeats
from scheduler.models import EventSeries, SeriesExclusion
from scheduler.repeats import Rules, preview_dates, rrule_to_rules, rules_to_rrule
from scheduler.series_editor import preview
from scheduler.services import series_materialize
from tests import factories
from tests.scheduler.admin_support import coordinator, form_values

# Materialized as seen from before the series starts, far enough for every test's dates.
NOW, UNTIL = dt.datetime(2029, 12, 1, tzinfo=dt.UTC), dt.date(2030, 3, 31)
START = {"start_date": dt.date(2030, 1, 1), "start_time": dt.time(18, 30)}  # a Tuesday

ROUND_TRIPS = [
    (Rules(freq="DAILY"), "FREQ=DAILY"),
    (Rules(freq="DAILY", interval=3, ends="count", count=5), "FREQ=DAILY;INTERVAL=3;COUNT=5"),
    (Rules(freq="WEEKLY", weekdays=("TU",)), "FREQ=WEEKLY;BYDAY=TU"),
    (
        Rules(freq="WEEKLY", interval=2, weekdays=("MO", "TH")),
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
    ),
    (
        Rules(freq="WEEKLY", weekdays=("SA",), ends="until", until=dt.date(2030, 6, 29)),
        "FREQ=WEEKLY;BYDAY=SA;UNTIL=20300629T235959",
    ),
    (Rules(freq="MONTHLY", month_day=15), "FREQ=MONTHLY;BYMONTHDAY=15"),
    (
        Rules(freq="MONTHLY", monthly_by="weekday", position=2, position_weekday="WE"),
        "FREQ=MONTHLY;BYDAY=2WE",
    ),
    (
        Rules(
            freq="MONTHLY",
            interval=2,
            monthly_by="weekday",
            position=-1,
            position_weekday="TH",
            ends="count",
            count=6,
        ),
        "FREQ=MONTHLY;INTERVAL=2;BYDAY=-1TH;COUNT=6",
    ),
]


@pytest.mark.parametrize(("rules", "rule"), ROUND_TRIPS, ids=[r for _, r in ROUND_TRIPS])
def test_rules_to_rrule_and_back(rules, rule):
    assert rules_to_rrule(rules) == rule
    assert rrule_to_rules(rule, **START) == rules


@pytest.mark.parametrize(
    ("rule", "rules"),
    [
        # What other tools write, read as the editor says it.
        ("RRULE:freq=weekly", Rules(freq="WEEKLY", weekdays=("TU",))),
        ("FREQ=MONTHLY", Rules(freq="MONTHLY", month_day=1)),
        ("FREQ=WEEKLY;BYDAY=TH,MO;WKST=MO", Rules(freq="WEEKLY", weekdays=("MO", "TH"))),
        ("FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR", Rules(freq="WEEKLY", weekdays=repeats.WEEKDAYS[:5])),
        # A bare UNTIL date is midnight: a 6:30 pm series ends the day before it.
        (
            "FREQ=WEEKLY;BYDAY=TU;UNTIL=20300312",
            Rules(freq="WEEKLY", weekdays=("TU",), ends="until", until=dt.date(2030, 3, 11)),
        ),
        (
            "FREQ=WEEKLY;BYDAY=TU;UNTIL=20300313T023000Z",
            Rules(freq="WEEKLY", weekdays=("TU",), ends="until", until=dt.date(2030, 3, 12)),
        ),
    ],
)
def test_rrules_written_elsewhere_open_in_the_editor(rule, rules):
    assert rrule_to_rules(rule, **START) == rules


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=YEARLY",
        "FREQ=MONTHLY;BYDAY=WE;BYSETPOS=2",
        "FREQ=MONTHLY;BYDAY=5WE",
        "FREQ=MONTHLY;BYDAY=1MO,3MO",
        "FREQ=MONTHLY;BYMONTHDAY=-1",
        "FREQ=WEEKLY;BYDAY=MO;BYMONTH=6",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;WKST=SU",
        "FREQ=DAILY;INTERVAL=2;BYDAY=MO",
        "FREQ=WEEKLY;INTERVAL=120",
        "FREQ=HOURLY",
        "not a rule",
    ],
)
def test_rules_the_editor_cannot_say_open_in_expert_mode(rule):
    assert rrule_to_rules(rule, **START) is None


def _preview(rule, *, start_date, after, time=dt.time(18, 30), zone="America/Los_Angeles"):
    rows, more = preview_dates(
        rule=rule,
        start_date=start_date,
        start_time=time,
        duration=dt.timedelta(hours=1, minutes=30),
        timezone=zone,
        skipped={dt.date(2030, 3, 19)},
        after=after,
        limit=4,
    )
    return [
        (
            r.day.isoformat(),
            r.start.isoformat(),
            r.end.isoformat(),
            r.skipped,
            r.zone_before.isoformat() if r.zone_before else None,
        )
        for r in rows
    ], more


def test_the_preview_keeps_the_wall_time_across_the_spring_clock_change():
    # US clocks go forward on Sunday 10 March 2030.
    rows, more = _preview(
        "FREQ=WEEKLY;BYDAY=TU", start_date=dt.date(2030, 1, 1), after=dt.date(2030, 2, 27)
    )
    assert rows == [
        ("2030-03-05", "2030-03-05T18:30:00-08:00", "2030-03-05T20:00:00-08:00", False, None),
        (
            "2030-03-12",
            "2030-03-12T18:30:00-07:00",
            "2030-03-12T20:00:00-07:00",
            False,
            "2030-03-05T18:30:00-08:00",
        ),
        ("2030-03-19", "2030-03-19T18:30:00-07:00", "2030-03-19T20:00:00-07:00", True, None),
        ("2030-03-26", "2030-03-26T18:30:00-07:00", "2030-03-26T20:00:00-07:00", False, None),
    ]
    assert more is True


def test_the_preview_ends_with_the_count_and_a_start_in_the_spring_gap_moves_an_hour_on():
    rows, more = _preview(
        "FREQ=MONTHLY;BYDAY=2SU;COUNT=3",
        start_date=dt.date(2030, 2, 1),
        after=dt.date(2030, 1, 1),
        time=dt.time(2, 30),
    )
    # 2:30 am on 10 March 2030 does not exist: it is 3:30 am PDT, as the rows will be.
    assert rows == [
        ("2030-02-10", "2030-02-10T02:30:00-08:00", "2030-02-10T04:00:00-08:00", False, None),
        (
            "2030-03-10",
            "2030-03-10T03:30:00-07:00",
            "2030-03-10T04:00:00-07:00",
            False,
            "2030-02-10T02:30:00-08:00",
        ),
        ("2030-04-14", "2030-04-14T02:30:00-07:00", "2030-04-14T04:00:00-07:00", False, None),
    ]
    assert more is False


def test_the_preview_says_when_clocks_change_in_the_coordinators_language():
    schedule = {
        "rule": "FREQ=WEEKLY;BYDAY=SU;COUNT=3",
        "start_date": dt.date(2030, 10, 27),
        "start_time": dt.time(10, 0),
        "duration": dt.timedelta(hours=1),
        "timezone": "America/Los_Angeles",
        "skipped": frozenset({dt.date(2030, 11, 10)}),
    }
    with translation.override("en"):
        shown = preview(schedule, today=dt.date(2030, 10, 1))
    assert shown == {
        "rule": "FREQ=WEEKLY;BYDAY=SU;COUNT=3",
        "summary": "The last dates of the series, in America/Los_Angeles:",
        "dates": [
            {
                "date": "2030-10-27",
                "text": "Sun, Oct 27, 2030 · 10:00–11:00 AM PDT",
                "note": "",
                "skipped": False,
                "skipped_text": "",
            },
            {
                "date": "2030-11-03",
                "text": "Sun, Nov 3, 2030 · 10:00–11:00 AM PST",
                "note": "clocks change: PDT → PST",
                "skipped": False,
                "skipped_text": "",
            },
            {
                "date": "2030-11-10",
                "text": "Sun, Nov 10, 2030 · 10:00–11:00 AM PST",
                "note": "",
                "skipped": True,
                "skipped_text": "skipped",
            },
        ],
        "more": False,
    }


# --- The admin's series form -------------------------------------------------------------


@pytest.fixture
def admin_client(client):
    client.force_login(coordinator())
    return client


def _add_values(client, **changes) -> tuple[str, dict[str, list[str]]]:
    program, venue, host = factories.program(), factories.venue(), factories.organization()
    url = f"/admin/scheduler/eventseries/add/?program={program.pk}"
    values = form_values(client.get(url).content.decode())
    values.update(
        title_en=["Watch meeting"],
        venue=[str(venue.pk)],
        host=[str(host.pk)],
        start_date=["2030-01-01"],
        start_time=["18:30"],
        end_time=["19:45"],
    )
    values.update(
        {name: value if isinstance(value, list) else [value] for name, value in changes.items()}
    )
    return url, values


def _errors(response) -> dict:
    return {
        name: list(errors) for name, errors in response.context["adminform"].form.errors.items()
    }


@pytest.mark.django_db
def test_the_second_wednesday_is_saved_as_its_rrule_with_the_duration_of_its_two_times(
    admin_client,
):
    url, values = _add_values(
        admin_client,
        freq="MONTHLY",
        monthly_by="weekday",
        position="2",
        position_weekday="WE",
        ends="count",
        count="3",
    )
    response = admin_client.post(url, values)
    assert response.status_code == 302, _errors(response)
    series = EventSeries.objects.get()
    assert (series.rrule, series.duration) == (
        "FREQ=MONTHLY;BYDAY=2WE;COUNT=3",
        dt.timedelta(minutes=75),
    )
    series_materialize(series=series, until=UNTIL, now=NOW)
    assert list(series.occurrences.values_list("occurrence_date", flat=True)) == [
        dt.date(2030, 1, 9),
        dt.date(2030, 2, 13),
        dt.date(2030, 3, 13),
    ]


@pytest.mark.django_db
def test_an_end_before_the_start_ends_after_midnight_and_skipped_dates_are_kept_out(admin_client):
    url, values = _add_values(
        admin_client,
        freq="WEEKLY",
        weekdays=["TU", "FR"],
        ends="until",
        until="2030-01-11",
        start_time="22:00",
        end_time="01:30",
        skip_dates="2030-01-04\n2030-01-08",
    )
    response = admin_client.post(url, values)
    assert response.status_code == 302, _errors(response)
    series = EventSeries.objects.get()
    assert (series.rrule, series.duration) == (
        "FREQ=WEEKLY;BYDAY=TU,FR;UNTIL=20300111T235959",
        dt.timedelta(hours=3, minutes=30),
    )
    assert sorted(SeriesExclusion.objects.values_list("occurrence_date", flat=True)) == [
        dt.date(2030, 1, 4),
        dt.date(2030, 1, 8),
    ]
    series_materialize(series=series, until=UNTIL, now=NOW)
    assert list(series.occurrences.values_list("occurrence_date", flat=True)) == [
        dt.date(2030, 1, 1),
        dt.date(2030, 1, 11),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"freq": "WEEKLY"}, {"weekdays": ["Choose at least one weekday."]}),
        (
            {"freq": "MONTHLY", "monthly_by": "date", "month_day": ""},
            {"month_day": ["Enter the day of the month, 1 to 31."]},
        ),
        (
            {"freq": "DAILY", "ends": "until", "until": ""},
            {"until": ["Enter the last date, or choose another way for the series to end."]},
        ),
        (
            {"freq": "DAILY", "ends": "until", "until": "2029-12-31"},
            {"until": ["The last date is before the start date: choose a later one."]},
        ),
        (
            {"freq": "DAILY", "ends": "count", "count": ""},
            {"count": ["Enter how many times the series meets."]},
        ),
        (
            {"freq": "DAILY", "end_time": "18:30"},
            {"end_time": ["The end time is the start time: enter when each date ends."]},
        ),
        (
            {"freq": "WEEKLY", "weekdays": ["TU"], "skip_dates": "2030-01-02"},
            {
                "skip_dates": [
                    "The series does not meet on 2030-01-02, so it cannot be skipped: check "
                    "the date against the preview."
                ]
            },
        ),
        (
            {"freq": "DAILY", "skip_dates": "next week"},
            {"skip_dates": ["“next” is not a date: write dates like 2030-12-24, one a line."]},
        ),
        (
            {"repeat_mode": "expert", "rrule": "every second Wednesday"},
            {"rrule": ["The rule needs a FREQ, for example FREQ=WEEKLY;BYDAY=TU."]},
        ),
    ],
)
def test_the_editor_says_what_to_fix_and_saves_nothing(admin_client, changes, errors):
    url, values = _add_values(admin_client, **changes)
    response = admin_client.post(url, values)
    assert response.status_code == 200
    assert _errors(response) == errors
    assert EventSeries.objects.count() == 0


@pytest.mark.django_db
def test_the_errors_are_in_the_coordinators_language(admin_client):
    url, values = _add_values(admin_client, freq="DAILY", interval="0")
    admin_client.cookies["django_language"] = "es"
    response = admin_client.post(url, values)
    assert _errors(response) == {"interval": ["Asegúrese de que este valor sea mayor o igual a 1."]}


@pytest.mark.django_db
def test_expert_mode_saves_the_rule_as_typed(admin_client):
    url, values = _add_values(
        admin_client, repeat_mode="expert", rrule="FREQ=YEARLY;BYMONTH=7;BYMONTHDAY=4"
    )
    response = admin_client.post(url, values)
    assert response.status_code == 302, _errors(response)
    assert EventSeries.objects.get().rrule == "FREQ=YEARLY;BYMONTH=7;BYMONTHDAY=4"


@pytest.mark.django_db
def test_preview_dates_without_javascript_shows_the_dates_and_saves_nothing(admin_client):
    url, values = _add_values(
        admin_client,
        title_en=[""],  # not filled in yet: no error for it while previewing
        start_date="2030-02-19",
        freq="WEEKLY",
        weekdays=["TU"],
        skip_dates="2030-03-19",
        _preview="1",
    )
    with translation.override("en"):
        response = admin_client.post(url, values)
    assert response.status_code == 200
    assert _errors(response) == {}
    assert EventSeries.objects.count() == 0
    shown = response.context["series_preview"]
    assert shown["rule"] == "FREQ=WEEKLY;BYDAY=TU"
    assert [(d["date"], d["note"], d["skipped"]) for d in shown["dates"][:6]] == [
        ("2030-02-19", "", False),
        ("2030-02-26", "", False),
        ("2030-03-05", "", False),
        ("2030-03-12", "clocks change: PST → PDT", False),
        ("2030-03-19", "", True),
        ("2030-03-26", "", False),
    ]
    page = response.content.decode()
    assert "Tue, Mar 12, 2030 · 6:30–7:45 PM PDT" in page
    assert "clocks change: PST → PDT" in page


@pytest.mark.django_db
def test_preview_dates_shows_only_the_editors_errors(admin_client):
    url, values = _add_values(admin_client, title_en=[""], freq="WEEKLY", _preview="1")
    response = admin_client.post(url, values)
    assert _errors(response) == {"weekdays": ["Choose at least one weekday."]}
    assert response.context["series_preview"] is None


@pytest.mark.django_db
def test_a_saved_series_opens_in_the_editor_or_in_expert_mode(admin_client):
    weekly = factories.series(
        rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;UNTIL=20300630T235959",
        start_date=dt.date(2030, 1, 6),
        start_time=dt.time(18, 30),
        duration=dt.timedelta(hours=2),
    )
    SeriesExclusion.objects.create(series=weekly, occurrence_date=dt.date(2030, 1, 9))
    yearly = factories.series(rrule="FREQ=YEARLY;BYMONTH=7", start_date=dt.date(2030, 7, 4))

    def opened(series):
        page = admin_client.get(f"/admin/scheduler/eventseries/{series.pk}/change/")
        values = form_values(page.content.decode())
        names = ["repeat_mode", "freq", "interval", "weekdays", "ends", "until", "end_time"]
        return {name: values.get(name) for name in [*names, "skip_dates", "rrule"]}

    assert opened(weekly) == {
        "repeat_mode": ["editor"],
        "freq": ["WEEKLY"],
        "interval": ["2"],
        "weekdays": ["MO", "TH"],
        "ends": ["until"],
        "until": ["2030-06-30"],
        "end_time": ["20:30:00"],
        "skip_dates": ["2030-01-09"],
        "rrule": ["FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;UNTIL=20300630T235959"],
    }
    assert opened(yearly)["repeat_mode"] == ["expert"]
    assert opened(yearly)["rrule"] == ["FREQ=YEARLY;BYMONTH=7"]


@pytest.mark.django_db
def test_saving_a_series_unchanged_keeps_its_rule_and_a_date_unskipped_meets_again(admin_client):
    series = factories.series(
        rrule="FREQ=WEEKLY;BYDAY=TU", start_date=dt.date(2030, 1, 1), duration=dt.timedelta(hours=1)
    )
    SeriesExclusion.objects.create(series=series, occurrence_date=dt.date(2030, 1, 8))
    url = f"/admin/scheduler/eventseries/{series.pk}/change/"
    values = form_values(admin_client.get(url).content.decode())
    response = admin_client.post(url, values)
    assert response.status_code == 302, _errors(response)
    series.refresh_from_db()
    assert (series.rrule, series.duration) == ("FREQ=WEEKLY;BYDAY=TU", dt.timedelta(hours=1))
    assert list(series.exclusions.values_list("occurrence_date", flat=True)) == [
        dt.date(2030, 1, 8)
    ]

    values = form_values(admin_client.get(url).content.decode())
    values["skip_dates"] = [""]
    response = admin_client.post(url, values)
    assert response.status_code == 302, _errors(response)
    assert list(series.exclusions.all()) == []
    series_materialize(series=series, until=UNTIL, now=NOW)
    assert series.occurrences.filter(occurrence_date=dt.date(2030, 1, 8)).exists()


# --- The live preview's JSON -------------------------------------------------------------

PREVIEW = "/admin/scheduler/eventseries/preview/"


@pytest.mark.django_db
def test_the_json_preview_computes_what_the_page_would(admin_client):
    query = {
        "start_date": "2030-03-01",
        "start_time": "18:30",
        "end_time": "20:00",
        "timezone": "America/Los_Angeles",
        "repeat_mode": "editor",
        "freq": "MONTHLY",
        "monthly_by": "weekday",
        "position": "-1",
        "position_weekday": "TH",
        "ends": "count",
        "count": "2",
    }
    with translation.override("en"):
        response = admin_client.get(PREVIEW, query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "errors": {},
        "rule": "FREQ=MONTHLY;BYDAY=-1TH;COUNT=2",
        "summary": "The last dates of the series, in America/Los_Angeles:",
        "dates": [
            {
                "date": "2030-03-28",
                "text": "Thu, Mar 28, 2030 · 6:30–8:00 PM PDT",
                "note": "",
                "skipped": False,
                "skipped_text": "",
            },
            {
                "date": "2030-04-25",
                "text": "Thu, Apr 25, 2030 · 6:30–8:00 PM PDT",
                "note": "",
                "skipped": False,
                "skipped_text": "",
            },
        ],
        "more": False,
    }
    refused = admin_client.get(PREVIEW, {**query, "freq": "WEEKLY"})
    assert refused.json()["errors"] == {"weekdays": ["Choose at least one weekday."]}


@pytest.mark.django_db
def test_the_json_preview_is_for_staff_and_only_answers_get(admin_client):
    stranger = Client()
    assert stranger.get(PREVIEW).status_code == 302  # to the admin's sign-in
    stranger.force_login(factories.user())
    assert stranger.get(PREVIEW).status_code == 302
    assert admin_client.post(PREVIEW, {}).status_code == 405
    assert admin_client.get(PREVIEW, {"freq": "DAILY"}).json()["dates"] == []
    assert EventSeries.objects.count() == 0
