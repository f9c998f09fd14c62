import datetime as dt

import pytest
from django.utils import timezone

from api.problems import problem_for
from rsvp.models import Rsvp
from scheduler.errors import EventError
from scheduler.models import Event, Program, Venue
from scheduler.services import event_save
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def coord(token_client):
    return token_client(factories.user("coordinator"))


def _new_event_body(**kw):
    program = factories.program(slug="coffee")
    venue = factories.venue()
    factories.organization(slug="pd")
    factories.organization(slug="library")
    factories.user("officer", username="officer.garcia")
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=10)
    return {
        "title": "Coffee with a Cop",
        "description": "Talk with the officers.",
        "program": program.slug,
        "venue": venue.pk,
        "host": "pd",
        "partners": ["library"],
        "officers": ["officer.garcia"],
        "start": start.isoformat(),
        "end": (start + dt.timedelta(hours=1)).isoformat(),
        "timezone": "America/Chicago",
        "capacity": 25,
        "max_party_size": 4,
        **kw,
    }


def test_coordinator_creates_an_event(coord):
    response = coord.post("/api/v1/events/", _new_event_body(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    event = Event.objects.get()
    assert body["id"] == event.pk
    assert (body["title"], body["capacity"], body["seats_left"], body["timezone"]) == (
        "Coffee with a Cop",
        25,
        25,
        "America/Chicago",
    )
    assert [p["slug"] for p in body["partners"]] == ["library"]
    assert list(event.officers.values_list("username", flat=True)) == ["officer.garcia"]
    assert event.sequence == 0


def test_event_create_rejects_bad_fields_per_field(coord):
    body = _new_event_body(
        program="no-such",
        venue=10**30,
        timezone="Mars/Olympus",
        capacity=-1,
        max_party_size=0,
        officers=["nobody"],
    )
    body["end"] = body["start"]
    response = coord.post("/api/v1/events/", body, format="json")
    assert response.status_code == 400
    assert sorted(response.json()["errors"]) == [
        "capacity",
        "max_party_size",
        "officers",
        "program",
        "timezone",
        "venue",
    ]
    body = {
        **body,
        "program": "coffee",
        "venue": Venue.objects.get().pk,
    }
    body.update(timezone="UTC", capacity=1, max_party_size=1, officers=[])
    ended = coord.post("/api/v1/events/", body, format="json")
    assert ended.json()["errors"] == {"end": ["The event must end after it starts."]}
    assert Event.objects.count() == 0


def test_event_update_bumps_sequence_for_calendar_changes_only(coord):
    event = factories.event(title="Coffee")
    new_start = event.start + dt.timedelta(hours=2)
    response = coord.patch(
        f"/api/v1/events/{event.pk}/",
        {"start": new_start.isoformat(), "end": (new_start + dt.timedelta(hours=1)).isoformat()},
        format="json",
    )
    assert response.status_code == 200
    event.refresh_from_db()
    assert (event.start, event.sequence) == (new_start, 1)
    coord.patch(f"/api/v1/events/{event.pk}/", {"description": "More words"}, format="json")
    event.refresh_from_db()
    assert (event.description, event.sequence) == ("More words", 1)


def test_event_update_end_before_existing_start_is_400(coord):
    event = factories.event()
    response = coord.patch(
        f"/api/v1/events/{event.pk}/",
        {"end": (event.start - dt.timedelta(hours=1)).isoformat()},
        format="json",
    )
    assert response.json()["errors"] == {"end": ["The event must end after it starts."]}


def test_crossing_edits_refused_by_the_service_are_a_409_conflict():
    """Another coordinator moved the start after this edit was read: the merged row would
    end before it starts. The service refuses it as a conflict (409), not as bad input."""
    event = factories.event()
    stale = Event.objects.get(pk=event.pk)
    later = event.end + dt.timedelta(hours=2)
    Event.objects.filter(pk=event.pk).update(start=later, end=later + dt.timedelta(hours=1))
    stale.end = later - dt.timedelta(minutes=30)
    with pytest.raises(EventError) as refused:
        event_save(event=stale, changed_fields=["end"])
    answer = problem_for(refused.value)
    assert (answer.status_code, answer.data["code"]) == (409, "event_rule")
    assert answer.data["detail"] == refused.value.message


def test_capacity_change_goes_through_the_rsvp_rules(coord):
    event = factories.event(capacity=3)
    factories.rsvp(event, party_size=3)
    waiting = factories.rsvp(event, status="waitlisted", party_size=2)

    below = coord.patch(f"/api/v1/events/{event.pk}/", {"capacity": 2}, format="json")
    assert below.status_code == 409
    assert below.json()["code"] == "event_rule"
    assert below.json()["detail"].startswith("3 seats are already confirmed")
    event.refresh_from_db()
    assert event.capacity == 3

    raised = coord.patch(f"/api/v1/events/{event.pk}/", {"capacity": 5}, format="json")
    assert (raised.status_code, raised.json()["seats_left"]) == (200, 0)
    waiting.refresh_from_db()
    assert waiting.status == Rsvp.Status.CONFIRMED


def test_cancel_keeps_rsvps_and_is_idempotent(coord):
    event = factories.event()
    factories.rsvp(event)
    response = coord.post(
        f"/api/v1/events/{event.pk}/cancel/", {"reason": "Snow day."}, format="json"
    )
    body = response.json()
    assert (body["status"], body["cancellation_reason"], body["rsvp_open"]) == (
        "cancelled",
        "Snow day.",
        False,
    )
    event.refresh_from_db()
    assert (event.status, event.sequence, event.rsvps.count()) == ("cancelled", 1, 1)
    again = coord.post(f"/api/v1/events/{event.pk}/cancel/", format="json")
    assert again.status_code == 200
    event.refresh_from_db()
    assert event.sequence == 1


def test_cancel_reason_too_long_or_wrong_type_is_400(coord):
    event = factories.event()
    for body in ({"reason": "x" * 301}, {"reason": ["a"]}, [1]):
        assert (
            coord.post(f"/api/v1/events/{event.pk}/cancel/", body, format="json").status_code == 400
        )
    event.refresh_from_db()
    assert event.status == "scheduled"


def test_new_event_takes_capacity_and_party_size_from_its_program(coord):
    body = _new_event_body()
    del body["capacity"], body["max_party_size"]
    Program.objects.filter(slug="coffee").update(default_capacity=12, default_max_party_size=3)
    created = coord.post("/api/v1/events/", body, format="json").json()
    assert (created["capacity"], created["max_party_size"]) == (12, 3)


def test_the_api_and_the_admin_create_the_same_event_from_one_program(coord, client):
    """One service (event_create) behind both: same program, same defaults, and an explicit
    null capacity is unlimited in both."""
    body = _new_event_body()
    del body["capacity"], body["max_party_size"]
    Program.objects.filter(slug="coffee").update(default_capacity=12, default_max_party_size=3)
    from_api = Event.objects.get(pk=coord.post("/api/v1/events/", body, format="json").json()["id"])
    unlimited = coord.post("/api/v1/events/", {**body, "capacity": None}, format="json").json()

    assert (from_api.capacity, from_api.max_party_size) == (12, 3)
    assert (unlimited["capacity"], unlimited["max_party_size"]) == (None, 3)
    with pytest.raises(ValueError, match="create one with event_create"):
        event_save(event=Event(title="sneaked in"))


def test_odd_time_zone_names_are_400_not_500(coord):
    event = factories.event()
    for name in ("Mars/Olympus", "America", "Etc", "é" * 60, "../../x", "", "\U0010ffff" * 40):
        response = coord.patch(f"/api/v1/events/{event.pk}/", {"timezone": name}, format="json")
        assert response.status_code == 400, name
        assert list(response.json()["errors"]) == ["timezone"]
