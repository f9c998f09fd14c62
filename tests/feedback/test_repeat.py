"""Repeat attendance: first-time and returning residents over a period, per program and
neighborhood, retention from one program to another; exact, and in the CSV."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from feedback.returning import repeat_report
from rsvp.models import Rsvp
from scheduler.models import Event
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
START, END = TODAY - dt.timedelta(days=60), TODAY - dt.timedelta(days=10)


def _on(day: int, program, hood, **kw):
    """An event `day` days into the period, at 6 PM."""
    start = timezone.make_aware(dt.datetime.combine(START + dt.timedelta(days=day), dt.time(18)))
    return factories.event(
        start=start, program=program, venue=factories.venue(neighborhood=hood), **kw
    )


def _came(event, attendee):
    rsvp = factories.rsvp(event, attendee=attendee)
    Rsvp.objects.filter(pk=rsvp.pk).update(checked_in_at=event.start, arrived=F("party_size"))


@pytest.fixture
def city():
    coffee = factories.program(name="Coffee with a Cop")
    watch = factories.program(name="Neighborhood Watch")
    north = factories.neighborhood(name="North")
    south = factories.neighborhood(name="South")
    r1, r2, r3, r4 = (factories.attendee(email=f"r{i}@example.org") for i in range(1, 5))
    before = _on(-10, coffee, north)  # before the period
    c5, c25 = _on(5, coffee, north), _on(25, coffee, north)
    w10, w20 = _on(10, watch, south), _on(20, watch, south)
    after = _on(55, watch, south)  # after the period's end
    gone = _on(15, watch, south, status=Event.Status.CANCELLED)
    _came(before, r1)
    _came(c5, r1)  # returning (came before the period); then Watch
    _came(w10, r1)
    _came(c5, r2)  # first-time; then Watch, as a walk-in matched by e-mail
    factories.walkin(w20, email="R2@Example.org", contact_consent_at=w20.start)
    _came(c5, r3)  # first-time; back to Coffee later; Watch only after the period
    _came(c25, r3)
    _came(after, r3)
    _came(gone, r3)
    # First visit at an RSVP since erased (kept on the mailbox): returning.
    r4.first_attended_at = before.start - dt.timedelta(days=5)
    r4.save()
    _came(w10, r4)
    factories.walkin(w20, email="new@example.org", contact_consent_at=w20.start)  # first-time
    factories.walkin(w20, email="no-consent@example.org")  # not followed: no consent
    factories.walkin(w20, head_count=4)
    rsvp = factories.rsvp(w20, headcount=True)
    Rsvp.objects.filter(pk=rsvp.pk).update(checked_in_at=w20.start, arrived=1)
    factories.rsvp(w20, attendee=factories.attendee())  # RSVPed, did not come
    return coffee, watch


def _split(s):
    return (s.label, s.residents, s.first_time, s.returning)


def test_first_time_returning_and_retention_are_exact(city):
    report = repeat_report(factories.user("coordinator"), start=START, end=END)
    assert _split(report.total) == ("All events", 5, 3, 2)
    assert [_split(s) for s in report.programs] == [
        ("Coffee with a Cop", 3, 2, 1),
        ("Neighborhood Watch", 4, 2, 2),
    ]
    assert [_split(s) for s in report.neighborhoods] == [("North", 3, 2, 1), ("South", 4, 2, 2)]
    assert [(r.source, r.target, r.cohort, r.came, r.percent) for r in report.retention] == [
        ("Coffee with a Cop", "Coffee with a Cop", 3, 1, "33%"),
        ("Coffee with a Cop", "Neighborhood Watch", 3, 2, "67%"),
        ("Neighborhood Watch", "Coffee with a Cop", 4, 0, "0%"),
        ("Neighborhood Watch", "Neighborhood Watch", 4, 0, "0%"),
    ]


def test_the_page_and_the_csv(client, city):
    client.force_login(factories.user("coordinator"))
    query = f"start={START}&end={END}"
    page = client.get(f"/officers/reports/returning/?{query}")
    assert page.status_code == 200
    assert "2 (67%)" in page.content.decode()
    response = client.get(f"/officers/reports/returning.csv?{query}")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        [
            "grouping",
            "group",
            "then attended program",
            "residents",
            "first-time residents",
            "returning residents",
            "attended it later",
        ],
        ["total", "All events", "", "5", "3", "2", ""],
        ["program", "Coffee with a Cop", "", "3", "2", "1", ""],
        ["program", "Neighborhood Watch", "", "4", "2", "2", ""],
        ["neighborhood", "North", "", "3", "2", "1", ""],
        ["neighborhood", "South", "", "4", "2", "2", ""],
        ["retention", "Coffee with a Cop", "Coffee with a Cop", "3", "", "", "1"],
        ["retention", "Coffee with a Cop", "Neighborhood Watch", "3", "", "", "2"],
        ["retention", "Neighborhood Watch", "Coffee with a Cop", "4", "", "", "0"],
        ["retention", "Neighborhood Watch", "Neighborhood Watch", "4", "", "", "0"],
    ]
    assert client.get("/officers/reports/returning.csv?start=2026-13-01").status_code == 400


def test_an_officer_sees_the_figures_of_their_own_events(city):
    coffee, watch = city
    officer = factories.user("officer")
    for event in Event.objects.filter(program=watch, status=Event.Status.SCHEDULED):
        event.officers.add(officer)
    report = repeat_report(officer, start=START, end=END)
    assert _split(report.total) == ("All events", 4, 2, 2)
    assert [_split(s) for s in report.programs] == [("Neighborhood Watch", 4, 2, 2)]


def test_the_page_makes_the_same_queries_for_more_residents(client, city):
    coffee, watch = city
    client.force_login(factories.user("coordinator"))

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert (
                client.get(f"/officers/reports/returning/?start={START}&end={END}").status_code
                == 200
            )
        return len(ctx.captured_queries)

    before = count()
    hood = factories.neighborhood(name="East")
    for day in (30, 31, 32):
        event = _on(day, factories.program(), hood)
        for _ in range(4):
            _came(event, factories.attendee())
        factories.walkin(event, email=f"w{day}@example.org", contact_consent_at=event.start)
    assert count() == before
