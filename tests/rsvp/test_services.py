import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from rsvp.errors import RsvpError
from rsvp.models import Attendee, ManageLink, Rsvp, token_hash
from rsvp.services import (
    checkin_mark,
    checkin_undo,
    rsvp_by_token,
    rsvp_cancel,
    rsvp_change_party_size,
    rsvp_change_refusal,
    rsvp_create,
    seats_confirmed,
    waitlist_position,
    walkin_record,
)
from scheduler.errors import CapacityError
from scheduler.services import event_cancel, event_capacity_set
from tests import factories

pytestmark = pytest.mark.django_db


def _rsvp(event, size=1, email=None, **kw):
    email = email or f"r{factories.n()}@example.org"
    return rsvp_create(event=event, email=email, name="Resident", party_size=size, **kw).rsvp


def _statuses(event):
    return list(Rsvp.objects.filter(event=event).order_by("id").values_list("party_size", "status"))


def test_confirms_while_the_whole_party_fits_then_waitlists_in_arrival_order():
    event = factories.event(capacity=5)
    first, second, third, fourth = (_rsvp(event, s) for s in (3, 3, 2, 1))
    assert _statuses(event) == [
        (3, "confirmed"),
        (3, "waitlisted"),
        (2, "confirmed"),
        (1, "waitlisted"),
    ]
    assert [waitlist_position(r) for r in (first, second, third, fourth)] == [None, 1, None, 2]
    assert seats_confirmed(event.pk) == 5


def test_unlimited_capacity_confirms_everyone():
    event = factories.event(capacity=None)
    for size in (6, 6, 6):
        _rsvp(event, size)
    assert seats_confirmed(event.pk) == 18


def test_create_returns_the_clear_manage_token_stored_only_as_a_hash():
    event = factories.event()
    result = rsvp_create(event=event, email=" Ana@Example.ORG ", name="Ana", party_size=2)
    assert result.created is True
    assert len(result.manage_token) >= 32
    attendee = Attendee.objects.get()
    assert attendee.email == "ana@example.org"
    assert result.rsvp.manage_token_hash == token_hash(result.manage_token)
    # No personal-feed token until one is e-mailed to the address on request.
    assert attendee.feed_token_hash is None
    assert result.manage_token not in str(Rsvp.objects.values_list())
    assert rsvp_by_token(result.manage_token) == result.rsvp
    assert rsvp_by_token(result.manage_token + "x") is None
    assert rsvp_by_token("") is None and rsvp_by_token("a" * 500) is None


def test_a_manage_link_recorded_for_a_notice_opens_its_rsvp():
    event = factories.event()
    mine = rsvp_create(event=event, email="ana@example.org", name="Ana").rsvp
    rsvp_create(event=event, email="bo@example.org", name="Bo")
    ManageLink.objects.create(rsvp=mine, token_hash=token_hash("link-from-a-notice-e-mail"))
    assert rsvp_by_token("link-from-a-notice-e-mail") == mine
    assert rsvp_by_token("link-from-another-e-mail") is None


def test_repeat_for_same_email_changes_nothing_and_returns_no_token():
    event = factories.event(capacity=10)
    first = rsvp_create(event=event, email="ana@example.org", name="Ana", party_size=2)
    again = rsvp_create(event=event, email="ANA@example.org", name="Mallory", party_size=6)
    assert (again.created, again.manage_token) == (False, None)
    assert again.rsvp.pk == first.rsvp.pk
    assert _statuses(event) == [(2, "confirmed")]
    assert list(Rsvp.objects.values_list("name", flat=True)) == ["Ana"]


def test_database_allows_one_active_rsvp_per_attendee_per_event():
    event = factories.event()
    attendee = factories.attendee()
    factories.rsvp(event, attendee=attendee)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.rsvp(event, attendee=attendee)
    factories.rsvp(event, attendee=factories.attendee(), status="cancelled")


def test_after_cancelling_a_resident_can_rsvp_again():
    event = factories.event()
    first = _rsvp(event, 1, email="a@example.org")
    rsvp_cancel(rsvp=first)
    second = _rsvp(event, 2, email="a@example.org")
    assert second.pk != first.pk
    assert _statuses(event) == [(1, "cancelled"), (2, "confirmed")]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": "cancelled"}, "This event has been cancelled."),
        ({"start": "past"}, "This event has already started, so RSVPs are closed."),
        ({"rsvp_closes_at": "past"}, "RSVPs for this event are closed."),
        ({"rsvp_opens_at": "future"}, "RSVPs open on"),
        ({"capacity": 0}, "This event takes no RSVPs; just come by."),
    ],
)
def test_closed_rsvps_are_refused_with_a_reason(changes, message):
    now = timezone.now()
    values = {
        key: {"past": now - dt.timedelta(minutes=5), "future": now + dt.timedelta(days=1)}.get(v, v)
        for key, v in changes.items()
    }
    if "start" in values:
        values["end"] = now + dt.timedelta(hours=1)
    event = factories.event(**values)
    with pytest.raises(RsvpError) as info:
        _rsvp(event)
    assert info.value.code == "rsvp_closed"
    assert info.value.message.startswith(message)
    assert Rsvp.objects.count() == 0


def test_party_larger_than_allowed_is_refused():
    event = factories.event(max_party_size=4)
    with pytest.raises(RsvpError) as info:
        _rsvp(event, 5)
    assert (info.value.code, info.value.field, info.value.message) == (
        "party_too_large",
        "party_size",
        "At most 4 people per RSVP for this event.",
    )


def test_cancel_gives_seats_to_the_earliest_party_that_fits_and_big_party_keeps_its_place():
    event = factories.event(capacity=4)
    confirmed = _rsvp(event, 2)
    _rsvp(event, 2)
    big = _rsvp(event, 3)
    small = _rsvp(event, 1)
    assert _statuses(event) == [
        (2, "confirmed"),
        (2, "confirmed"),
        (3, "waitlisted"),
        (1, "waitlisted"),
    ]
    assert rsvp_cancel(rsvp=confirmed) is True
    # 2 seats free: the party of 3 does not fit and keeps first place; the party of 1 moves up.
    assert _statuses(event) == [
        (2, "cancelled"),
        (2, "confirmed"),
        (3, "waitlisted"),
        (1, "confirmed"),
    ]
    big.refresh_from_db()
    small.refresh_from_db()
    assert (waitlist_position(big), small.promoted_at is not None) == (1, True)
    assert rsvp_cancel(rsvp=confirmed) is False


def test_shrinking_a_party_promotes_and_growing_takes_only_free_seats():
    event = factories.event(capacity=6)
    a = _rsvp(event, 4)
    _rsvp(event, 2)
    waiting = _rsvp(event, 1)
    with pytest.raises(RsvpError) as info:
        rsvp_change_party_size(rsvp=a, party_size=5)
    assert info.value.message == "Only 0 more seats left, so your party can be at most 4."
    rsvp_change_party_size(rsvp=a, party_size=3)
    waiting.refresh_from_db()
    assert (a.party_size, waiting.status) == (3, "confirmed")


def test_waitlisted_party_that_shrinks_may_now_fit():
    event = factories.event(capacity=3)
    _rsvp(event, 2)
    waiting = _rsvp(event, 2)
    rsvp_change_party_size(rsvp=waiting, party_size=1)
    assert waiting.status == "confirmed"


def test_raising_capacity_promotes_in_arrival_order():
    event = factories.event(capacity=2)
    _rsvp(event, 2)
    first, second, third = _rsvp(event, 2), _rsvp(event, 1), _rsvp(event, 2)
    event_capacity_set(event=event, capacity=5)
    assert [
        r.status for r in Rsvp.objects.filter(pk__in=[first.pk, second.pk, third.pk]).order_by("id")
    ] == [
        "confirmed",
        "confirmed",
        "waitlisted",
    ]
    event_capacity_set(event=event, capacity=None)
    third.refresh_from_db()
    assert third.status == "confirmed"


def test_lowering_capacity_below_confirmed_seats_is_refused():
    event = factories.event(capacity=10)
    _rsvp(event, 4)
    with pytest.raises(CapacityError, match="4 seats are already confirmed"):
        event_capacity_set(event=event, capacity=3)
    event.refresh_from_db()
    assert event.capacity == 10
    event_capacity_set(event=event, capacity=4)
    event.refresh_from_db()
    assert event.capacity == 4


def test_waitlist_stops_moving_at_the_cutoff():
    start = timezone.now() + dt.timedelta(hours=3)
    event = factories.event(capacity=1, start=start, promotion_cutoff_minutes=120)
    first = _rsvp(event, 1)
    waiting = _rsvp(event, 1)
    after_cutoff = start - dt.timedelta(minutes=90)
    rsvp_cancel(rsvp=first, now=after_cutoff)
    waiting.refresh_from_db()
    assert waiting.status == "waitlisted"
    before_cutoff = start - dt.timedelta(minutes=150)
    rsvp_change_party_size(rsvp=waiting, party_size=1, now=before_cutoff)  # unchanged: no-op
    event_capacity_set(event=event, capacity=2, now=before_cutoff)
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_cancelled_event_promotes_nobody():
    event = factories.event(capacity=1)
    first = _rsvp(event, 1)
    waiting = _rsvp(event, 1)
    event_cancel(event=event)
    rsvp_cancel(rsvp=first)
    waiting.refresh_from_db()
    assert waiting.status == "waitlisted"


def test_change_party_size_of_cancelled_rsvp_is_refused():
    event = factories.event()
    rsvp = _rsvp(event)
    rsvp_cancel(rsvp=rsvp)
    with pytest.raises(RsvpError, match="cancelled"):
        rsvp_change_party_size(rsvp=rsvp, party_size=2)


def test_checkin_is_idempotent_and_records_who_and_when():
    officer, other = factories.user("officer"), factories.user("officer")
    rsvp = _rsvp(factories.event(start=factories.door_open()))
    first = checkin_mark(rsvp=rsvp, by=officer).checked_in_at
    checkin_mark(rsvp=rsvp, by=other)
    assert (rsvp.checked_in_at, rsvp.checked_in_by) == (first, officer)
    checkin_undo(rsvp=rsvp, by=officer)
    checkin_undo(rsvp=rsvp, by=officer)
    assert (rsvp.checked_in_at, rsvp.checked_in_by) == (None, None)


def test_after_the_cutoff_a_newcomer_does_not_take_a_seat_ahead_of_the_waitlist():
    start = timezone.now() + dt.timedelta(hours=3)
    event = factories.event(capacity=1, start=start, promotion_cutoff_minutes=120)
    first = _rsvp(event, 1)
    waiting = _rsvp(event, 1)
    after_cutoff = start - dt.timedelta(minutes=60)
    rsvp_cancel(rsvp=first, now=after_cutoff)
    newcomer = _rsvp(event, 1, now=after_cutoff)
    waiting.refresh_from_db()
    assert (waiting.status, newcomer.status) == ("waitlisted", "waitlisted")
    assert [waitlist_position(waiting), waitlist_position(newcomer)] == [1, 2]


def test_a_newcomer_may_take_seats_a_larger_waiting_party_cannot_use():
    event = factories.event(capacity=3)
    _rsvp(event, 2)
    big = _rsvp(event, 2)
    small = _rsvp(event, 1)
    assert (big.status, small.status) == ("waitlisted", "confirmed")


def test_rsvps_cannot_be_changed_or_cancelled_once_the_event_started():
    start = timezone.now() + dt.timedelta(hours=1)
    event = factories.event(start=start)
    rsvp = _rsvp(event, 1)
    later = start + dt.timedelta(minutes=5)
    with pytest.raises(RsvpError) as changed:
        rsvp_change_party_size(rsvp=rsvp, party_size=2, now=later)
    with pytest.raises(RsvpError) as cancelled:
        rsvp_cancel(rsvp=rsvp, now=later)
    assert (changed.value.code, cancelled.value.code) == ("event_started", "event_started")
    rsvp.refresh_from_db()
    assert (rsvp.party_size, rsvp.status) == (1, "confirmed")


def test_party_size_of_a_cancelled_event_cannot_change():
    event = factories.event()
    rsvp = _rsvp(event, 1)
    event_cancel(event=event)
    with pytest.raises(RsvpError, match="This event has been cancelled."):
        rsvp_change_party_size(rsvp=rsvp, party_size=2)


def test_texts_go_only_to_the_number_given_with_that_rsvp():
    first = factories.event()
    second = factories.event()
    # Someone else used this address first, with their own number.
    rsvp_create(event=first, email="v@example.org", name="X", phone="+15035550199", sms_opt_in=True)
    own = rsvp_create(
        event=second, email="v@example.org", name="V", phone="+15035550100", sms_opt_in=True
    ).rsvp
    assert (own.phone, own.sms_opt_in) == ("+15035550100", True)
    without = rsvp_create(event=factories.event(), email="v@example.org", name="V").rsvp
    assert (without.phone, without.sms_opt_in) == ("", False)


def test_change_refusal_names_exactly_what_the_services_refuse():
    start = timezone.now() + dt.timedelta(hours=1)
    before, after = start - dt.timedelta(minutes=1), start + dt.timedelta(minutes=10)
    open_rsvp = _rsvp(factories.event(start=start))
    on_cancelled_event = _rsvp(factories.event(start=start))
    event_cancel(event=on_cancelled_event.event)
    cancelled = _rsvp(factories.event(start=start))
    rsvp_cancel(rsvp=cancelled, now=before)

    def refused(call) -> str | None:
        try:
            with transaction.atomic():
                call()
                transaction.set_rollback(True)  # only the answer is wanted here
        except RsvpError as exc:
            return exc.message
        return None

    def answers(rsvp, now):
        fresh = Rsvp.objects.select_related("event").get(pk=rsvp.pk)
        return (
            rsvp_change_refusal(fresh, now),
            refused(lambda: rsvp_change_party_size(rsvp=fresh, party_size=2, now=now)),
            rsvp_change_refusal(fresh, now, cancel=True),
            refused(lambda: rsvp_cancel(rsvp=Rsvp.objects.get(pk=rsvp.pk), now=now)),
        )

    started = "This event has already started, so the RSVP can no longer be changed."
    event_cancelled = "This event has been cancelled, so your party size can no longer be changed."
    assert [
        answers(r, now) for r in (open_rsvp, on_cancelled_event) for now in (before, after)
    ] == [
        (None, None, None, None),
        (started, started, started, started),
        (event_cancelled, event_cancelled, None, None),
        (event_cancelled, event_cancelled, started, started),
    ]
    gone = "This RSVP was cancelled, so it can no longer be changed."
    assert rsvp_change_refusal(cancelled, before) == gone
    assert refused(lambda: rsvp_change_party_size(rsvp=cancelled, party_size=2, now=before)) == gone
    # Cancelling twice is harmless, not an error; the page offers no second cancel.
    assert (rsvp_change_refusal(cancelled, before, cancel=True), rsvp_cancel(rsvp=cancelled)) == (
        gone,
        False,
    )


def test_walkin_record_counts_heads_and_folds_the_name_by_the_rules():
    officer = factories.user("officer")
    event = factories.event(officers=[officer], start=factories.door_open())
    walkin = walkin_record(event=event, by=officer, head_count=500, name="  Sam \t Lee ")
    assert (walkin.head_count, walkin.name) == (500, "Sam Lee")
    with pytest.raises(RsvpError) as refused:
        walkin_record(event=event, by=officer, head_count=501)
    assert (refused.value.code, refused.value.field, refused.value.status) == (
        "head_count",
        "head_count",
        400,
    )
