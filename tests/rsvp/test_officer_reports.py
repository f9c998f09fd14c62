"""Attendance reports: figures per program, neighborhood, organization and month."""

import csv
import datetime as dt
import io
import re

import pytest
from django.db.models import F
from django.utils import timezone

from rsvp.models import Rsvp
from rsvp.officers.reports import report_build
from tests import factories

pytestmark = pytest.mark.django_db

TZ = timezone.get_fixed_timezone(-8 * 60)


def _held(day: dt.date, **kw):
    start = dt.datetime.combine(day, dt.time(18, 0), tzinfo=TZ)
    return factories.event(start=start, **kw)


def _came(event, attendee=None, party_size=1):
    rsvp = factories.rsvp(event, attendee=attendee, party_size=party_size)
    Rsvp.objects.filter(pk=rsvp.pk).update(checked_in_at=event.start, arrived=F("party_size"))
    return rsvp


def _by(report, key) -> dict[str, tuple]:
    return {
        row.label: (
            row.events,
            row.rsvps,
            row.attended,
            row.walkins,
            row.no_show_percent,
            row.first_time,
            row.returning,
        )
        for row in report.groups[key]
    }


@pytest.fixture
def city():
    coffee = factories.program(name="Coffee with a Cop")
    watch = factories.program(name="Neighborhood Watch")
    east = factories.venue(neighborhood=factories.neighborhood(name="Eastside"))
    west = factories.venue(neighborhood=factories.neighborhood(name="Westside"))
    pd = factories.organization(name="Riverside PD")
    library = factories.organization(name="Eastside Library")
    ana, ben = factories.attendee(), factories.attendee()

    # October: coffee in Eastside with the library; Ana comes for the first time, Ben
    # RSVPs for 2 and does not come, 3 walk-ins.
    oct_coffee = _held(
        dt.date(2025, 10, 8), program=coffee, venue=east, host=pd, partners=[library]
    )
    _came(oct_coffee, ana)
    factories.rsvp(oct_coffee, attendee=ben, party_size=2)
    factories.walkin(oct_coffee, head_count=3)
    # November: watch meeting in Westside; Ana returns, Ben comes for the first time.
    nov_watch = _held(dt.date(2025, 11, 12), program=watch, venue=west, host=pd)
    _came(nov_watch, ana)
    _came(nov_watch, ben, party_size=2)
    # Not counted: cancelled, not yet held, outside the range, waitlisted and cancelled RSVPs.
    cancelled = _held(dt.date(2025, 11, 20), program=coffee, venue=east, host=pd)
    cancelled.status = "cancelled"
    cancelled.save()
    _came(cancelled)
    factories.rsvp(nov_watch, status="waitlisted")
    factories.rsvp(nov_watch, status="cancelled")
    factories.event(program=coffee, venue=east, host=pd)  # next week
    _held(dt.date(2024, 1, 5), program=coffee, venue=east, host=pd)
    return {"pd": pd, "library": library, "oct": oct_coffee, "nov": nov_watch}


def test_report_groups_by_program_neighborhood_organization_and_month(city):
    coordinator = factories.user("coordinator")
    report = report_build(coordinator, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))

    total = report.total
    assert (total.events, total.rsvps, total.expected, total.attended, total.walkins) == (
        2,
        4,
        6,
        4,
        3,
    )
    assert (total.no_shows, total.no_show_percent, total.first_time, total.returning) == (
        2,
        "33%",
        2,
        1,
    )
    assert _by(report, "program") == {
        "Coffee with a Cop": (1, 2, 1, 3, "67%", 1, 0),
        "Neighborhood Watch": (1, 2, 3, 0, "0%", 1, 1),
    }
    assert _by(report, "neighborhood") == {
        "Eastside": (1, 2, 1, 3, "67%", 1, 0),
        "Westside": (1, 2, 3, 0, "0%", 1, 1),
    }
    assert _by(report, "organization") == {
        "Eastside Library": (1, 2, 1, 3, "67%", 1, 0),
        "Riverside PD": (2, 4, 4, 3, "33%", 2, 1),
    }
    assert _by(report, "month") == {
        "October 2025": (1, 2, 1, 3, "67%", 1, 0),
        "November 2025": (1, 2, 3, 0, "0%", 1, 1),
    }
    assert [row.label for row in report.groups["month"]] == ["October 2025", "November 2025"]


def test_head_counts_are_counted_but_never_first_time_nor_returning():
    """A head count is a number of people: nobody is followed from one event to the next."""
    event = _held(dt.date(2025, 3, 4), program=factories.program(), venue=factories.venue())
    _came(event, factories.attendee())
    counted = factories.rsvp(event, headcount=True, party_size=3)
    Rsvp.objects.filter(pk=counted.pk).update(checked_in_at=event.start, arrived=F("party_size"))
    total = report_build(
        factories.user("coordinator"), start=dt.date(2025, 3, 1), end=dt.date(2025, 3, 31)
    ).total
    assert (total.rsvps, total.expected, total.attended, total.first_time, total.returning) == (
        2,
        4,
        4,
        1,
        0,
    )


def test_report_covers_only_the_events_the_user_may_see(city):
    library_staff = factories.user("partner", organization_=city["library"], roster_access=True)
    report = report_build(library_staff, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    assert list(_by(report, "program")) == ["Coffee with a Cop"]
    assert report.total.events == 1


def test_reports_page_draws_svg_charts_and_filters_by_date(client, city):
    client.force_login(factories.user("coordinator"))
    response = client.get("/officers/reports/?start=2025-11-01&end=2025-11-30")
    assert response.status_code == 200
    assert response.context["report"].total.events == 1
    body = response.content.decode()
    assert body.count('<svg class="chart"') == 4
    assert '<rect x="165" y="0" width="' in body
    assert "<script" not in body.split("<main", 1)[1]  # charts need no script
    # Each chart's numbers are also a table, in a sideways-scrolling region the keyboard
    # reaches and a screen reader names after its heading.
    regions = re.findall(
        r'<div class="table-scroll" tabindex="0" role="region" aria-labelledby="([^"]+)">', body
    )
    assert regions == ["by-program-h", "by-neighborhood-h", "by-organization-h", "by-month-h"]
    for heading in regions:
        assert f'<h2 id="{heading}">' in body


@pytest.mark.parametrize(
    "query, message",
    [
        ("start=2025-12-01&end=2025-01-01", "The first day must be on or before the last day."),
        ("start=not-a-date", "Enter the first day as YYYY-MM-DD."),
        ("end=0001-01-01", "Choose days between 1990 and 2200."),
        ("start=9999-12-31&end=9999-12-31", "Choose days between 1990 and 2200."),
    ],
)
def test_reports_bad_dates_are_clear_messages(client, city, query, message):
    client.force_login(factories.user("coordinator"))
    response = client.get(f"/officers/reports/?{query}")
    assert response.status_code == 200
    assert message in response.content.decode()
    csv_response = client.get(f"/officers/reports.csv?{query}")
    assert csv_response.status_code == 400
    assert csv_response.content.decode() == message


def test_reports_csv_download(client, city):
    client.force_login(factories.user("coordinator"))
    response = client.get("/officers/reports.csv?start=2025-01-01&end=2025-12-31")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="attendance-report-2025-01-01-2025-12-31.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode()[1:])))
    assert rows[0][:4] == ["grouping", "group", "events held", "RSVPs"]
    assert rows[1] == ["total", "All events", "2", "4", "6", "4", "3", "7", "2", "0.333", "2", "1"]
    assert [row[:2] for row in rows[2:]] == [
        ["program", "Coffee with a Cop"],
        ["program", "Neighborhood Watch"],
        ["neighborhood", "Eastside"],
        ["neighborhood", "Westside"],
        ["organization", "Eastside Library"],
        ["organization", "Riverside PD"],
        ["month", "October 2025"],
        ["month", "November 2025"],
    ]


@pytest.mark.parametrize("url", ["/officers/reports/", "/officers/reports.csv"])
def test_reports_query_count_flat_at_10_and_500_rsvps(client, url, get_queries):
    officer = factories.user("officer")
    program, venue, host = factories.program(), factories.venue(), factories.organization()
    partner = factories.organization()
    now = timezone.now()

    def make(count):
        event = factories.event(
            program=program,
            venue=venue,
            host=host,
            partners=[partner],
            officers=[officer],
            start=now - dt.timedelta(days=3),
        )
        for i in range(count):
            if i % 2:
                _came(event)
            else:
                factories.rsvp(event)
        factories.walkin(event, head_count=2)

    client.force_login(officer)
    make(10)
    get_queries(client, url)
    few = get_queries(client, url)
    make(490)
    many = get_queries(client, url)
    assert few == many
    print(f"{url}: {few} queries at 10 and 500 RSVPs")


def test_each_chart_has_a_text_summary_and_patterns_besides_colours(client, city):
    client.force_login(factories.user("coordinator"))
    body = client.get("/officers/reports/?start=2025-10-01&end=2025-11-30").content.decode()
    summaries = dict(
        re.findall(r'<p class="chart-summary" id="chart-(\w+)-summary">([^<]+)</p>', body)
    )
    assert summaries["program"] == (
        "Coffee with a Cop drew the most people: 4 people, walk-ins included (3). "
        "Highest no-show rate: Coffee with a Cop, 67%."
    )
    assert summaries["month"] == (
        "October 2025 drew the most people: 4 people, walk-ins included (3). "
        "Highest no-show rate: October 2025, 67%."
    )
    assert body.count('aria-describedby="chart-program-summary"') == 1
    fills = set(re.findall(r'<rect [^>]*fill="url\(#([\w-]+)\)"', body))
    assert fills == {"chart-attended-fill", "chart-walkins-fill", "chart-noshows-fill"}
    for fill in fills:
        assert f'<pattern id="{fill}"' in body
