"""The audit trail: every change a coordinator or officer makes to an event, its capacity,
its status, an RSVP, a walk-in or a roster grant is an entry with who, when, before and
after (scheduler/audit.py), readable in the admin."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from rsvp.models import Rsvp, WalkIn
from rsvp.services import rsvp_cancel
from scheduler.models import Event, Membership
from tests import factories
from tests.scheduler.admin_support import coordinator, form_values

pytestmark = pytest.mark.django_db

UPDATE, CREATE, DELETE = LogEntry.Action.UPDATE, LogEntry.Action.CREATE, LogEntry.Action.DELETE


def _entries(model, pk=None):
    """(actor's username or None, action, changes) of a model's entries, oldest first."""
    found = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model))
    if pk is not None:
        found = found.filter(object_id=pk)
    return [
        (e.actor.username if e.actor else None, e.action, e.changes_dict)
        for e in found.select_related("actor").order_by("timestamp", "pk")
    ]


def _token_client(user) -> APIClient:
    client = APIClient()
    _, token = AuthToken.objects.create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


@pytest.fixture
def event():
    made = factories.event(title="Watch meeting", capacity=2)
    LogEntry.objects.all().delete()  # what the factory made is not the subject here
    return made


def test_an_event_edited_in_the_admin_is_recorded_with_who_and_before_after(client, event):
    user = coordinator()
    client.force_login(user)
    url = f"/admin/scheduler/event/{event.pk}/change/"
    values = form_values(client.get(url).content.decode())
    values.update(title_en=["Watch meeting (moved)"], capacity=["40"])

    response = client.post(url, values)

    assert response.status_code == 302
    assert _entries(Event, event.pk) == [
        (user.username, UPDATE, {"title_en": ["Watch meeting", "Watch meeting (moved)"]}),
        (user.username, UPDATE, {"capacity": ["2", "40"]}),
    ]
    entry = LogEntry.objects.get(changes__has_key="capacity")
    assert entry.timestamp > timezone.now() - dt.timedelta(minutes=1)
    assert entry.remote_addr is None  # nobody's address is kept


def test_api_changes_by_token_name_the_coordinator_who_made_them(event):
    """The API authenticates inside the view, after the middlewares: the actor is still the
    token's coordinator (AuditActorMiddleware reads it when the entry is written)."""
    user = factories.user("coordinator")
    factories.user("officer", username="officer.lee")
    client = _token_client(user)

    changed = client.patch(
        f"/api/v1/events/{event.pk}/", {"capacity": 5, "officers": ["officer.lee"]}, format="json"
    )
    cancelled = client.post(f"/api/v1/events/{event.pk}/cancel/", {"reason": "Snow"}, format="json")

    assert (changed.status_code, cancelled.status_code) == (200, 200)
    entries = _entries(Event, event.pk)
    assert [(who, action) for who, action, _ in entries] == [(user.username, UPDATE)] * 3
    assert entries[0][2] == {"capacity": ["2", "5"]}
    assert entries[1][2] == {
        "officers": {"type": "m2m", "operation": "add", "objects": ["officer.lee"]}
    }
    assert set(entries[2][2]) == {"status", "cancelled_at", "cancellation_reason"}
    assert entries[2][2]["status"] == ["scheduled", "cancelled"]
    assert entries[2][2]["cancellation_reason"] == ["", "Snow"]


def test_a_capacity_raise_records_the_waitlist_promotion_it_caused(event):
    user = factories.user("coordinator")
    factories.rsvp(event, party_size=2)
    waiting = factories.rsvp(event, status=Rsvp.Status.WAITLISTED)
    LogEntry.objects.all().delete()

    response = _token_client(user).patch(
        f"/api/v1/events/{event.pk}/", {"capacity": 3}, format="json"
    )

    assert response.status_code == 200
    (entry,) = _entries(Rsvp, waiting.pk)
    assert entry[:2] == (user.username, UPDATE)
    assert entry[2]["status"] == ["waitlisted", "confirmed"]
    assert set(entry[2]) == {"status", "promoted_at"}


def _door_open(event):
    """Move the event to start soon, so that its check-in is open (and audit only that)."""
    event.start, event.end = factories.door_open(), factories.door_open() + dt.timedelta(hours=1)
    event.save()
    LogEntry.objects.all().delete()


def test_check_in_undo_and_walk_ins_on_the_officer_pages_are_recorded(client, event):
    _door_open(event)
    officer = factories.user("officer", username="officer.diaz")
    event.officers.add(officer)
    rsvp = factories.rsvp(event, name="Ana Secret")
    LogEntry.objects.all().delete()
    client.force_login(officer)
    base = f"/officers/events/{event.pk}/attendance"

    client.post(f"{base}/{rsvp.pk}/checkin/", {"action": "in"})
    client.post(f"{base}/{rsvp.pk}/checkin/", {"action": "in"})  # a double tap: no change
    rsvp.refresh_from_db()
    arrived = rsvp.checked_in_at
    client.post(f"{base}/{rsvp.pk}/checkin/", {"action": "undo"})
    client.post(f"{base}/walkins/", {"head_count": 3, "name": "Family Secret"})
    walkin = WalkIn.objects.get()
    client.post(f"{base}/walkins/{walkin.pk}/remove/")

    checked = _entries(Rsvp, rsvp.pk)
    assert [(who, action, sorted(changes)) for who, action, changes in checked] == [
        ("officer.diaz", UPDATE, ["arrived", "checked_in_at", "checked_in_by"]),
        ("officer.diaz", UPDATE, ["arrived", "checked_in_at", "checked_in_by"]),
    ]
    (marked, undone) = (changes for _, _, changes in checked)
    # auditlog's own form: a user by name, a time in UTC.
    assert marked["checked_in_by"] == undone["checked_in_by"][::-1] == ["None", "officer.diaz"]
    assert marked["checked_in_at"] == undone["checked_in_at"][::-1]
    assert marked["checked_in_at"][0] == "None"
    logged = dt.datetime.fromisoformat(marked["checked_in_at"][1]).replace(tzinfo=dt.UTC)
    assert logged == arrived
    walkins = _entries(WalkIn, walkin.pk)
    assert [(who, action) for who, action, _ in walkins] == [
        ("officer.diaz", CREATE),
        ("officer.diaz", DELETE),
    ]
    assert walkins[0][2]["head_count"] == ["None", "3"]
    # Residents' names stay out of the trail: neither the RSVP's nor the walk-in's.
    text = " ".join(f"{e.object_repr} {e.changes_text} {e.changes}" for e in LogEntry.objects.all())
    assert ("Secret" in text, f"Walk-in #{walkin.pk} (3)" in text) == (False, True)


def test_a_resident_cancelling_through_their_link_is_recorded_without_an_actor(event):
    rsvp = factories.rsvp(event)
    LogEntry.objects.all().delete()

    rsvp_cancel(rsvp=rsvp)

    ((who, action, changes),) = _entries(Rsvp, rsvp.pk)
    assert (who, action, changes["status"]) == (None, UPDATE, ["confirmed", "cancelled"])


def test_granting_an_organizations_rosters_is_recorded(client):
    org = factories.organization(name="Riverside Library")
    staff = factories.user("partner", username="staff.nair", organization_=org)
    membership = Membership.objects.get(user=staff)
    user = coordinator()
    client.force_login(user)
    url = "/admin/scheduler/membership/"
    values = form_values(client.get(url).content.decode())
    values["form-0-roster_access"] = ["on"]
    values["_save"] = ["Save"]

    response = client.post(url, values)

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.roster_access is True
    assert _entries(Membership, membership.pk)[-1] == (
        user.username,
        UPDATE,
        {"roster_access": ["False", "True"]},
    )


def test_the_event_history_in_the_admin_shows_its_changes_and_its_rsvps(client, event):
    _door_open(event)
    user = coordinator()
    officer = factories.user("officer", username="officer.diaz")
    event.officers.add(officer)
    rsvp = factories.rsvp(event)
    LogEntry.objects.all().delete()
    client.force_login(officer)
    client.post(f"/officers/events/{event.pk}/attendance/{rsvp.pk}/checkin/", {"action": "in"})
    _token_client(user).patch(f"/api/v1/events/{event.pk}/", {"capacity": 9}, format="json")
    client.force_login(user)

    page = client.get(f"/admin/scheduler/event/{event.pk}/history/")

    assert page.status_code == 200
    shown = [(e.object_repr, e.actor.username) for e in page.context["log_entries"]]
    assert shown == [
        (str(Event.objects.get(pk=event.pk)), user.username),
        (f"RSVP #{rsvp.pk} (Confirmed, 1)", "officer.diaz"),
    ]
    html = page.content.decode().lower()
    assert [word in html for word in ("officer.diaz", "checked in at", "capacity")] == [True] * 3
    # The whole trail, for coordinators (a group permission the migration grants).
    assert client.get("/admin/auditlog/logentry/").status_code == 200
