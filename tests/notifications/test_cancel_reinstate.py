"""A cancelled event's notice gives the coordinator's reason; a reinstated event is told too.

Built through the real path: the event services' signals plan the notices, delivery
renders and sends them (locmem backend).
"""

import datetime as dt

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from notifications.models import Notification
from notifications.tasks import notice_send
from rsvp.services import rsvp_cancel, rsvp_create
from scheduler import signals
from scheduler.locking import event_locked
from scheduler.models import Event
from scheduler.services import event_cancel
from tests import factories
from tests.notifications.catalog import translated

pytestmark = pytest.mark.django_db


def reinstate(event: Event) -> None:
    """What the event service does (another branch adds it to scheduler.services)."""
    with event_locked(event.pk) as current:
        current.status = Event.Status.SCHEDULED
        current.cancelled_at = None
        current.cancellation_reason = ""
        current.save()
        signals.event_reinstated.send(sender=Event, event=current)
    event.refresh_from_db()


def send_due() -> list[str]:
    """Deliver every due notice, as the workers would; the subjects of what went out."""
    before = len(mail.outbox)
    due = Notification.objects.filter(state="pending", due_at__lte=timezone.now())
    for pk in due.order_by("id").values_list("pk", flat=True):
        notice_send(pk)
    return [m.subject for m in mail.outbox[before:]]


def calendar_of(message):
    parts = [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]
    return [
        (p.get_param("method"), icalendar.Calendar.from_ical(p.get_payload(decode=True)))
        for p in parts
    ]


def rows(**filters):
    return list(
        Notification.objects.filter(**filters)
        .order_by("rsvp_id", "kind", "-offset_minutes", "id")
        .values_list("rsvp_id", "kind", "event_sequence", "state")
    )


def test_cancelled_email_gives_the_reason_in_text_and_html():
    event = factories.event(title="Night Walk")
    rsvp_create(event=event, email="ana@example.org", name="Ana")
    event_cancel(event=event, reason="The park is flooded & closed.")
    assert send_due() == ["Cancelled: Night Walk"]
    [message] = mail.outbox
    assert message.body.startswith(
        "We're sorry: this event has been cancelled. Reason: The park is flooded & closed.\n"
    )
    [(html, _)] = message.alternatives
    assert (
        "<p>We're sorry: this event has been cancelled. Reason: The park is flooded &amp; closed."
        "</p>" in html
    )


def test_cancelled_email_in_spanish_gives_the_reason():
    """Needs the Spanish catalog."""
    event = factories.event(title="Caminata")
    rsvp_create(event=event, email="lupe@example.org", name="Lupe", language="es")
    event_cancel(event=event, reason="Alerta de tormenta.")
    assert send_due() == [translated("es", "Cancelled: %(title)s", title="Caminata")]
    sorry = translated("es", "We're sorry: this event has been cancelled.")
    reason = translated("es", "Reason: %(reason)s", reason="Alerta de tormenta.")
    assert mail.outbox[0].body.startswith(f"{sorry} {reason}\n")
    assert f"<p>{sorry} {reason}</p>" in mail.outbox[0].alternatives[0][0]


def test_cancelled_email_without_a_reason_says_none():
    event = factories.event(title="Night Walk")
    rsvp_create(event=event, email="ana@example.org", name="Ana")
    event_cancel(event=event)
    send_due()
    assert mail.outbox[0].body.startswith("We're sorry: this event has been cancelled.\n")
    assert "Reason" not in mail.outbox[0].body


def test_the_notice_keeps_the_reason_given_for_its_own_cancellation():
    event = factories.event(title="Night Walk")
    rsvp_create(event=event, email="ana@example.org", name="Ana")
    event_cancel(event=event, reason="Storm warning.")
    send_due()
    reinstate(event)
    event_cancel(event=event, reason="The hall is double-booked.")
    assert [n.payload for n in Notification.objects.filter(kind="event_cancelled")] == [
        {"reason": "Storm warning."},
        {"reason": "The hall is double-booked."},
    ]
    # A coordinator correcting the event's reason later does not rewrite what was said.
    Event.objects.filter(pk=event.pk).update(cancellation_reason="Something else.")
    send_due()
    assert [m.body.split("\n")[0] for m in mail.outbox if m.subject.startswith("Cancelled")] == [
        "We're sorry: this event has been cancelled. Reason: Storm warning.",
        "We're sorry: this event has been cancelled. Reason: The hall is double-booked.",
    ]


def test_reinstating_tells_each_active_rsvp_once_and_replans_reminders():
    event = factories.event(
        title="Night Walk", capacity=1, start=timezone.now() + dt.timedelta(days=5)
    )
    confirmed = rsvp_create(event=event, email="a@example.org", name="A").rsvp
    waiting = rsvp_create(event=event, email="b@example.org", name="B").rsvp
    gone = rsvp_create(event=event, email="c@example.org", name="C").rsvp
    rsvp_cancel(rsvp=gone)
    send_due()
    event_cancel(event=event, reason="Storm warning.")
    assert send_due() == ["Cancelled: Night Walk", "Cancelled: Night Walk"]

    reinstate(event)
    assert event.sequence == 2
    assert rows(kind__in=["event_reinstated", "reminder"], state="pending") == [
        (confirmed.pk, "event_reinstated", 2, "pending"),
        (confirmed.pk, "reminder", 2, "pending"),
        (confirmed.pk, "reminder", 2, "pending"),
        (waiting.pk, "event_reinstated", 2, "pending"),
    ]
    # The reminders planned before the cancellation stay skipped.
    assert rows(kind="reminder", event_sequence=0) == [
        (confirmed.pk, "reminder", 0, "skipped"),
        (confirmed.pk, "reminder", 0, "skipped"),
    ]
    # The same announcement twice (a replayed signal) plans nothing more.
    with event_locked(event.pk) as current:
        signals.event_reinstated.send(sender=Event, event=current)
    assert Notification.objects.filter(kind="event_reinstated").count() == 2

    before = len(mail.outbox)
    assert send_due() == ["It's on again: Night Walk", "It's on again: Night Walk"]
    to_confirmed, to_waiting = mail.outbox[before:]
    assert (to_confirmed.to, to_waiting.to) == (["a@example.org"], ["b@example.org"])
    assert to_confirmed.body.startswith(
        "Good news: this event is on again. Your seat is kept, and the attached invitation "
        "puts the event back in your calendar.\n"
    )
    [(method, cal)] = calendar_of(to_confirmed)
    [vevent] = cal.walk("VEVENT")
    assert (method, str(vevent["UID"]), vevent["SEQUENCE"], str(vevent["STATUS"])) == (
        "REQUEST",
        event.uid,
        2,
        "CONFIRMED",
    )
    # Waiting residents are told, but a seat they do not have stays out of their calendar.
    assert to_waiting.body.startswith(
        "Good news: this event is on again. You keep your place on the waitlist.\n"
    )
    assert calendar_of(to_waiting) == []
    assert send_due() == []


def test_a_cancellation_not_yet_sent_is_dropped_when_the_event_is_reinstated():
    event = factories.event(title="Night Walk")
    mine = rsvp_create(event=event, email="ana@example.org", name="Ana").rsvp
    event_cancel(event=event, reason="Storm warning.")
    reinstate(event)
    assert rows(kind="event_cancelled") == [(mine.pk, "event_cancelled", 1, "skipped")]
    # Nor had the confirmation gone out: the resident hears once, that the event is on.
    assert send_due() == ["It's on again: Night Walk"]


def test_delivery_skips_a_cancellation_once_the_event_is_on_again():
    event = factories.event(title="Night Walk")
    rsvp_create(event=event, email="ana@example.org", name="Ana")
    event_cancel(event=event, reason="Storm warning.")
    # Reinstated while the cancellation was already claimed by a worker.
    Event.objects.filter(pk=event.pk).update(status=Event.Status.SCHEDULED)
    notice = Notification.objects.get(kind="event_cancelled")
    assert notice_send(notice.pk) == "skipped"
    notice.refresh_from_db()
    assert (notice.state, notice.last_error) == ("skipped", "The event was reinstated.")
    assert mail.outbox == []


def test_a_reinstatement_not_yet_sent_is_dropped_when_the_event_is_cancelled_again():
    event = factories.event(title="Night Walk")
    mine = rsvp_create(event=event, email="ana@example.org", name="Ana").rsvp
    event_cancel(event=event)
    reinstate(event)
    event_cancel(event=event, reason="For good this time.")
    assert rows(kind__in=["event_cancelled", "event_reinstated"]) == [
        (mine.pk, "event_cancelled", 1, "skipped"),
        (mine.pk, "event_cancelled", 3, "pending"),
        (mine.pk, "event_reinstated", 2, "skipped"),
    ]
    assert send_due() == ["Cancelled: Night Walk"]
