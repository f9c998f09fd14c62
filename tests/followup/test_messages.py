"""Messages to attendees: who may send, who gets them (exact counts), once each, in their
language, the hourly limit, and residents who stopped reminders left out."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from followup.errors import FollowupError
from followup.models import AttendeeMessage
from followup.services import message_recipient_count, message_send
from notifications.delivery import notice_deliver
from notifications.models import Notification
from notifications.planning import reminders_stop
from rsvp.models import Attendee, Rsvp
from scheduler.tokens import token_hash
from tests import factories

pytestmark = pytest.mark.django_db

VERSIONS = {
    "en": {"subject": "Room change", "body": "We meet in room 2 tonight."},
    "es": {"subject": "Cambio de sala", "body": "Esta noche nos reunimos en la sala 2."},
}


@pytest.fixture
def setup():
    officer = factories.user("officer")
    event = factories.event(officers=[officer], start=timezone.now() + dt.timedelta(days=2))
    people = {
        "en": factories.rsvp(event, name="Ann", language="en"),
        "es": factories.rsvp(event, name="Eva", language="es"),
        "vi": factories.rsvp(event, name="Lan", language="vi"),
        "in": factories.rsvp(event, name="Ida", checked_in_at=timezone.now()),
        "wait": factories.rsvp(event, name="Wes", status=Rsvp.Status.WAITLISTED),
        "gone": factories.rsvp(event, name="Gus", status=Rsvp.Status.CANCELLED),
        "stop": factories.rsvp(event, name="Sam"),
        "head": factories.rsvp(event, headcount=True),
    }
    Attendee.objects.filter(pk=people["stop"].attendee_id).update(reminders_enabled=False)
    return event, officer, people


def _send(event, user, audience="all", **kw):
    return message_send(
        event=event, user=user, audience=audience, versions=VERSIONS, language="en", **kw
    )


def test_recipient_counts_are_exact(setup):
    event, _officer, _people = setup
    counts = {a: message_recipient_count(event, a) for a in AttendeeMessage.Audience.values}
    # Confirmed: Ann, Eva, Lan, Ida (Sam stopped reminders; the head count has no mailbox).
    assert counts == {"confirmed": 4, "waitlisted": 1, "checked_in": 1, "all": 5}


def test_each_recipient_once_in_their_language_or_the_default(setup):
    event, officer, people = setup
    message = _send(event, officer, client_key="k1")
    assert _send(event, officer, client_key="k1").pk == message.pk  # a double submit
    assert (AttendeeMessage.objects.count(), message.recipients) == (1, 5)
    notices = Notification.objects.filter(kind="attendee_message").order_by("rsvp_id")
    assert sorted(n.rsvp_id for n in notices) == sorted(
        people[k].pk for k in ("en", "es", "vi", "in", "wait")
    )
    mail.outbox.clear()
    for notice in notices:
        assert notice_deliver(notice.pk) == "sent"
        assert notice_deliver(notice.pk) == "not mine"  # a retried task
    by_name = {m.to[0]: (m.subject, m.body) for m in mail.outbox}
    assert len(mail.outbox) == 5
    eva = by_name[people["es"].attendee.email]
    assert eva[0] == f"Cambio de sala · {event.title}"
    assert "Esta noche nos reunimos en la sala 2." in eva[1]
    lan = by_name[people["vi"].attendee.email]  # no Vietnamese version: the default one
    assert lan[0] == f"Room change · {event.title}"
    assert "We meet in room 2 tonight." in lan[1]


def test_the_hourly_limit_refuses_clearly(setup):
    event, officer, _people = setup
    now = timezone.now()
    for i in range(3):
        _send(event, officer, audience="confirmed", now=now + dt.timedelta(minutes=i))
    with pytest.raises(FollowupError) as refused:
        _send(event, officer, audience="confirmed", now=now + dt.timedelta(minutes=10))
    assert (refused.value.code, refused.value.status) == ("rate_limited", 429)
    assert refused.value.message == (
        "This event's attendees were sent 3 messages in the last hour, the most allowed. "
        "Please wait before sending another."
    )
    # An hour after the first, one more may go.
    _send(event, officer, audience="confirmed", now=now + dt.timedelta(minutes=61))
    assert AttendeeMessage.objects.count() == 4


def test_a_resident_who_stops_after_it_was_planned_gets_none(setup):
    event, officer, people = setup
    _send(event, officer, audience="confirmed")
    notice = Notification.objects.get(kind="attendee_message", rsvp=people["en"])
    # The stop link of the notice the resident got (its hash is stored when it is sent).
    stop = notice
    Notification.objects.filter(pk=stop.pk).update(
        unsubscribe_token_hash=token_hash(stop.link_token("unsubscribe"))
    )
    assert reminders_stop(token=stop.link_token("unsubscribe"))
    mail.outbox.clear()
    assert notice_deliver(notice.pk) == "skipped"
    assert mail.outbox == []


def test_who_may_send_and_bad_input(setup):
    event, officer, _people = setup
    other_officer = factories.user("officer")
    partner = factories.user("partner", organization_=event.host, roster_access=True)
    coordinator = factories.user("coordinator")
    for user in (other_officer, partner):
        with pytest.raises(FollowupError) as refused:
            _send(event, user)
        assert refused.value.status == 403
    assert _send(event, coordinator).recipients == 5
    with pytest.raises(FollowupError) as incomplete:
        message_send(
            event=event,
            user=officer,
            audience="all",
            versions={"en": {"subject": "Hi", "body": ""}},
            language="en",
        )
    assert incomplete.value.code == "incomplete_version"
    with pytest.raises(FollowupError) as no_default:
        message_send(
            event=event,
            user=officer,
            audience="all",
            versions={"es": VERSIONS["es"]},
            language="en",
        )
    assert no_default.value.code == "no_default_version"
    with pytest.raises(FollowupError) as audience:
        message_send(event=event, user=officer, audience="vip", versions=VERSIONS, language="en")
    assert audience.value.code == "unknown_audience"
