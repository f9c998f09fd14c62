import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from demo.build import city_build
from demo.riverside import RIVERSIDE
from rsvp.models import Attendee, Rsvp
from scheduler.models import Event, EventSeries, Neighborhood, Organization, Program, Venue
from tests import factories
from tests.demo.summary import city_summary

pytestmark = pytest.mark.django_db

# What the command built before its data became records (issue "One house"), for a `now` far
# enough ahead that the services see every event of the build in the future on any test day.
RECORDED = json.loads(Path(__file__).with_name("riverside.json").read_text())
RECORDED_NOW = dt.datetime.fromisoformat(RECORDED.pop("now"))


def _build_recorded_city() -> list[str]:
    said: list[str] = []
    city_build(city=RIVERSIDE, now=RECORDED_NOW, say=said.append)
    return said


def test_demo_data_builds_the_city_it_always_built():
    _build_recorded_city()
    assert city_summary(today=timezone.localdate(RECORDED_NOW)) == RECORDED


def test_demo_data_says_what_it_built_step_by_step():
    assert _build_recorded_city() == [
        "7 programs",
        "9 organizations",
        "6 neighborhoods, 12 venues",
        "5 logins",
        "series “Coffee with a Cop at Common Grounds”: 52 created, 0 updated, 0 cancelled, "
        "0 deleted",
        "series “Eastside Neighborhood Watch meeting”: 12 created, 0 updated, 0 cancelled, "
        "0 deleted",
        "7 one-off events (1 cancelled); 8 head-count RSVPs",
        "24 RSVPs from demo residents; waitlisted: Personal Safety Workshop for seniors (3)",
        "18 events already held, with check-ins and walk-ins (for the reports)",
    ]


def test_demo_data_built_twice_is_the_same_city_and_mails_nobody_again():
    _build_recorded_city()
    said = _build_recorded_city()
    assert city_summary(today=timezone.localdate(RECORDED_NOW)) == RECORDED
    assert said[-3:] == [
        "7 one-off events (1 cancelled); 0 head-count RSVPs",
        "0 RSVPs from demo residents; waitlisted: Personal Safety Workshop for seniors (3)",
        "0 events already held, with check-ins and walk-ins (for the reports)",
    ]


def _counts() -> list[int]:
    models = (Program, Organization, Neighborhood, Venue, EventSeries, Event, Attendee, Rsvp)
    return [model.objects.count() for model in models]


def test_demo_data_builds_the_city_and_is_idempotent():
    out = io.StringIO()
    call_command("demo_data", stdout=out)
    counts = _counts()
    summary = city_summary(today=timezone.localdate())
    call_command("demo_data", verbosity=0, stdout=io.StringIO())
    assert _counts() == counts
    assert city_summary(today=timezone.localdate()) == summary
    assert counts[:5] == [7, 9, 6, 12, 2]
    partner_kinds = ["school", "neighborhood", "nonprofit", "library"]
    assert Organization.objects.filter(kind__in=partner_kinds).count() == 6
    assert Event.objects.filter(status="cancelled").count() == 1
    assert Rsvp.objects.filter(status="waitlisted").count() == 3
    lines = out.getvalue().splitlines()
    assert (lines[0], len(lines), lines[-1]) == (
        "Building the demo city of Riverside…",
        11,
        f"Demo data ready: {counts[5]} events, 5 logins (password 'porchlight').",
    )


def test_demo_data_if_empty_leaves_existing_data_alone():
    factories.program(name="Existing")
    out = io.StringIO()
    call_command("demo_data", "--if-empty", stdout=out)
    assert list(Program.objects.values_list("name", flat=True)) == ["Existing"]
    assert out.getvalue() == "Demo data: the database already has data; leaving it as it is.\n"
