"""Every kind of notice renders and sends: subject, first line, calendar part; query counts."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications.delivery import notice_deliver
from notifications.dispatch import dispatch
from notifications.models import Notification
from notifications.sms import ConsoleBackend
from rsvp.services import rsvp_create
from tests import factories

pytestmark = pytest.mark.django_db

CASES = [
    ("confirmed", "You're confirmed: Night Walk", "Hello Ana, you're confirmed.", "REQUEST"),
    ("waitlisted", "You're on the waitlist: Night Walk", "Hello Ana, the event is full", None),
    ("promoted", "A seat opened up — you're confirmed: Night Walk", "Good news, Ana", "REQUEST"),
    (
        "cancelled",
        "Your RSVP is cancelled: Night Walk",
        "Hello Ana, your RSVP is cancelled.",
        "CANCEL",
    ),
    ("link_resent", "Your RSVP link: Night Walk", "Hello Ana, you (or someone", None),
    ("reminder", "Reminder: Night Walk", "A reminder: the event starts in 2 hours.", None),
    ("event_changed", "Changed: Night Walk", "The event you RSVPed to has changed.", "REQUEST"),
    (
        "event_cancelled",
        "Cancelled: Night Walk",
        "We're sorry: this event has been cancelled.",
        "CANCEL",
    ),
    ("waitlist_closed", "The waitlist has closed: Night Walk", "The waitlist for this event", None),
    (
        "event_reinstated",
        "It's on again: Night Walk",
        "Good news: this event is on again.",
        "REQUEST",
    ),
]


@pytest.mark.parametrize(("kind", "subject", "opening", "method"), CASES)
def test_each_kind_of_notice_is_sent_with_its_words_and_calendar_part(
    kind, subject, opening, method
):
    event = factories.event(title="Night Walk", start=timezone.now() + dt.timedelta(days=3))
    status = "waitlisted" if kind in ("waitlisted", "waitlist_closed") else "confirmed"
    if kind == "cancelled":
        status = "cancelled"
    rsvp = factories.rsvp(event, status=status, attendee=factories.attendee(name="Ana"))
    row = Notification.objects.create(
        kind=kind,
        attendee=rsvp.attendee,
        rsvp=rsvp,
        event=event,
        offset_minutes=120 if kind == "reminder" else None,
        payload={"start": event.start.isoformat()} if kind == "reminder" else {},
        due_at=timezone.now(),
        dedupe_key=f"test:{kind}",
    )
    if kind == "event_cancelled":
        event.status = event.Status.CANCELLED
        event.save()
    assert notice_deliver(row.pk) == "sent"
    [message] = mail.outbox
    assert message.subject == subject
    assert message.body.startswith(opening)
    parts = [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]
    assert [p.get_param("method") for p in parts] == ([method] if method else [])
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_console_sms_backend_masks_the_number(capsys):
    ConsoleBackend().send(to="+15035550100", body="Reminder: Night Walk", message_id="<n-1@x>")
    assert capsys.readouterr().out == (
        "SMS <n-1@x> to +15•••••••00:\nReminder: Night Walk\n" + "-" * 40 + "\n"
    )


def test_dispatch_query_count_does_not_grow_with_due_notices():
    def due(n):
        event = factories.event(start=timezone.now() + dt.timedelta(days=1))
        for _ in range(n):
            rsvp_create(event=event, email=f"r{factories.n()}@example.org", name="R")
        Notification.objects.update(enqueued_at=None)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            dispatch()
        return len(ctx)

    due(2)
    small = queries()
    due(20)
    assert queries() == small


def test_admin_changelist_query_count_is_flat(client):
    client.force_login(factories.user(is_staff=True, is_superuser=True))
    event = factories.event()
    for _ in range(3):
        rsvp_create(event=event, email=f"r{factories.n()}@example.org", name="R")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/admin/notifications/notification/").status_code == 200
    for _ in range(20):
        rsvp_create(event=event, email=f"r{factories.n()}@example.org", name="R")
    with CaptureQueriesContext(connection) as many:
        assert client.get("/admin/notifications/notification/").status_code == 200
    assert len(many) == len(few)
