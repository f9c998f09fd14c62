"""Who may open which roster URL: every role × every roster URL × own / other event."""

import datetime as dt

import pytest
from django.utils import timezone

from rsvp.models import RosterAccess, Rsvp
from tests import factories

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "plain_user",
    "officer_assigned",
    "officer_not_assigned",
    "officer_of_host",
    "officer_of_host_granted",
    "partner_own_org",
    "partner_not_granted",
    "partner_other_org",
    "host_staff",
    "coordinator",
]
# Which of the three events each role may see: "own" (host, partner, one assigned officer),
# "past" (held by the same host last week, nobody assigned), "other" (another host).
# Working for the host or a partner shows nothing by itself (issue 13: an officer of the
# host unit read the rosters of events assigned to a colleague); a coordinator's grant of
# the organization's rosters (Membership.roster_access) does.
ALLOWED = {
    "anonymous": set(),
    "plain_user": set(),
    "officer_assigned": {"own"},
    "officer_not_assigned": set(),
    "officer_of_host": set(),
    "officer_of_host_granted": {"own", "past"},
    "partner_own_org": {"own"},
    "partner_not_granted": set(),
    "partner_other_org": set(),
    "host_staff": {"own", "past"},
    "coordinator": {"own", "past", "other"},
}
URLS = ["page", "csv", "sheet", "checkin"]


@pytest.fixture
def world():
    host, partner, elsewhere, third = (factories.organization() for _ in range(4))
    users = {
        "plain_user": factories.user(),
        "officer_assigned": factories.user("officer", organization_=host),
        "officer_not_assigned": factories.user("officer"),
        "officer_of_host": factories.user("officer", organization_=host),
        "officer_of_host_granted": factories.user(
            "officer", organization_=host, roster_access=True
        ),
        "partner_own_org": factories.user("partner", organization_=partner, roster_access=True),
        "partner_not_granted": factories.user("partner", organization_=partner),
        "partner_other_org": factories.user("partner", organization_=elsewhere, roster_access=True),
        "host_staff": factories.user("partner", organization_=host, roster_access=True),
        "coordinator": factories.user("coordinator"),
    }
    own = factories.event(
        host=host,
        partners=[partner],
        officers=[users["officer_assigned"]],
        start=factories.door_open(),
    )
    # Held this morning: its door is still open (it closes a day after the end).
    past = factories.event(host=host, start=timezone.now() - dt.timedelta(hours=6))
    other = factories.event(host=third, start=factories.door_open() + dt.timedelta(minutes=1))
    return {
        "users": users,
        "events": {"own": own, "past": past, "other": other},
        "rsvps": {
            "own": factories.rsvp(own),
            "past": factories.rsvp(past),
            "other": factories.rsvp(other),
        },
    }


def _request(client, url_kind: str, event, rsvp):
    base = f"/officers/events/{event.pk}"
    if url_kind == "page":
        return client.get(f"{base}/attendance/")
    if url_kind == "csv":
        return client.get(f"{base}/attendance.csv")
    if url_kind == "sheet":
        return client.get(f"{base}/sign-in-sheet/")
    return client.post(f"{base}/attendance/{rsvp.pk}/checkin/", {"action": "in"})


@pytest.mark.parametrize("url_kind", URLS)
@pytest.mark.parametrize("which", ["own", "past", "other"])
@pytest.mark.parametrize("role", ROLES)
def test_roster_urls_permission_matrix(client, world, role, which, url_kind):
    event, rsvp = world["events"][which], world["rsvps"][which]
    user = world["users"].get(role)
    if user is not None:
        client.force_login(user)

    response = _request(client, url_kind, event, rsvp)

    rsvp.refresh_from_db()
    logged = list(RosterAccess.objects.values_list("user_id", "event_id", "what"))
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=/officers/events/")
    elif which not in ALLOWED[role]:
        assert response.status_code == 403
    else:
        expected_status = 302 if url_kind == "checkin" else 200
        assert response.status_code == expected_status
        what = {"page": "page", "csv": "csv", "sheet": "sheet", "checkin": "checkin"}[url_kind]
        assert logged == [(user.pk, event.pk, what)]
        assert (rsvp.checked_in_at is not None) == (url_kind == "checkin")
        return
    assert logged == []
    assert rsvp.checked_in_at is None
    assert response.content.decode().count(rsvp.attendee.email) == 0


@pytest.mark.parametrize("role", ROLES)
def test_officer_home_and_reports_need_a_staff_role(client, world, role):
    user = world["users"].get(role)
    if user is not None:
        client.force_login(user)
    for url in ["/officers/", "/officers/reports/", "/officers/reports.csv"]:
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302
            assert response["Location"] == f"/accounts/login/?next={url}"
        elif role == "plain_user":
            assert response.status_code == 403
        else:
            assert response.status_code == 200


def test_officer_home_lists_only_the_events_a_role_may_see(client, world):
    # Which section an event is in (today, coming up, just held) depends on the hour the
    # test runs; who sees which event does not: the events of all sections, by role.
    shown = {}
    for role in ROLES[2:]:
        client.force_login(world["users"][role])
        context = client.get("/officers/").context
        listed = [context["next_event"]] if context["next_event"] else []
        listed += [*context["today"], *context["upcoming"], *context["recent"]]
        shown[role] = sorted(e.pk for e in listed)
    own, past, other = (world["events"][k].pk for k in ("own", "past", "other"))
    assert shown == {
        "officer_assigned": [own],
        "officer_not_assigned": [],
        "officer_of_host": [],
        "officer_of_host_granted": sorted([own, past]),
        "partner_own_org": [own],
        "partner_not_granted": [],
        "partner_other_org": [],
        "host_staff": sorted([own, past]),
        "coordinator": sorted([own, past, other]),
    }


def test_checkin_of_an_rsvp_from_another_event_is_404(client, world):
    client.force_login(world["users"]["coordinator"])
    own, other_rsvp = world["events"]["own"], world["rsvps"]["other"]
    response = client.post(f"/officers/events/{own.pk}/attendance/{other_rsvp.pk}/checkin/")
    assert response.status_code == 404
    assert Rsvp.objects.get(pk=other_rsvp.pk).checked_in_at is None


def test_unknown_event_is_404_for_staff(client, world):
    client.force_login(world["users"]["coordinator"])
    assert client.get("/officers/events/999999/attendance/").status_code == 404
    assert client.get("/officers/events/999999/attendance.csv").status_code == 404


def test_officer_home_says_whose_events_it_lists(client, world):
    ledes = {}
    for role in ("officer_assigned", "host_staff", "coordinator"):
        client.force_login(world["users"][role])
        body = client.get("/officers/").content.decode()
        ledes[role] = body.split('<p class="lede">', 1)[1].split(" Tap an event", 1)[0]
    host = world["events"]["own"].host.name
    assert ledes == {
        "officer_assigned": "Events you are assigned to.",
        "host_staff": f"Events you are assigned to, and every event of {host} (a coordinator "
        "gave you their attendance lists).",
        "coordinator": "As a coordinator you see every event.",
    }
