"""Notices to staff about proposals are in the staff member's language (the one they last
used the officer pages in), whatever language the sending process has active."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone, translation

from notifications.delivery import notice_deliver
from notifications.models import STAFF_KINDS, Notification
from scheduler.models import StaffProfile
from scheduler.when import when_text
from tests import factories
from tests.notifications.catalog import (
    ACCOMMODATION_KINDS,
    NOTICE_WORDS,
    notice_opening,
    notice_subject,
    translated,
)

pytestmark = pytest.mark.django_db

TITLE = "Night Walk"
HOST = "Riverside YMCA"
# The accommodation notices to staff: tests/accommodations/.
PROPOSAL_KINDS = sorted(STAFF_KINDS - ACCOMMODATION_KINDS)


def _notice(kind: str, *, language: str) -> Notification:
    host = factories.organization(name=HOST)
    event = factories.event(title=TITLE, host=host, start=timezone.now() + dt.timedelta(days=3))
    user = factories.user("partner", organization_=host, email="staff@example.org")
    StaffProfile.objects.create(user=user, language=language)
    return Notification.objects.create(
        kind=kind,
        user=user,
        event=event,
        payload={"comment": "Bring the permit."},
        due_at=timezone.now(),
        dedupe_key=f"test:{kind}",
    )


@pytest.mark.parametrize("kind", PROPOSAL_KINDS)
def test_every_staff_notice_reaches_a_vietnamese_speaker_in_vietnamese(kind):
    """Needs the Vietnamese catalog (the lead merges the proposals' words)."""
    subject = notice_subject("vi", kind, title=TITLE)
    opening = notice_opening("vi", kind, name="", organization=HOST)
    row = _notice(kind, language="vi")
    with translation.override("ru"):
        assert notice_deliver(row.pk) == "sent"
    [message] = mail.outbox
    with translation.override("vi"):
        when = when_text(row.event.start, row.event.end, row.event.timezone)
    assert message.to == ["staff@example.org"]
    assert message.subject == subject
    assert message.body.startswith(opening)
    assert f"\n{translated('vi', 'When:')} {when}\n" in message.body
    assert f"\n{translated('vi', 'Comment:')} Bring the permit.\n" in message.body
    assert '<html lang="vi" dir="ltr">' in message.alternatives[0][0]


@pytest.mark.parametrize("kind", PROPOSAL_KINDS)
def test_every_staff_notice_reads_in_english_and_names_its_page(kind):
    row = _notice(kind, language="en")
    with translation.override("vi"):
        assert notice_deliver(row.pk) == "sent"
    [message] = mail.outbox
    subject, opening = NOTICE_WORDS[kind]
    assert message.subject == subject % {"title": TITLE}
    assert message.body.startswith(opening % {"organization": HOST} if "%(" in opening else opening)
    assert message.body.endswith(
        "\nOpen the proposal:\n"
        f"http://testserver/officers/proposals/{row.event_id}/\n--\n"
        "Porchlight sends this to the staff who propose and review community events.\n\n"
    )
    assert "\nComment: Bring the permit.\n" in message.body
    # No resident's links: nothing to manage, nothing to unsubscribe from.
    assert "/rsvp/" not in message.body
    assert "List-Unsubscribe" not in message.extra_headers
    assert message.attachments == []
