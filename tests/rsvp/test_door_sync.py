"""The door list and its queue: what a phone did offline, applied once; hours; partial
parties; two phones; the ETag that lets phones poll cheaply; the access log."""

import datetime as dt
import json
import threading
import uuid

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rsvp.models import DoorAction, RosterAccess, Rsvp, WalkIn
from rsvp.services import checkin_mark, door_sync
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return factories.user("officer", username="officer.diaz")


@pytest.fixture
def event(officer):
    return factories.event(
        title="Coffee with a Cop", officers=[officer], capacity=None, start=factories.door_open()
    )


def _id() -> str:
    return str(uuid.uuid4())


def _sync(client, event, actions):
    return client.post(
        f"/officers/events/{event.pk}/door/sync/",
        json.dumps({"actions": actions}),
        content_type="application/json",
    )


def _state(event):
    rsvps = Rsvp.objects.filter(event=event).order_by("name")
    return (
        [(r.name, r.arrived, r.checked_in_at is not None) for r in rsvps],
        sorted(WalkIn.objects.filter(event=event).values_list("head_count", "name")),
    )


def test_an_offline_queue_sent_twice_is_applied_once(client, officer, event):
    ana, ben, cy = (
        factories.rsvp(event, name=n, party_size=s) for n, s in [("Ana", 1), ("Ben", 4), ("Cy", 2)]
    )
    made = int(timezone.now().timestamp() * 1000)
    ana_in, ben_in, cy_in, walk = _id(), _id(), _id(), _id()
    queue = [
        {"id": ana_in, "kind": "checkin", "rsvp": ana.pk, "at": made},
        {"id": ben_in, "kind": "checkin", "rsvp": ben.pk, "arrived": 3, "at": made},
        {"id": cy_in, "kind": "checkin", "rsvp": cy.pk, "at": made},
        # Undone on the same phone, offline: the undo names the check-in it saw.
        {"id": _id(), "kind": "undo", "rsvp": cy.pk, "seen": cy_in, "at": made + 1000},
        {"id": walk, "kind": "walkin", "head_count": 2, "name": "", "at": made + 2000},
    ]
    client.force_login(officer)

    first = _sync(client, event, queue)
    # The answer was lost on a weak signal: the phone sends the same queue again.
    again = _sync(client, event, queue)

    assert first.status_code == again.status_code == 200
    outcomes = [r["outcome"] for r in first.json()["results"]]
    assert outcomes == ["applied", "applied", "applied", "applied", "applied"]
    assert again.json()["results"] == first.json()["results"]
    assert _state(event) == (
        [("Ana", 1, True), ("Ben", 3, True), ("Cy", None, False)],
        [(2, "")],
    )
    assert DoorAction.objects.count() == 5
    listed = first.json()["list"]
    assert listed["counts"]["checked_in"] == 4  # Ana and 3 of Ben's 4
    assert listed["counts"]["walkins"] == 2
    # Each change once in the access log, and each list sent once.
    logged = list(RosterAccess.objects.order_by("id").values_list("what", flat=True))
    assert logged == ["checkin", "checkin", "checkin", "undo", "walkin", "sync", "sync"]
    # The time each was made on the phone, not when it arrived.
    ana.refresh_from_db()
    assert abs(ana.checked_in_at.timestamp() * 1000 - made) < 1


def test_an_undo_from_a_phone_that_saw_an_older_check_in_is_not_applied(client, officer, event):
    """Arrival wins: a newer check-in by another officer stands, and the conflict is logged."""
    rsvp = factories.rsvp(event, name="Ana")
    other = factories.user("officer")
    event.officers.add(other)
    client.force_login(officer)
    seen_by_a = _id()
    _sync(client, event, [{"id": seen_by_a, "kind": "checkin", "rsvp": rsvp.pk}])
    # B undoes it (online), then checks Ana in again when she comes back from the car.
    client.force_login(other)
    _sync(client, event, [{"id": _id(), "kind": "undo", "rsvp": rsvp.pk, "seen": seen_by_a}])
    _sync(client, event, [{"id": _id(), "kind": "checkin", "rsvp": rsvp.pk}])
    # A, offline all along, undoes the check-in it saw.
    client.force_login(officer)
    RosterAccess.objects.all().delete()

    answer = _sync(
        client, event, [{"id": _id(), "kind": "undo", "rsvp": rsvp.pk, "seen": seen_by_a}]
    )

    (result,) = answer.json()["results"]
    assert result["outcome"] == "conflict"
    assert result["message"] == "Someone else checked this party in again; their check-in stands."
    rsvp.refresh_from_db()
    assert (rsvp.checked_in_at is not None, rsvp.checked_in_by) == (True, other)
    logged = RosterAccess.objects.order_by("id").values_list("what", "user__username")
    assert list(logged) == [("conflict", "officer.diaz"), ("sync", "officer.diaz")]


def test_check_in_outside_its_hours_is_refused_clearly_and_a_coordinator_may_override(
    client, officer
):
    week = factories.event(officers=[officer], start=timezone.now() + dt.timedelta(days=7))
    # 6:30 PM where the event is: check-in opens at 4:30 PM that day.
    week.start = dt.datetime.combine(
        timezone.localdate() + dt.timedelta(days=7), dt.time(18, 30), tzinfo=week.tzinfo
    )
    week.end = week.start + dt.timedelta(hours=1)
    week.save()
    rsvp = factories.rsvp(week, name="Ana")
    client.force_login(officer)

    (refused,) = _sync(client, week, [{"id": _id(), "kind": "checkin", "rsvp": rsvp.pk}]).json()[
        "results"
    ]

    assert (refused["outcome"], refused["code"]) == ("refused", "checkin_not_open")
    assert refused["message"].startswith("Check-in for this event opens on ")
    assert refused["message"].endswith(" at 4:30 PM.")
    rsvp.refresh_from_db()
    assert rsvp.checked_in_at is None
    # An officer's "override" is not theirs to give.
    (still,) = _sync(
        client, week, [{"id": _id(), "kind": "checkin", "rsvp": rsvp.pk, "override": True}]
    ).json()["results"]
    assert still["outcome"] == "refused"
    coordinator = factories.user("coordinator")
    client.force_login(coordinator)
    (done,) = _sync(
        client, week, [{"id": _id(), "kind": "checkin", "rsvp": rsvp.pk, "override": True}]
    ).json()["results"]
    assert done["outcome"] == "applied"
    assert list(
        RosterAccess.objects.filter(user=coordinator).order_by("id").values_list("what", flat=True)
    ) == ["checkin", "override", "sync"]


def test_check_in_closes_a_day_after_the_end(officer):
    held = factories.event(officers=[officer], start=timezone.now() - dt.timedelta(hours=26))
    rsvp = factories.rsvp(held)
    (answer,) = door_sync(
        event=held, by=officer, actions=[{"id": _id(), "kind": "checkin", "rsvp": rsvp.pk}]
    )
    assert (answer["outcome"], answer["code"], answer["message"]) == (
        "refused",
        "checkin_closed",
        "Check-in for this event has closed: it ended more than 24 hours ago.",
    )


def test_a_partial_party_is_counted_as_those_who_came_in_reports_and_csv(client, officer, event):
    rsvp = factories.rsvp(event, name="Ben", party_size=4)
    checkin_mark(rsvp=rsvp, by=officer, arrived=3)
    client.force_login(officer)
    rows = client.get(f"/officers/events/{event.pk}/attendance.csv").content.decode().splitlines()
    assert rows[1].split(",")[2:5] == ["Ben", "", "4"]
    assert rows[1].split(",")[8] == "3"
    # The fourth came later: the same check-in, its count corrected.
    checkin_mark(rsvp=rsvp, by=officer, arrived=4)
    rsvp.refresh_from_db()
    assert rsvp.arrived == 4
    with pytest.raises(Exception) as refused:
        checkin_mark(rsvp=rsvp, by=officer, arrived=5)
    assert str(refused.value.message) == "Enter how many of the party arrived, from 1 to 4."


def test_after_the_event_the_missing_member_of_a_partial_party_is_a_no_show(client, officer):
    held = factories.event(officers=[officer], start=timezone.now() - dt.timedelta(hours=3))
    checkin_mark(rsvp=factories.rsvp(held, party_size=4), by=officer, arrived=3)
    factories.rsvp(held, party_size=2)
    client.force_login(officer)
    counts = client.get(f"/officers/events/{held.pk}/attendance/").context["counts"]
    assert (counts["checked_in"], counts["no_shows"]) == (3, 3)


def test_the_list_is_polled_with_its_etag_and_an_unchanged_list_is_a_304_logging_nothing(
    client, officer, event
):
    rsvp = factories.rsvp(event, name="Ana")
    client.force_login(officer)
    url = f"/officers/events/{event.pk}/door/list.json"

    first = client.get(url)
    etag = first["ETag"]
    same = client.get(url, headers={"If-None-Match": etag})
    checkin_mark(rsvp=rsvp, by=factories.user("coordinator"))
    changed = client.get(url, headers={"If-None-Match": etag})

    assert (first.status_code, same.status_code, changed.status_code) == (200, 304, 200)
    assert same.content == b""
    assert changed["ETag"] != etag
    assert first["Cache-Control"] == "no-store"
    (row,) = changed.json()["list"]["rows"]
    assert (row["name"], row["party"], row["arrived"], row["status"]) == ("Ana", 1, 1, "confirmed")
    assert list(RosterAccess.objects.filter(user=officer).values_list("what", flat=True)) == [
        "sync",
        "sync",
    ]


def test_the_list_a_phone_keeps_holds_no_contact_details(client, officer, event):
    factories.rsvp(
        event,
        name="Ana Reyes",
        attendee=factories.attendee(email="ana.reyes.private@example.org"),
        phone="+15035550199",
        accessibility_needs="Needs a quiet seat near the door",
    )
    client.force_login(officer)
    body = client.get(f"/officers/events/{event.pk}/door/list.json").content.decode()
    assert "Ana Reyes" in body
    for secret in ("ana.reyes.private", "5035550199", "quiet seat"):
        assert secret not in body


def test_signed_out_and_bad_queues_get_json_answers_never_html(client, officer, event):
    url = f"/officers/events/{event.pk}/door/sync/"
    signed_out = client.post(url, "{}", content_type="application/json")
    assert (signed_out.status_code, signed_out["Content-Type"]) == (401, "application/json")
    assert (
        signed_out.json()["error"] == "You are signed out. Sign in again to send what is waiting."
    )
    client.force_login(officer)
    assert client.post(url, "not json", content_type="application/json").status_code == 400
    assert client.post(url, "[1]", content_type="application/json").status_code == 400
    deep = "[" * 5000 + "]" * 5000
    assert (
        client.post(url, json.dumps({"actions": deep}), content_type="application/json").status_code
        == 400
    )
    answer = _sync(client, event, [{"id": "not-a-uuid"}, 7, {"id": _id(), "kind": "dance"}])
    assert [r["outcome"] for r in answer.json()["results"]] == ["refused"] * 3
    other = factories.event()
    assert _sync(client, other, []).status_code == 403


@pytest.mark.parametrize("url", ["door/list.json", "door/sync/"])
def test_door_list_and_sync_query_counts_are_flat_at_10_and_500_rsvps(client, officer, url):
    counts = []
    for size in (10, 500):
        event = factories.event(officers=[officer], capacity=None, start=factories.door_open())
        for index in range(size):
            rsvp = factories.rsvp(event, name=f"Resident {index}")
            if index % 3 == 0:
                Rsvp.objects.filter(pk=rsvp.pk).update(
                    checked_in_at=timezone.now(), arrived=1, checkin_key=_id()
                )
        factories.walkin(event, head_count=2)
        client.force_login(officer)
        path = f"/officers/events/{event.pk}/{url}"
        with CaptureQueriesContext(connections["default"]) as ctx:
            response = _sync(client, event, []) if url.endswith("sync/") else client.get(path)
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_the_list_for_a_200_person_roster_is_small(client, officer, event):
    for index in range(200):
        factories.rsvp(event, name=f"Resident Number {index}")
    client.force_login(officer)
    url = f"/officers/events/{event.pk}/door/list.json"
    plain = client.get(url)
    packed = client.get(url, headers={"Accept-Encoding": "gzip"})
    # Printed for the closing note: the bytes a phone downloads when the list changed.
    print(f"door list, 200 parties: {len(plain.content)} bytes, gzip {len(packed.content)}")
    assert packed["Content-Encoding"] == "gzip"
    assert len(packed.content) < len(plain.content) / 3
    assert packed["ETag"] == "W/" + plain["ETag"]
    again = client.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": packed["ETag"]})
    assert again.status_code == 304


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_the_same_action_sent_by_two_connections_at_once_counts_once(officer):
    event = factories.event(officers=[officer], start=factories.door_open())
    action = {"id": _id(), "kind": "walkin", "head_count": 3}
    barrier = threading.Barrier(2)
    answers, errors = [], []

    def send():
        try:
            barrier.wait(timeout=10)
            answers.append(door_sync(event=event, by=officer, actions=[action])[0])
        except BaseException as exc:  # noqa: BLE001 - every failure is a test failure
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert [a["outcome"] for a in answers] == ["applied", "applied"]
    assert list(WalkIn.objects.values_list("head_count", flat=True)) == [3]
    assert DoorAction.objects.count() == 1


def test_synced_actions_are_in_the_audit_trail_with_their_officer_once(client, officer, event):
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    rsvp = factories.rsvp(event, name="Ana", party_size=2)
    LogEntry.objects.all().delete()
    client.force_login(officer)
    checkin, undo = _id(), _id()
    queue = [
        {"id": checkin, "kind": "checkin", "rsvp": rsvp.pk, "arrived": 1},
        {"id": undo, "kind": "undo", "rsvp": rsvp.pk, "seen": checkin},
    ]
    _sync(client, event, queue)
    _sync(client, event, queue)

    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Rsvp), object_id=rsvp.pk
    ).order_by("timestamp", "pk")
    assert [(e.actor.username, sorted(e.changes_dict)) for e in entries] == [
        ("officer.diaz", ["arrived", "checked_in_at", "checked_in_by"]),
        ("officer.diaz", ["arrived", "checked_in_at", "checked_in_by"]),
    ]
    assert [e.changes_dict["arrived"] for e in entries] == [["None", "1"], ["1", "None"]]


def test_an_id_already_used_on_another_event_applies_nothing_there(officer, event):
    other = factories.event(officers=[officer], start=factories.door_open())
    here, there = factories.rsvp(event), factories.rsvp(other)
    same = _id()
    door_sync(event=event, by=officer, actions=[{"id": same, "kind": "checkin", "rsvp": here.pk}])
    (answer,) = door_sync(
        event=other, by=officer, actions=[{"id": same, "kind": "checkin", "rsvp": there.pk}]
    )
    assert (answer["outcome"], answer["code"]) == ("refused", "bad_action")
    there.refresh_from_db()
    assert there.checked_in_at is None


def test_a_count_sent_late_never_overwrites_a_newer_check_in_but_corrects_its_own(officer, event):
    rsvp = factories.rsvp(event, party_size=4)
    mine = _id()
    door_sync(
        event=event,
        by=officer,
        actions=[{"id": mine, "kind": "checkin", "rsvp": rsvp.pk, "arrived": 3}],
    )
    # Another phone, which saw another check-in (or none), sends "all 4": not applied.
    (late,) = door_sync(
        event=event,
        by=officer,
        actions=[{"id": _id(), "kind": "checkin", "rsvp": rsvp.pk, "arrived": 4, "seen": "other"}],
    )
    rsvp.refresh_from_db()
    assert (late["outcome"], rsvp.arrived) == ("unchanged", 3)
    # The phone that made the check-in corrects it: the fourth came.
    (own,) = door_sync(
        event=event,
        by=officer,
        actions=[{"id": _id(), "kind": "checkin", "rsvp": rsvp.pk, "arrived": 4, "seen": mine}],
    )
    rsvp.refresh_from_db()
    assert (own["outcome"], rsvp.arrived) == ("applied", 4)


def test_an_undo_from_a_phone_that_saw_no_check_in_undoes_nothing(officer, event):
    rsvp = factories.rsvp(event)
    checkin_mark(rsvp=rsvp, by=officer)
    (answer,) = door_sync(
        event=event, by=officer, actions=[{"id": _id(), "kind": "undo", "rsvp": rsvp.pk}]
    )
    rsvp.refresh_from_db()
    assert (answer["outcome"], rsvp.checked_in_at is not None) == ("conflict", True)


def test_a_walk_in_with_a_bad_contact_is_counted_without_it(officer, event):
    (answer,) = door_sync(
        event=event,
        by=officer,
        actions=[
            {
                "id": _id(),
                "kind": "walkin",
                "head_count": 3,
                "email": "not an email",
                "consent": True,
            }
        ],
    )
    assert (answer["outcome"], answer["code"]) == ("applied", "contact_dropped")
    assert answer["message"] == (
        "The walk-in is counted, without its contact details: "
        "Enter a valid e-mail address, or leave it empty."
    )
    assert list(WalkIn.objects.values_list("head_count", "email")) == [(3, "")]


def test_a_refusal_replayed_keeps_its_reason(officer):
    week = factories.event(officers=[officer])
    rsvp = factories.rsvp(week)
    action = {"id": _id(), "kind": "checkin", "rsvp": rsvp.pk}
    first = door_sync(event=week, by=officer, actions=[action])
    assert door_sync(event=week, by=officer, actions=[action]) == first
    assert first[0]["message"].startswith("Check-in for this event opens on ")


def test_a_phone_clock_set_back_cannot_check_in_after_the_door_closed(officer):
    held = factories.event(officers=[officer], start=timezone.now() - dt.timedelta(hours=30))
    rsvp = factories.rsvp(held)
    made = int((held.end + dt.timedelta(minutes=5)).timestamp() * 1000)
    (answer,) = door_sync(
        event=held,
        by=officer,
        actions=[{"id": _id(), "kind": "checkin", "rsvp": rsvp.pk, "at": made}],
    )
    assert (answer["outcome"], answer["code"]) == ("refused", "checkin_closed")


def test_a_party_made_smaller_after_its_check_in_counts_no_more_than_its_size(officer, event):
    from rsvp.services import rsvp_change_party_size

    rsvp = factories.rsvp(event, party_size=4)
    checkin_mark(rsvp=rsvp, by=officer)
    rsvp_change_party_size(rsvp=rsvp, party_size=2)
    rsvp.refresh_from_db()
    assert (rsvp.party_size, rsvp.arrived) == (2, 2)
