"""Every notice in the resident's language: subject, text, HTML, .ics and text message.

The words expected are the catalog's (tests/notifications/catalog.py): these tests fail
until the Vietnamese catalog is filled, then hold it to what residents get.
"""

import datetime as dt
from pathlib import Path

import icalendar
import pytest
from django.core import mail
from django.utils import timezone, translation

from notifications.delivery import notice_deliver
from notifications.models import (
    COURSE_KINDS,
    PARTY_KINDS,
    STAFF_KINDS,
    VOLUNTEER_KINDS,
    Notification,
)
from rsvp.services import rsvp_texts_turn_on
from scheduler.when import when_text
from tests import factories
from tests.notifications.catalog import (
    ACCOMMODATION_KINDS,
    NOTICE_WORDS,
    english_sentences,
    notice_opening,
    notice_subject,
    translated,
)

pytestmark = pytest.mark.django_db

# Residents' notices; the staff ones (proposals) are checked in test_staff_languages.py.
# An officer's message (attendee_message) carries the officer's own words in the versions
# written: tests/followup/test_cluster.py checks which version each resident gets.
RESIDENT_KINDS = [
    k
    for k in Notification.Kind.values
    if k not in STAFF_KINDS | PARTY_KINDS | VOLUNTEER_KINDS | ACCOMMODATION_KINDS | COURSE_KINDS
    and k != Notification.Kind.ATTENDEE_MESSAGE
]
TITLE = "Night Walk"
NAME = "Lan"


def _status(kind: str) -> str:
    if kind in ("waitlisted", "waitlist_closed"):
        return "waitlisted"
    return "cancelled" if kind == "cancelled" else "confirmed"


def _notice(kind: str, *, language: str, channel: str = "email") -> Notification:
    event = factories.event(title=TITLE, start=timezone.now() + dt.timedelta(days=3))
    rsvp = factories.rsvp(
        event,
        status=_status(kind),
        name=NAME,
        language=language,
        phone="+15035550100",
        sms_opt_in=channel == "sms",
    )
    payload = {}
    if kind == "thank_you":
        # Only a resident whose check-in stands is thanked (feedback.services).
        rsvp.checked_in_at, rsvp.arrived = timezone.now(), 1
        rsvp.save(update_fields=["checked_in_at", "arrived"])
    if kind in ("reminder", "still_coming"):
        payload = {"start": event.start.isoformat()}
    elif kind == "event_changed":
        before = event.start - dt.timedelta(days=1)
        payload = {
            "times": [
                [before.isoformat(), (before + dt.timedelta(hours=1)).isoformat(), event.timezone],
                [event.start.isoformat(), event.end.isoformat(), event.timezone],
            ]
        }
    elif kind == "event_cancelled":
        payload = {"reason": ""}
        event.status = event.Status.CANCELLED
        event.save()
    return Notification.objects.create(
        kind=kind,
        channel=channel,
        attendee=rsvp.attendee,
        rsvp=rsvp,
        event=event,
        offset_minutes=120 if kind == "reminder" else None,
        payload=payload,
        due_at=timezone.now(),
        dedupe_key=f"test:{kind}:{channel}",
    )


def _calendar_part(message) -> icalendar.Calendar | None:
    for part in message.message().walk():
        if part.get_content_type() == "text/calendar":
            return icalendar.Calendar.from_ical(part.get_payload(decode=True))
    return None


def test_the_words_checked_cover_every_kind_of_notice():
    assert set(NOTICE_WORDS) == set(Notification.Kind.values)


@pytest.mark.parametrize("kind", RESIDENT_KINDS)
def test_every_kind_of_notice_reaches_a_vietnamese_resident_in_vietnamese(kind):
    """Needs the Vietnamese catalog."""
    subject = notice_subject("vi", kind, title=TITLE)
    opening = notice_opening("vi", kind, name=NAME)
    when_label = translated("vi", "When:")
    row = _notice(kind, language="vi")
    event = row.event
    # Whatever language the sending process has active (a worker's LANGUAGE_CODE, the
    # request that planned it): the resident's own is used.
    with translation.override("ru"):
        assert notice_deliver(row.pk) == "sent"
    [message] = mail.outbox
    [(html, _)] = message.alternatives
    with translation.override("vi"):
        when = when_text(event.start, event.end, event.timezone)

    assert message.subject == subject
    assert message.body.startswith(opening)
    assert f"\n{when_label} {when}\n" in message.body
    assert f"<p>{opening}" in html
    assert '<html lang="vi" dir="ltr">' in html
    for sentence in english_sentences(title=TITLE, name=NAME):
        assert sentence not in message.subject, sentence
        assert sentence not in message.body, sentence
        assert sentence not in html, sentence
    calendar = _calendar_part(message)
    if calendar is not None:
        [vevent] = calendar.walk("VEVENT")
        details = translated("vi", "Details and RSVP: %(url)s", url=event.absolute_url)
        assert str(vevent["DESCRIPTION"]).endswith(details)
        assert "Details and RSVP" not in str(vevent["DESCRIPTION"])


def test_a_vietnamese_reminder_text_message_is_in_vietnamese(settings):
    """Needs the Vietnamese catalog."""
    row = _notice("reminder", language="vi", channel="sms")
    rsvp_texts_turn_on(rsvp=row.rsvp)
    event = row.event
    with translation.override("vi"):
        when = when_text(event.start, event.end, event.timezone)
    expected = translated(
        "vi",
        "Reminder: %(title)s, %(when)s, %(place)s. Your RSVP: %(url)s",
        title=TITLE,
        when=when,
        place=event.venue.name,
        url=f"http://testserver/rsvp/{row.link_token('manage')}/",
    )
    with translation.override("ru"):
        assert notice_deliver(row.pk) == "sent"
    [path] = Path(settings.SMS_FILE_PATH).glob("*.sms")
    assert path.read_text() == f"To: +15035550100\nMessage-ID: {row.message_id}\n\n{expected}\n"


def test_an_english_reminder_text_message_reads_as_before(settings):
    row = _notice("reminder", language="en", channel="sms")
    rsvp_texts_turn_on(rsvp=row.rsvp)
    event = row.event
    with translation.override("vi"):
        assert notice_deliver(row.pk) == "sent"
    [path] = Path(settings.SMS_FILE_PATH).glob("*.sms")
    when = when_text(event.start, event.end, event.timezone)
    manage = f"http://testserver/rsvp/{row.link_token('manage')}/"
    assert path.read_text().endswith(
        f"\n\nReminder: {TITLE}, {when}, {event.venue.name}. Your RSVP: {manage}\n"
    )


@pytest.mark.parametrize("kind", RESIDENT_KINDS)
def test_every_kind_of_notice_renders_in_hmong_whose_dates_come_from_django(kind):
    """CLDR has no Hmong: the dates come from Django's formats. Nothing may fail on that."""
    row = _notice(kind, language="hmn")
    assert notice_deliver(row.pk) == "sent"
    [message] = mail.outbox
    assert '<html lang="hmn" dir="ltr">' in message.alternatives[0][0]
    with translation.override("hmn"):
        assert when_text(row.event.start, row.event.end, row.event.timezone) in message.body


def test_the_feed_link_names_the_language_of_the_rsvp_it_was_asked_from(client):
    row = _notice("feed_link", language="vi")
    assert notice_deliver(row.pk) == "sent"
    [message] = mail.outbox
    url = f"http://testserver/calendar/me/{row.link_token('feed')}.ics?lang=vi"
    assert f"\n{url}\n" in message.body
    response = client.get(url.removeprefix("http://testserver"))
    assert (response.status_code, response["Content-Language"]) == (200, "vi")
