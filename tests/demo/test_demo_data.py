import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone, translation

from demo.build import city_build
from demo.riverside import RIVERSIDE
from rsvp.models import Attendee, Rsvp
from scheduler.models import (
    Event,
    EventLanguage,
    EventSeries,
    Neighborhood,
    Organization,
    Program,
    Venue,
)
from scheduler.permissions import can_view_roster, roster_events
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
        "16 thank-yous after Coffee with a Cop, 12 survey answers",
        "partner proposals awaiting approval: 1 new",
        "National Night Out 2099: 4 block parties registered, 4 officer visits",
        '"Still coming?": 2 answers on Home Security Workshop: locks, lights and cameras; '
        "one message to its residents",
        "volunteer roles on 2 events: 4 volunteers, 1 served",
        "course “Crisis Intervention Training: 16-hour course”: 6 applications, 4 approved, "
        "2 certificates",
    ]


def test_demo_data_built_twice_is_the_same_city_and_mails_nobody_again():
    _build_recorded_city()
    said = _build_recorded_city()
    assert city_summary(today=timezone.localdate(RECORDED_NOW)) == RECORDED
    assert said[-9:] == [
        "7 one-off events (1 cancelled); 0 head-count RSVPs",
        "0 RSVPs from demo residents; waitlisted: Personal Safety Workshop for seniors (3)",
        "0 events already held, with check-ins and walk-ins (for the reports)",
        "0 thank-yous after Coffee with a Cop, 0 survey answers",
        "partner proposals awaiting approval: 0 new",
        "National Night Out 2099: 0 block parties registered, 0 officer visits",
        '"Still coming?": 0 answers on Home Security Workshop: locks, lights and cameras; '
        "no new message to its residents",
        "volunteer roles on 2 events: 0 volunteers, 0 served",
        "course “Crisis Intervention Training: 16-hour course”: already there",
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
    assert counts[:5] == [7, 9, 6, 12, 3]  # the third series is the CIT course
    partner_kinds = ["school", "neighborhood", "nonprofit", "library"]
    assert Organization.objects.filter(kind__in=partner_kinds).count() == 6
    assert Event.objects.filter(status="cancelled").count() == 1
    assert Rsvp.objects.filter(status="waitlisted").count() == 3
    lines = out.getvalue().splitlines()
    assert (lines[0], len(lines), lines[-1]) == (
        "Building the demo city of Riverside…",
        17,
        f"Demo data ready: {counts[5]} events, 5 logins (password 'porchlight').",
    )


def test_demo_data_if_empty_leaves_existing_data_alone():
    factories.program(name="Existing")
    out = io.StringIO()
    call_command("demo_data", "--if-empty", stdout=out)
    assert list(Program.objects.values_list("name", flat=True)) == ["Existing"]
    assert out.getvalue() == "Demo data: the database already has data; leaving it as it is.\n"


def test_demo_logins_see_the_rosters_the_readme_says():
    """Officers: their assigned events only; partner staff: their organization's events,
    through the roster grant the demo gives them; the coordinator: all."""
    _build_recorded_city()
    users = {u.username: u for u in User.objects.all()}
    everything = set(Event.objects.values_list("pk", flat=True))
    seen = {
        name: set(roster_events(user).values_list("pk", flat=True)) for name, user in users.items()
    }
    for name in ("officer.garcia", "officer.chen"):
        assert seen[name] == set(users[name].assigned_events.values_list("pk", flat=True))
    library = Organization.objects.get(slug="riverside-library")
    bridges = Organization.objects.get(slug="bridges-mental-health")
    for name, org in (("staff.library", library), ("staff.bridges", bridges)):
        ours = Event.objects.filter(Q(host=org) | Q(partners=org)).values_list("pk", flat=True)
        assert seen[name] == set(ours)
    assert seen["coordinator"] == everything
    # Garcia works for the unit that hosts Chen's seniors' workshop, and does not see it.
    seniors = Event.objects.get(title="Personal Safety Workshop for seniors")
    assert list(seniors.officers.values_list("username", flat=True)) == ["officer.chen"]
    assert seniors.host.slug == "community-engagement-unit"
    assert not can_view_roster(users["officer.garcia"], seniors)
    assert can_view_roster(users["officer.chen"], seniors)
    assert can_view_roster(users["staff.library"], seniors)
    assert [len(seen[n]) > 0 for n in ("officer.garcia", "officer.chen")] == [True, True]


def test_demo_events_speak_english_and_spanish_with_vietnamese_and_hmong_interpretation():
    _build_recorded_city()
    upcoming = Event.objects.filter(start__gt=RECORDED_NOW).select_related("program")
    # Every event ahead and every program has its texts in English and in Spanish.
    assert [e.uid for e in upcoming if not (e.title_en and e.title_es)] == []
    assert [e.uid for e in upcoming if not (e.description_en and e.description_es)] == []
    assert [p.slug for p in Program.objects.all() if not (p.name_es and p.description_es)] == []
    seniors = Event.objects.get(uid="demo-personal-safety-1@porchlight")
    with translation.override("es"):
        assert (seniors.title, seniors.program.name) == (
            "Taller de seguridad personal para personas mayores",
            "Taller de seguridad personal",
        )
    with translation.override("vi"):  # nothing in Vietnamese: the English texts
        assert seniors.title == "Personal Safety Workshop for seniors"
    coffee = EventSeries.objects.get(title_en="Coffee with a Cop at Common Grounds")
    assert {e.title_es for e in coffee.occurrences.all()} == {coffee.title_es}
    interpreted = sorted(
        EventLanguage.objects.filter(interpreted=True).values_list("event__uid", "language")
    )
    assert interpreted == [
        ("demo-hillcrest-watch-kickoff@porchlight", "vi"),
        ("demo-home-security-1@porchlight", "vi"),
        ("demo-personal-safety-1@porchlight", "hmn"),
    ]
