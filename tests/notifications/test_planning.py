"""What each RSVP and event change puts in the outbox (planning, not delivery)."""

import datetime as dt
import zoneinfo

import pytest
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from notifications.email import changes_text
from notifications.models import Notification
from notifications.planning import notices_for_waitlist_cutoff, reminder_due_at
from notifications.tasks import notice_send
from rsvp.models import Rsvp
from rsvp.services import rsvp_cancel, rsvp_create
from scheduler.services import event_cancel, event_save
from tests import factories

pytestmark = pytest.mark.django_db

LA = zoneinfo.ZoneInfo("America/Los_Angeles")
UTC = dt.UTC


def rows(**filters):
    return list(
        Notification.objects.filter(**filters)
        .order_by("kind", "channel", "-offset_minutes", "id")
        .values_list("kind", "channel", "offset_minutes", "state")
    )


def test_confirmed_rsvp_plans_confirmation_and_both_reminders():
    start = timezone.now() + dt.timedelta(days=7)
    event = factories.event(start=start, timezone="America/Los_Angeles")
    result = rsvp_create(event=event, email="ana@example.org", name="Ana")
    assert rows(rsvp=result.rsvp) == [
        ("confirmed", "email", None, "pending"),
        ("reminder", "email", 1440, "pending"),
        ("reminder", "email", 120, "pending"),
    ]
    reminders = Notification.objects.filter(kind="reminder").order_by("-offset_minutes")
    assert [r.due_at for r in reminders] == [
        reminder_due_at(start, "America/Los_Angeles", 1440),
        start - dt.timedelta(minutes=120),
    ]
    assert [r.dedupe_key for r in reminders] == [
        f"reminder:email:1440:rsvp{result.rsvp.pk}:seq0",
        f"reminder:email:120:rsvp{result.rsvp.pk}:seq0",
    ]


def test_waitlisted_rsvp_gets_a_waitlist_notice_and_no_reminders():
    event = factories.event(capacity=1)
    rsvp_create(event=event, email="first@example.org", name="First")
    second = rsvp_create(event=event, email="second@example.org", name="Second")
    assert rows(rsvp=second.rsvp) == [("waitlisted", "email", None, "pending")]


def test_promotion_plans_promoted_notice_and_reminders():
    event = factories.event(capacity=1)
    first = rsvp_create(event=event, email="first@example.org", name="First")
    second = rsvp_create(event=event, email="second@example.org", name="Second")
    rsvp_cancel(rsvp=first.rsvp)
    assert rows(rsvp=second.rsvp) == [
        ("promoted", "email", None, "pending"),
        ("reminder", "email", 1440, "pending"),
        ("reminder", "email", 120, "pending"),
        ("waitlisted", "email", None, "pending"),
    ]


def test_cancelled_rsvp_gets_a_cancel_notice_and_its_reminders_are_skipped():
    event = factories.event()
    result = rsvp_create(event=event, email="ana@example.org", name="Ana")
    rsvp_cancel(rsvp=result.rsvp)
    assert rows(rsvp=result.rsvp) == [
        ("cancelled", "email", None, "pending"),
        ("confirmed", "email", None, "pending"),
        ("reminder", "email", 1440, "skipped"),
        ("reminder", "email", 120, "skipped"),
    ]


def test_repeat_rsvp_resends_the_link_at_most_once_per_window(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    event = factories.event()
    rsvp_create(event=event, email="ana@example.org", name="Ana")
    for typed in ("ANA@example.org", "ana@example.org", " Ana@Example.org"):
        rsvp_create(event=event, email=typed, name="Someone")
    # Every repeat plans its notice, as a new RSVP does (the same work either way)...
    resent = Notification.objects.filter(kind="link_resent").order_by("id")
    assert resent.count() == 3
    # ...and delivery lets one through per window, so the form cannot flood the inbox.
    assert [notice_send(pk) for pk in resent.values_list("pk", flat=True)] == [
        "sent",
        "skipped",
        "skipped",
    ]
    assert (
        list(resent.values_list("last_error", flat=True))[1:]
        == ["Its link had been sent to this address a few minutes before."] * 2
    )
    resent.update(created_at=F("created_at") - dt.timedelta(minutes=11))
    rsvp_create(event=event, email="ana@example.org", name="Someone")
    assert notice_send(resent.last().pk) == "sent"


def test_the_same_notice_cannot_be_created_twice():
    event = factories.event()
    result = rsvp_create(event=event, email="ana@example.org", name="Ana")
    from rsvp.signals import rsvp_changed

    with transaction.atomic():
        rsvp_changed.send(sender=Rsvp, rsvp=result.rsvp, kind="confirmed")
    assert Notification.objects.filter(kind="confirmed").count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            kind="confirmed",
            attendee=result.rsvp.attendee,
            rsvp=result.rsvp,
            event=event,
            due_at=timezone.now(),
            dedupe_key=f"confirmed:rsvp{result.rsvp.pk}",
        )


def test_outbox_rows_roll_back_with_the_change_that_caused_them():
    event = factories.event()
    with pytest.raises(RuntimeError), transaction.atomic():
        rsvp_create(event=event, email="ana@example.org", name="Ana")
        raise RuntimeError("the surrounding transaction fails")
    assert Notification.objects.count() == 0


def test_reminder_whose_moment_already_passed_is_recorded_as_skipped():
    event = factories.event(start=timezone.now() + dt.timedelta(hours=5))
    result = rsvp_create(event=event, email="ana@example.org", name="Ana")
    assert rows(rsvp=result.rsvp, kind="reminder") == [
        ("reminder", "email", 1440, "skipped"),
        ("reminder", "email", 120, "pending"),
    ]


def test_residents_who_stopped_reminders_get_none_planned():
    event = factories.event()
    attendee = factories.attendee(email="ana@example.org", reminders_enabled=False)
    rsvp_create(event=event, email=attendee.email, name="Ana")
    assert rows(kind="reminder") == []


def test_sms_reminders_only_for_a_phone_with_opt_in():
    event = factories.event()
    texted = rsvp_create(
        event=event, email="text@example.org", name="T", phone="+15035550100", sms_opt_in=True
    )
    not_texted = rsvp_create(
        event=event, email="phone@example.org", name="P", phone="+15035550101", sms_opt_in=False
    )
    assert rows(rsvp=texted.rsvp, kind="reminder") == [
        ("reminder", "email", 1440, "pending"),
        ("reminder", "email", 120, "pending"),
        ("reminder", "sms", 1440, "pending"),
        ("reminder", "sms", 120, "pending"),
    ]
    assert rows(rsvp=not_texted.rsvp, channel="sms") == []


def test_reminder_offsets_come_from_the_program():
    program = factories.program(reminder_offsets_minutes=[2880, 30])
    event = factories.event(program=program)
    result = rsvp_create(event=event, email="ana@example.org", name="Ana")
    assert rows(rsvp=result.rsvp, kind="reminder") == [
        ("reminder", "email", 2880, "pending"),
        ("reminder", "email", 30, "pending"),
    ]


def test_reminder_due_at_counts_whole_days_on_the_wall_clock():
    # Sunday 14 March 2027 is the spring-forward day in Los Angeles.
    start = dt.datetime(2027, 3, 14, 18, 30, tzinfo=LA)
    assert reminder_due_at(start, "America/Los_Angeles", 1440) == dt.datetime(
        2027, 3, 13, 18, 30, tzinfo=LA
    )
    assert reminder_due_at(start, "America/Los_Angeles", 1440 + 30) == dt.datetime(
        2027, 3, 13, 18, 0, tzinfo=LA
    )
    assert reminder_due_at(start, "America/Los_Angeles", 120) == dt.datetime(
        2027, 3, 14, 16, 30, tzinfo=LA
    )
    # Fall back: Sunday 7 November 2027.
    autumn = dt.datetime(2027, 11, 7, 9, 0, tzinfo=LA)
    assert reminder_due_at(autumn, "America/Los_Angeles", 1440) == dt.datetime(
        2027, 11, 6, 9, 0, tzinfo=LA
    )


def test_moving_an_event_across_a_dst_change_replans_pending_reminders():
    before = dt.datetime(2027, 3, 12, 18, 30, tzinfo=LA)  # Friday, PST
    event = factories.event(start=before, timezone="America/Los_Angeles")
    result = rsvp_create(event=event, email="ana@example.org", name="Ana")
    old_ids = list(
        Notification.objects.filter(kind="reminder").order_by("id").values_list("pk", flat=True)
    )

    event.start = dt.datetime(2027, 3, 14, 18, 30, tzinfo=LA)  # Sunday, PDT
    event.end = event.start + dt.timedelta(hours=1)
    event_save(event=event, changed_fields=["start", "end"])

    assert list(Notification.objects.filter(pk__in=old_ids).values_list("state", flat=True)) == [
        "skipped",
        "skipped",
    ]
    fresh = Notification.objects.filter(kind="reminder", state="pending").order_by(
        "-offset_minutes"
    )
    assert [(r.offset_minutes, r.due_at, r.event_sequence) for r in fresh] == [
        (1440, dt.datetime(2027, 3, 14, 2, 30, tzinfo=UTC), 1),  # Sat 18:30 PST
        (120, dt.datetime(2027, 3, 14, 23, 30, tzinfo=UTC), 1),  # Sun 16:30 PDT
    ]
    assert rows(rsvp=result.rsvp, kind="event_changed") == [
        ("event_changed", "email", None, "pending")
    ]
    changed = Notification.objects.get(kind="event_changed")
    # The moments, not words: the e-mail writes them in the resident's language.
    assert changed.payload == {
        "times": [
            ["2027-03-13T02:30:00+00:00", "2027-03-13T03:30:00+00:00", "America/Los_Angeles"],
            ["2027-03-15T01:30:00+00:00", "2027-03-15T02:30:00+00:00", "America/Los_Angeles"],
        ]
    }
    assert changes_text(changed.payload) == {
        "when": ["Fri, Mar 12 · 6:30–7:30 PM", "Sun, Mar 14 · 6:30–7:30 PM"]
    }


def test_a_title_change_tells_nobody_and_keeps_reminders():
    event = factories.event()
    rsvp_create(event=event, email="ana@example.org", name="Ana")
    event.title = "A better title"
    event_save(event=event, changed_fields=["title"])
    assert rows(kind="event_changed") == []
    assert rows(kind="reminder", state="pending") == [
        ("reminder", "email", 1440, "pending"),
        ("reminder", "email", 120, "pending"),
    ]


def test_a_new_venue_is_told_to_confirmed_and_waiting_residents():
    event = factories.event(capacity=1)
    rsvp_create(event=event, email="a@example.org", name="A")
    rsvp_create(event=event, email="b@example.org", name="B")
    old_venue = event.venue
    event.venue = factories.venue(name="Library", address="1 Elm St")
    event_save(event=event, changed_fields=["venue"])
    changed = Notification.objects.filter(kind="event_changed").order_by("id")
    assert [n.payload for n in changed] == [
        {"where": [f"{old_venue.name}, {old_venue.address}", "Library, 1 Elm St"]}
    ] * 2
    # The time did not move: reminders stay as planned.
    assert Notification.objects.filter(kind="reminder", state="skipped").count() == 0


def test_cancelling_an_event_tells_active_rsvps_and_skips_everything_pending():
    event = factories.event(capacity=1)
    confirmed = rsvp_create(event=event, email="a@example.org", name="A")
    waiting = rsvp_create(event=event, email="b@example.org", name="B")
    gone = rsvp_create(event=event, email="c@example.org", name="C")
    rsvp_cancel(rsvp=gone.rsvp)
    event_cancel(event=event, reason="Storm")
    assert list(
        Notification.objects.filter(kind="event_cancelled")
        .order_by("rsvp_id")
        .values_list("rsvp_id", "state")
    ) == [(confirmed.rsvp.pk, "pending"), (waiting.rsvp.pk, "pending")]
    assert rows(state="pending") == [
        ("cancelled", "email", None, "pending"),  # C's own cancellation still goes out
        ("event_cancelled", "email", None, "pending"),
        ("event_cancelled", "email", None, "pending"),
    ]
    assert rows(kind="event_changed") == []


def test_waitlist_closed_notice_once_the_cutoff_passes():
    now = timezone.now()
    event = factories.event(capacity=1, start=now + dt.timedelta(hours=3))
    rsvp_create(event=event, email="a@example.org", name="A")
    waiting = rsvp_create(event=event, email="b@example.org", name="B")
    assert notices_for_waitlist_cutoff(now=now) == []  # cutoff (2 h before) not reached
    later = now + dt.timedelta(hours=1, minutes=1)
    notices_for_waitlist_cutoff(now=later)
    notices_for_waitlist_cutoff(now=later + dt.timedelta(minutes=1))
    assert rows(kind="waitlist_closed") == [("waitlist_closed", "email", None, "pending")]
    assert Notification.objects.get(kind="waitlist_closed").rsvp_id == waiting.rsvp.pk
