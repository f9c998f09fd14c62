"""Every kind of notice renders and sends: subject, first line, calendar part; query counts."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications import ics
from notifications.delivery import notice_deliver
from notifications.dispatch import dispatch
from notifications.models import Notification
from notifications.sms import ConsoleBackend
from rsvp.services import rsvp_create
from tests import factories
from tests.scheduler.feeds_support import LA, frozen, parse, vevents

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
    (
        "link_resent",
        "Your RSVP link: Night Walk",
        "Hello Ana: someone, perhaps you, sent another RSVP for this event with your e-mail "
        "address, which already has one. Nothing was changed",
        None,
    ),
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
    rsvp = factories.rsvp(event, status=status, name="Ana")
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


# --- the .ics invitation: the feeds' VEVENT and VTIMEZONE, plus iTIP ---------------------


def _invitation(event, method=ics.REQUEST):
    attendee = factories.attendee(email="ana@example.org")
    return parse(ics.invitation(event=event, attendee=attendee, name="Ana", method=method))


def test_invitation_vtimezone_changes_offset_at_the_feeds_onsets(client):
    """RFC 5545 3.6.5: the spring-forward onset is 02:00 local time in TZOFFSETFROM."""
    event = factories.event(start=dt.datetime(2027, 3, 20, 18, 0, tzinfo=LA))
    [zone] = _invitation(event).walk("VTIMEZONE")
    assert [
        (o.name, o.decoded("DTSTART"))
        for o in zone.subcomponents
        if o["TZOFFSETFROM"].td != o["TZOFFSETTO"].td
    ] == [
        ("DAYLIGHT", dt.datetime(2027, 3, 14, 2, 0)),
        ("STANDARD", dt.datetime(2027, 11, 7, 2, 0)),
    ]
    [feed_zone] = parse(client.get(f"/calendar/events/{event.pk}.ics").content).walk("VTIMEZONE")
    assert zone.to_ical() == feed_zone.to_ical()


def test_invitation_vevent_is_the_feeds_with_organizer_attendee_and_its_own_dtstamp(
    client, settings
):
    settings.DEFAULT_FROM_EMAIL = "Porchlight <events@example.gov>"
    start = dt.datetime(2027, 3, 20, 18, 0, tzinfo=LA)
    event = factories.event(title="Night Walk", start=start, partners=[factories.organization()])
    sent_at = dt.datetime(2027, 2, 20, 19, 0, tzinfo=dt.UTC)
    with frozen(sent_at):
        calendar = _invitation(event)
    [invited] = calendar.walk("VEVENT")
    [listed] = vevents(client.get(f"/calendar/events/{event.pk}.ics").content)
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(invited["ORGANIZER"]) == "mailto:events@example.gov"
    assert str(invited["ATTENDEE"]) == "mailto:ana@example.org"
    assert invited["ATTENDEE"].params["PARTSTAT"] == "ACCEPTED"
    assert invited.decoded("DTSTAMP") == sent_at  # when the message was made (it has a METHOD)
    for name in ("ORGANIZER", "ATTENDEE", "DTSTAMP"):
        del invited[name]
    del listed["DTSTAMP"]
    assert invited.to_ical() == listed.to_ical()


def test_cancelling_ones_own_rsvp_sends_a_cancel_that_keeps_the_events_words():
    event = factories.event(title="Night Walk")
    [invited] = _invitation(event, method=ics.CANCEL).walk("VEVENT")
    assert (str(invited["STATUS"]), str(invited["SUMMARY"])) == ("CANCELLED", "Night Walk")
    assert invited["ATTENDEE"].params["PARTSTAT"] == "DECLINED"
    assert not str(invited["DESCRIPTION"]).startswith("This event is cancelled")
