"""The coordinators' admin in the coordinator's own language: column titles from the models'
translated labels, action messages with the language's plurals.

The tests marked "catalog" compare with the project's catalogs (tests/i18n.py) and fail
until those have the translation.
"""

import re

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.utils.text import capfirst

from notifications.models import Notification
from tests import factories
from tests.i18n import translated

pytestmark = pytest.mark.django_db

EVENT_COLUMNS = [
    "title",
    "start",
    "program",
    "venue",
    "host",
    "Status",
    "capacity",
    "Confirmed RSVPs",
    "Waitlisted",
    "To arrange",
]


def _headers(html: str) -> list[str]:
    """The changelist's column titles, as shown."""
    head = html.partition('<table id="result_list">')[2].partition("</thead>")[0]
    cells = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', head, re.DOTALL)
    texts = [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]
    return [text for text in texts if text]


def test_the_event_list_columns_are_in_english_by_default(admin_client):
    factories.event()
    response = admin_client.get("/admin/scheduler/event/")
    assert _headers(response.content.decode()) == [capfirst(c) for c in EVENT_COLUMNS]


def test_the_event_list_columns_are_in_the_coordinators_language(admin_client):
    # catalog
    factories.event()
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    response = admin_client.get("/admin/scheduler/event/")
    assert response["Content-Language"] == "es"
    assert _headers(response.content.decode()) == [
        capfirst(translated("es", c)) for c in EVENT_COLUMNS
    ]


def _notice(state: str) -> Notification:
    rsvp = factories.rsvp(factories.event())
    return Notification.objects.create(
        kind=Notification.Kind.CONFIRMED,
        state=state,
        attendee=rsvp.attendee,
        rsvp=rsvp,
        event=rsvp.event,
        due_at=rsvp.event.start,
        dedupe_key=f"test-{rsvp.pk}",
    )


def test_retrying_notices_that_did_not_fail_says_so_in_the_right_plural(admin_client):
    sent = _notice(Notification.State.SENT)
    response = admin_client.post(
        "/admin/notifications/notification/",
        {"action": "retry", "_selected_action": [sent.pk]},
    )
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "0 notices queued again.",
        "1 selected notice was not failed and was left alone.",
    ]
