"""Retention by schedule: an event's residents' data is erased a set time after it ended."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from notifications.models import Notification
from ops.schedules import schedules_all
from privacy.models import RetentionRun
from privacy.services import events_due, legal_hold_lift, legal_hold_set, retention_purge
from rsvp.models import Attendee, ManageLink, Rsvp, WalkIn
from rsvp.officers.reports import report_build
from scheduler.tokens import token_hash, token_new
from tests import factories

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def _ended(days_ago: int, **kw):
    start = NOW - dt.timedelta(days=days_ago, hours=2)
    return factories.event(start=start, end=start + dt.timedelta(hours=1), **kw)


def _came(event, attendee, **kw):
    rsvp = factories.rsvp(event, attendee=attendee, **kw)
    Rsvp.objects.filter(pk=rsvp.pk).update(checked_in_at=event.start, arrived=F("party_size"))
    return rsvp


def _notice(rsvp, **kw):
    return Notification.objects.create(
        kind="confirmed",
        attendee=rsvp.attendee,
        rsvp=rsvp,
        event=rsvp.event,
        due_at=rsvp.event.start,
        dedupe_key=f"test-{token_new()}",
        payload={"title": ["Old", "New"]},
        last_error="550 mailbox full for ana@example.org",
        **kw,
    )


@pytest.fixture
def city(settings):
    settings.PORCHLIGHT = {**settings.PORCHLIGHT, "RETENTION_DAYS": 90}
    ana = factories.attendee(email="ana@example.org")
    ben = factories.attendee(email="ben@example.org")
    old = _ended(100)  # past the site's 90 days
    recent = _ended(10)
    ana_old = _came(
        old, ana, name="Ana Ruiz", phone="+15035550100", accessibility_needs="ASL interpreter"
    )
    ben_old = factories.rsvp(old, attendee=ben, name="Ben Okafor", party_size=2)
    ana_recent = _came(recent, ana, name="Ana Ruiz")
    ManageLink.objects.create(rsvp=ana_old, token_hash=token_hash("a-notice-link"))
    _notice(ana_old)
    _notice(ana_recent)
    factories.walkin(old, name="Carla (neighbor)", head_count=2)
    factories.walkin(recent, name="Dee")
    return {
        "ana": ana,
        "ben": ben,
        "old": old,
        "recent": recent,
        "ana_old": ana_old,
        "ben_old": ben_old,
        "ana_recent": ana_recent,
    }


def _row(rsvp):
    rsvp = Rsvp.objects.get(pk=rsvp.pk)
    return (
        rsvp.attendee_id,
        rsvp.name,
        rsvp.phone,
        rsvp.accessibility_needs,
        rsvp.party_size,
        rsvp.status,
        rsvp.checked_in_at is not None,
        rsvp.first_visit,
    )


def test_purge_erases_exactly_the_personal_data_of_events_past_retention(city):
    old_hash = Rsvp.objects.get(pk=city["ana_old"].pk).manage_token_hash
    result = retention_purge(now=NOW)

    assert result.event_ids == [city["old"].pk]
    assert (result.erased.rsvps, result.erased.attendees, result.erased.walkins) == (2, 1, 1)
    assert result.erased.notices == 1
    # The rows stay for the counts, without anything that says who they were.
    assert _row(city["ana_old"]) == (None, "", "", "", 1, "confirmed", True, True)
    assert _row(city["ben_old"]) == (None, "", "", "", 2, "confirmed", False, None)
    assert Rsvp.objects.get(pk=city["ana_old"].pk).manage_token_hash != old_hash
    assert not ManageLink.objects.filter(rsvp=city["ana_old"]).exists()
    # Ben had nothing else: deleted. Ana keeps her recent RSVP, untouched.
    assert list(Attendee.objects.values_list("email", flat=True)) == ["ana@example.org"]
    assert _row(city["ana_recent"]) == (
        city["ana"].pk,
        "Ana Ruiz",
        "",
        "",
        1,
        "confirmed",
        True,
        None,
    )
    assert list(Notification.objects.values_list("rsvp_id", flat=True)) == [city["ana_recent"].pk]
    assert sorted(WalkIn.objects.values_list("event_id", "name", "head_count")) == sorted(
        [(city["old"].pk, "", 2), (city["recent"].pk, "Dee", 1)]
    )
    city["old"].refresh_from_db()
    city["recent"].refresh_from_db()
    assert city["old"].personal_data_erased_at == NOW
    assert city["recent"].personal_data_erased_at is None


def test_a_program_sets_its_own_period(city):
    city["recent"].program.retention_days = 7
    city["recent"].program.save()
    city["old"].program.retention_days = 365
    city["old"].program.save()
    assert list(events_due(NOW)) == [city["recent"]]


def test_purge_is_idempotent_and_every_run_is_logged(city):
    first = retention_purge(now=NOW, trigger="schedule")
    second = retention_purge(now=NOW, trigger="command")
    assert (second.event_ids, second.erased.rsvps, second.erased.attendees) == ([], 0, 0)
    assert list(
        RetentionRun.objects.order_by("started_at", "id").values_list(
            "trigger", "dry_run", "events", "rsvps", "attendees", "walkins", "notices", "held"
        )
    ) == [("schedule", False, 1, 2, 1, 1, 1, 0), ("command", False, 0, 0, 0, 0, 0, 0)]
    assert first.run.finished_at >= first.run.started_at


def test_a_legal_hold_keeps_the_data_until_it_is_lifted(city):
    coordinator = factories.user("coordinator")
    hold = legal_hold_set(event=city["old"], by=coordinator, reason="Records request PRR-2026-114")

    result = retention_purge(now=NOW)
    assert (result.event_ids, result.held_ids, result.run.held) == ([], [city["old"].pk], 1)
    assert _row(city["ana_old"])[:4] == (
        city["ana"].pk,
        "Ana Ruiz",
        "+15035550100",
        "ASL interpreter",
    )
    assert Attendee.objects.filter(email="ben@example.org").exists()

    assert legal_hold_lift(hold=hold, by=coordinator) is True
    assert legal_hold_lift(hold=hold, by=coordinator) is False
    hold.refresh_from_db()
    assert (hold.set_by, hold.lifted_by, hold.reason) == (
        coordinator,
        coordinator,
        "Records request PRR-2026-114",
    )
    assert retention_purge(now=NOW).event_ids == [city["old"].pk]
    assert _row(city["ana_old"])[:4] == (None, "", "", "")


def test_report_totals_are_the_same_before_and_after_a_purge(city, settings):
    # Ana came first to the old event, then returned: after the old RSVP lost its link to
    # her, the recent one must still count as "returning", the old one as "first time".
    coordinator = factories.user("coordinator")
    period = {"start": (NOW - dt.timedelta(days=400)).date(), "end": NOW.date()}

    def figures():
        total = report_build(coordinator, now=NOW, **period).total
        return (
            total.events,
            total.rsvps,
            total.expected,
            total.attended,
            total.walkins,
            total.no_shows,
            total.first_time,
            total.returning,
        )

    before = figures()
    assert before == (2, 3, 4, 2, 3, 2, 1, 1)
    retention_purge(now=NOW)
    assert figures() == before
    # And once the recent event is erased too (Ana is deleted), still the same.
    retention_purge(now=NOW + dt.timedelta(days=85))
    assert Attendee.objects.count() == 0
    assert figures() == before


def test_dry_run_changes_nothing_and_says_what_a_real_run_would_do(city):
    out = io.StringIO()
    call_command("retention_purge", "--dry-run", stdout=out)
    assert out.getvalue() == (
        "Would erase: 1 events, 2 RSVPs, 1 residents, 1 walk-in names, 1 notices. "
        f"Kept by a legal hold: 0 events.\nEvents: #{city['old'].pk}\n"
    )
    assert _row(city["ana_old"])[:4] == (
        city["ana"].pk,
        "Ana Ruiz",
        "+15035550100",
        "ASL interpreter",
    )
    assert Attendee.objects.count() == 2
    assert Notification.objects.count() == 2

    out = io.StringIO()
    call_command("retention_purge", stdout=out)
    assert out.getvalue().startswith("Erased: 1 events, 2 RSVPs, 1 residents, 1 walk-in names")
    assert list(RetentionRun.objects.order_by("id").values_list("dry_run", "rsvps")) == [
        (True, 2),
        (False, 2),
    ]


def test_manage_and_feed_links_stop_working_after_the_purge(client, city):
    token = token_new()
    Rsvp.objects.filter(pk=city["ben_old"].pk).update(manage_token_hash=token_hash(token))
    feed = city["ben"].feed_token_rotate()
    assert client.get(f"/rsvp/{token}/").status_code == 200
    assert client.get(f"/calendar/me/{feed}.ics").status_code == 200

    retention_purge(now=NOW)
    assert client.get(f"/rsvp/{token}/").status_code == 404
    assert client.get(f"/calendar/me/{feed}.ics").status_code == 404


def test_after_the_purge_the_roster_shows_counts_and_no_names(client, city):
    officer = factories.user("officer")
    city["old"].officers.add(officer)
    client.force_login(officer)
    assert "Ana Ruiz" in client.get(f"/officers/events/{city['old'].pk}/attendance/").text

    retention_purge(now=NOW)
    page = client.get(f"/officers/events/{city['old'].pk}/attendance/")
    assert page.status_code == 200
    for personal in ("Ana Ruiz", "Ben Okafor", "ana@example.org", "Carla", "+15035550100"):
        assert personal not in page.text
    assert "erased" in page.text


def test_the_purge_runs_daily_on_the_task_schedule():
    assert schedules_all()["porchlight: erase residents' data past its retention period"] == (
        "privacy.tasks.retention_purge_daily",
        "D",
        None,
    )
