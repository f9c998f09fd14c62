"""Requests reach the host contact, the officers and the resident from a real worker
(`manage.py qcluster`) over SMTP: each recipient once per request batch, in their language.

The worker runs in a language of its own (Russian): what it sends follows each staff
member's StaffProfile.language and the RSVP's language alone.
"""

import datetime as dt

import pytest
from django.utils import translation

from accommodations.models import AccommodationRequest
from accommodations.rules import Asked
from accommodations.services import request_decide
from accommodations.words import moment_text
from rsvp.services import rsvp_create
from tests.accommodations.helpers import CONTACT, another_event, staffed_event
from tests.notifications.catalog import translated
from tests.notifications.cluster import Cluster, wait_for
from tests.notifications.smtp_server import SlowSmtpServer

pytestmark = [pytest.mark.cluster, pytest.mark.django_db(transaction=True, databases="__all__")]

WORKER_LOCALE = {"LANG": "ru_RU.UTF-8", "LANGUAGE": "ru", "LC_MESSAGES": "ru_RU.UTF-8"}
LANGUAGES = {CONTACT: "es", "ana@police.example.org": "vi", "ben@police.example.org": "en"}


def _to(message) -> str:
    return str(message["To"])


def _html(message) -> str:
    return message.get_body(("html",)).get_content()


def _text(message) -> str:
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def test_requests_on_both_sides_of_the_deadline_are_routed_and_answered_by_the_worker(tmp_path):
    # In time: five days ahead. Late: an interpreter (72 h) asked 20 hours before.
    soon = staffed_event(hours_ahead=20)
    event_soon = soon.event
    later_event = another_event(soon, hours_ahead=24 * 5)

    with (
        SlowSmtpServer(delay=0) as server,
        Cluster(
            log=tmp_path / "qcluster.log",
            redis_url=None,
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=server.port,
            Q_WORKERS=1,
            **WORKER_LOCALE,
        ),
    ):
        late = rsvp_create(
            event=event_soon,
            email="lan@example.org",
            name="Lan",
            language="vi",
            extras={"accommodations": [Asked(kind="interpreter", detail="Tiếng Việt")]},
        ).rsvp
        timely = rsvp_create(
            event=later_event,
            email="mai@example.org",
            name="Mai",
            language="es",
            extras={"accommodations": [Asked(kind="asl")]},
        ).rsvp
        # Per RSVP: its confirmation and one notice to each of the three staff.
        wait_for(lambda: len(server.received()) == 8, timeout=60, message="routing")
        [late_request] = AccommodationRequest.objects.filter(rsvp=late)
        [timely_request] = AccommodationRequest.objects.filter(rsvp=timely)
        request_decide(request_id=late_request.pk, user=soon.officers[0], state="not_possible")
        request_decide(
            request_id=timely_request.pk, user=soon.officers[1], state="arranged", note="Rosa"
        )
        # Told again: still one answer each.
        request_decide(
            request_id=timely_request.pk, user=soon.officers[1], state="arranged", note="Rosa"
        )
        messages = wait_for(
            lambda: (m := server.received()) and len(m) == 10 and m,
            timeout=60,
            message="answers",
        )

    assert late_request.late is True
    assert timely_request.late is False
    by_recipient: dict[str, list] = {}
    for message in messages:
        by_recipient.setdefault(_to(message), []).append(message)
    assert sorted((to, len(got)) for to, got in by_recipient.items()) == [
        ("ana@police.example.org", 2),
        ("ben@police.example.org", 2),
        (CONTACT, 2),
        ("lan@example.org", 2),
        ("mai@example.org", 2),
    ]
    for to, language in LANGUAGES.items():
        for message in by_recipient[to]:
            text = _text(message)
            assert f'<html lang="{language}" dir="ltr">' in _html(message)
            hosted = translated(language, "Hosted by:") if language != "en" else "Hosted by:"
            assert f"\n{hosted} Riverside YMCA\n" in text
        # Each staff member's copy gives each deadline in their language.
        with translation.override(language):
            deadlines = [
                moment_text(e.start - dt.timedelta(hours=72), e.timezone)
                for e in (event_soon, later_event)
            ]
        texts = sorted(_text(m) for m in by_recipient[to])
        assert sum(deadlines[0] in t for t in texts) == 1
        assert sum(deadlines[1] in t for t in texts) == 1
        assert sum("http://testserver/officers/#to-arrange" in t for t in texts) == 2
    for to, language in (("lan@example.org", "vi"), ("mai@example.org", "es")):
        for message in by_recipient[to]:
            assert f'<html lang="{language}" dir="ltr">' in _html(message)
    # The late one is flagged to staff; the resident's confirmation said what can be done.
    [late_copy] = [m for m in by_recipient["ben@police.example.org"] if "Tiếng Việt" in _text(m)]
    assert " · Asked late\n" in _text(late_copy)
    with translation.override("vi"):
        by = moment_text(event_soon.start, event_soon.timezone)
    assert sum(by in _text(m) for m in by_recipient["lan@example.org"]) == 1
