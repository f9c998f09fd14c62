"""Who may do what: every endpoint × every role (DESIGN.md rule 5)."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from rsvp.models import RosterAccess, Rsvp, WalkIn
from rsvp.services import rsvp_create
from tests import factories

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "officer_assigned",
    "officer_other",
    "officer_of_host",
    "officer_of_host_granted",
    "partner_own",
    "partner_not_granted",
    "partner_other",
    "coord",
]
# Who may read and change the roster of "Ours": its assigned officer, coordinators, and
# those a coordinator granted the rosters of its host or partner. An officer of the host
# unit who is not assigned is refused, as the same rule answers the officer pages.
ROSTER_ROLES = {"officer_assigned", "officer_of_host_granted", "partner_own", "coord"}


@pytest.fixture
def world(token_client):
    cache.clear()
    host = factories.organization(slug="host")
    partner = factories.organization(slug="partner")
    elsewhere = factories.organization(slug="elsewhere")
    officer = factories.user("officer")
    event = factories.event(
        title="Ours",
        host=host,
        partners=[partner],
        officers=[officer],
        start=factories.door_open(),
    )
    other_event = factories.event(title="Theirs", host=elsewhere)
    users = {
        "officer_assigned": officer,
        "officer_other": factories.user("officer"),
        "officer_of_host": factories.user("officer", organization_=host),
        "officer_of_host_granted": factories.user(
            "officer", organization_=host, roster_access=True
        ),
        "partner_own": factories.user("partner", organization_=partner, roster_access=True),
        "partner_not_granted": factories.user("partner", organization_=partner),
        "partner_other": factories.user("partner", organization_=elsewhere, roster_access=True),
        "coord": factories.user("coordinator"),
    }
    clients = {"anonymous": APIClient()}
    clients.update({role: token_client(user) for role, user in users.items()})
    rsvp = factories.rsvp(event, name="Ana Secret")
    return {
        "event": event,
        "other_event": other_event,
        "rsvp": rsvp,
        "clients": clients,
        "users": users,
    }


def _roster_expected(role):
    return 200 if role in ROSTER_ROLES else (401 if role == "anonymous" else 403)


def _coordinator_expected(role, ok):
    return ok if role == "coord" else (401 if role == "anonymous" else 403)


@pytest.mark.parametrize("role", ROLES)
def test_public_reads_are_open_to_everyone(world, role):
    client = world["clients"][role]
    for path in (
        "/api/v1/programs/",
        "/api/v1/organizations/",
        "/api/v1/venues/",
        "/api/v1/events/",
        f"/api/v1/events/{world['event'].pk}/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Ana Secret" not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_roster_read(world, role):
    response = world["clients"][role].get(f"/api/v1/events/{world['event'].pk}/attendance/")
    assert response.status_code == _roster_expected(role)
    if response.status_code == 200:
        assert [r["name"] for r in response.json()["rsvps"]] == ["Ana Secret"]
        assert list(RosterAccess.objects.values_list("user__username", "what")) == [
            (world["users"][role].username, "api")
        ]
    else:
        assert response["Content-Type"] == "application/problem+json"
        assert "Ana Secret" not in response.content.decode()
        assert RosterAccess.objects.count() == 0


@pytest.mark.parametrize("role", ROLES)
def test_check_in_and_undo(world, role):
    client, rsvp = world["clients"][role], world["rsvp"]
    path = f"/api/v1/events/{world['event'].pk}/attendance/{rsvp.pk}/check-in/"
    marked = client.post(path)
    assert marked.status_code == _roster_expected(role)
    rsvp.refresh_from_db()
    if marked.status_code == 200:
        assert marked.json()["checked_in_by"] == world["users"][role].username
        assert rsvp.checked_in_at is not None
        undone = client.delete(path)
        assert (undone.status_code, undone.json()["checked_in_at"]) == (200, None)
    else:
        assert rsvp.checked_in_at is None
        assert client.delete(path).status_code == _roster_expected(role)


@pytest.mark.parametrize("role", ROLES)
def test_walk_ins(world, role):
    response = world["clients"][role].post(
        f"/api/v1/events/{world['event'].pk}/attendance/walk-ins/",
        {"head_count": 3, "name": "  Family   of three "},
        format="json",
    )
    assert response.status_code == (
        201 if _roster_expected(role) == 200 else _roster_expected(role)
    )
    expected = [("Family of three", 3)] if response.status_code == 201 else []
    assert list(WalkIn.objects.values_list("name", "head_count")) == expected


@pytest.mark.parametrize("role", ROLES)
def test_another_events_roster_is_for_its_own_staff_and_coordinators(world, role):
    response = world["clients"][role].get(f"/api/v1/events/{world['other_event'].pk}/attendance/")
    # partner_other was granted the rosters of the organization that hosts the other event.
    expected = {"anonymous": 401, "coord": 200, "partner_other": 200}.get(role, 403)
    assert response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_event_create_update_cancel_only_by_coordinators(world, role):
    client, event = world["clients"][role], world["event"]
    start = timezone.now() + dt.timedelta(days=10)
    created = client.post(
        "/api/v1/events/",
        {
            "title": "New",
            "program": event.program.slug,
            "venue": event.venue.pk,
            "host": "host",
            "start": start.isoformat(),
            "end": (start + dt.timedelta(hours=1)).isoformat(),
        },
        format="json",
    )
    assert created.status_code == _coordinator_expected(role, 201)
    changed = client.patch(f"/api/v1/events/{event.pk}/", {"title": "Renamed"}, format="json")
    assert changed.status_code == _coordinator_expected(role, 200)
    cancelled = client.post(f"/api/v1/events/{event.pk}/cancel/", {}, format="json")
    assert cancelled.status_code == _coordinator_expected(role, 200)
    event.refresh_from_db()
    expected_state = ("Renamed", "cancelled") if role == "coord" else ("Ours", "scheduled")
    assert (event.title, event.status) == expected_state


@pytest.mark.parametrize("role", ROLES)
def test_rsvp_and_manage_by_token_work_for_any_caller(world, role):
    client = world["clients"][role]
    created = client.post(
        f"/api/v1/events/{world['event'].pk}/rsvps/",
        {"name": "Bo", "email": f"bo-{role}@example.org"},
        format="json",
    )
    # Whoever calls, the link goes to the mailbox (no token here has the scope for it).
    assert (created.status_code, "manage_token" in created.json()) == (202, False)
    token = rsvp_create(
        event=world["event"], email=f"co-{role}@example.org", name="Co"
    ).manage_token
    path = f"/api/v1/rsvps/{token}/"
    assert client.get(path).status_code == 200
    assert client.patch(path, {"party_size": 2}, format="json").status_code == 200
    assert client.delete(path).status_code == 200


def test_bad_token_is_401_even_on_public_endpoints():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = client.get("/api/v1/events/")
    assert (response.status_code, response["WWW-Authenticate"]) == (401, "Token")


def test_session_login_works_and_writes_need_csrf(world):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world["users"]["officer_assigned"])
    event = world["event"]
    assert client.get(f"/api/v1/events/{event.pk}/attendance/").status_code == 200
    response = client.post(f"/api/v1/events/{event.pk}/attendance/walk-ins/", {}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_check_in_of_an_rsvp_of_another_event_is_404(world):
    other_rsvp = factories.rsvp(world["other_event"])
    client = world["clients"]["officer_assigned"]
    path = f"/api/v1/events/{world['event'].pk}/attendance/{other_rsvp.pk}/check-in/"
    assert client.post(path).status_code == 404


def test_check_in_of_a_waitlisted_party_is_409(world):
    waiting = factories.rsvp(world["event"], status="waitlisted")
    client = world["clients"]["officer_assigned"]
    response = client.post(f"/api/v1/events/{world['event'].pk}/attendance/{waiting.pk}/check-in/")
    assert (response.status_code, response.json()["code"]) == (409, "not_confirmed")


def test_walk_in_bad_head_count_is_400_per_field(world):
    client = world["clients"]["officer_assigned"]
    response = client.post(
        f"/api/v1/events/{world['event'].pk}/attendance/walk-ins/",
        {"head_count": 0},
        format="json",
    )
    assert response.json()["errors"] == {
        "head_count": ["Enter how many people came in, from 1 to 500."]
    }


def test_roster_lists_waitlist_positions_totals_and_walk_ins(world):
    event = world["event"]
    world["rsvp"].party_size = 2
    world["rsvp"].checked_in_at = timezone.now()
    world["rsvp"].save()
    first = factories.rsvp(event, status="waitlisted", name="Zed")
    second = factories.rsvp(event, status="waitlisted", name="Bea")
    factories.rsvp(event, status="cancelled")
    WalkIn.objects.create(event=event, head_count=4)
    body = world["clients"]["coord"].get(f"/api/v1/events/{event.pk}/attendance/").json()
    assert body["totals"] == {
        "confirmed_parties": 1,
        "confirmed_people": 2,
        "checked_in_people": 2,
        "waitlisted_parties": 2,
        "walkin_people": 4,
    }
    # The attendance page's order: confirmed parties by name, then the waitlist in line.
    assert [(r["name"], r["status"], r["waitlist_position"]) for r in body["rsvps"]] == [
        ("Ana Secret", "confirmed", None),
        ("Zed", "waitlisted", 1),
        ("Bea", "waitlisted", 2),
    ]
    assert first.pk < second.pk
    assert [w["head_count"] for w in body["walkins"]] == [4]


def test_roster_reads_in_the_same_order_as_the_attendance_page(world, client):
    """Names with accents and case sort as on the page (accent- and case-blind), not in the
    database's byte order, where "Álvaro" would come after "zoe"."""
    event = world["event"]
    for name in ["zoe Park", "Álvaro Díaz", "Bea Lin"]:
        factories.rsvp(event, name=name)
    coordinator = world["users"]["coord"]
    client.force_login(coordinator)
    page = client.get(f"/officers/events/{event.pk}/attendance/")
    api = world["clients"]["coord"].get(f"/api/v1/events/{event.pk}/attendance/").json()

    on_page = [r.name for r in page.context["roster"].confirmed]
    assert on_page == ["Álvaro Díaz", "Ana Secret", "Bea Lin", "zoe Park"]
    assert [r["name"] for r in api["rsvps"]] == on_page


def test_roster_query_count_flat(world):
    event, client = world["event"], world["clients"]["officer_assigned"]
    counts = []
    for size in (3, 60):
        for i in range(size):
            status = "waitlisted" if i % 3 == 0 else "confirmed"
            factories.rsvp(event, status=status)
            WalkIn.objects.create(event=event, head_count=1)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/api/v1/events/{event.pk}/attendance/").status_code == 200
        counts.append(len(ctx.captured_queries))
    # knox reads the token, then its user; the event comes with its partners (as on the page);
    # the roster's permission is asked when the event is found and again when it is read.
    # The questions app's answers are one prefetch, whatever the roster's size.
    assert counts == [11, 11]
    assert Rsvp.objects.filter(event=event).count() == 64


def test_session_login_with_csrf_token_can_write(world):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world["users"]["officer_assigned"])
    client.get("/accounts/login/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = client.post(
        f"/api/v1/events/{world['event'].pk}/attendance/walk-ins/",
        {"head_count": 2},
        format="json",
        headers={"X-CSRFToken": token},
    )
    assert (response.status_code, response.json()["head_count"]) == (201, 2)


def test_walk_in_double_tap_with_one_key_counts_once_and_is_logged(world):
    from rsvp.models import RosterAccess, WalkIn

    client = world["clients"]["officer_assigned"]
    url = f"/api/v1/events/{world['event'].pk}/attendance/walk-ins/"
    answers = [
        client.post(url, {"head_count": 3}, format="json", headers={"Idempotency-Key": "tap-1"})
        for _ in range(2)
    ]
    assert [a.status_code for a in answers] == [201, 201]
    assert list(WalkIn.objects.values_list("head_count", flat=True)) == [3]
    assert list(RosterAccess.objects.filter(what="walkin").values_list("event_id", flat=True)) == [
        world["event"].pk
    ]


def test_check_in_undo_is_logged_as_undo(world):
    from rsvp.models import RosterAccess

    client = world["clients"]["officer_assigned"]
    url = f"/api/v1/events/{world['event'].pk}/attendance/{world['rsvp'].pk}/check-in/"
    client.post(url)
    client.delete(url)
    whats = list(RosterAccess.objects.order_by("id").values_list("what", flat=True))
    assert whats == ["checkin", "undo"]


def test_api_check_in_of_part_of_a_party_and_outside_the_hours(world):
    client = world["clients"]["officer_assigned"]
    party = factories.rsvp(world["event"], name="Four of us", party_size=4)
    path = f"/api/v1/events/{world['event'].pk}/attendance/{party.pk}/check-in/"
    answer = client.post(path, {"arrived": 3}, format="json")
    assert (answer.status_code, answer.json()["arrived"]) == (200, 3)
    too_many = client.post(path, {"arrived": 5}, format="json")
    assert (too_many.status_code, too_many.json()["code"]) == (400, "arrived")
    later = factories.event(officers=[world["users"]["officer_assigned"]])
    far = factories.rsvp(later)
    refused = client.post(f"/api/v1/events/{later.pk}/attendance/{far.pk}/check-in/")
    assert (refused.status_code, refused.json()["code"]) == (409, "checkin_not_open")
    overridden = world["clients"]["coord"].post(
        f"/api/v1/events/{later.pk}/attendance/{far.pk}/check-in/",
        {"override": True},
        format="json",
    )
    assert (overridden.status_code, overridden.json()["arrived"]) == (200, 1)
