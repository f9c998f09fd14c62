"""A resident's language reaches them from a real worker (`manage.py qcluster`) over SMTP.

The worker runs with a locale and language environment of its own (Russian here), and no
request: what it sends follows the RSVP's language alone. The words expected are the
catalog's (tests/notifications/catalog.py), so this fails until the catalog is filled.
"""

import datetime as dt

import icalendar
import pytest
from django.utils import timezone, translation

from rsvp.services import rsvp_cancel, rsvp_create, rsvp_feed_link_send
from scheduler.when import when_text
from tests import factories
from tests.notifications.catalog import (
    english_sentences,
    notice_opening,
    notice_subject,
    translated,
)
from tests.notifications.cluster import Cluster, wait_for
from tests.notifications.smtp_server import SlowSmtpServer

pytestmark = [pytest.mark.cluster, pytest.mark.django_db(transaction=True, databases="__all__")]

# A worker machine set up in another language: none of it may show in a notice.
WORKER_LOCALE = {"LANG": "ru_RU.UTF-8", "LANGUAGE": "ru", "LC_MESSAGES": "ru_RU.UTF-8"}


def test_a_vietnamese_rsvp_gets_its_notices_in_vietnamese_from_the_worker(tmp_path):
    """Needs the Vietnamese catalog."""
    kinds = ["confirmed", "feed_link", "cancelled"]
    expected = {
        notice_subject("vi", kind, title="Night Walk"): notice_opening("vi", kind, name="Lan")
        for kind in kinds
    }
    details_label = translated("vi", "Details and RSVP: %(url)s", url="")
    event = factories.event(title="Night Walk", start=timezone.now() + dt.timedelta(days=3))
    with translation.override("vi"):
        when = when_text(event.start, event.end, event.timezone)
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
        # The resident's own request was in Vietnamese; this process's language is not.
        rsvp = rsvp_create(event=event, email="lan@example.org", name="Lan", language="vi").rsvp
        wait_for(lambda: len(server.received()) == 1, timeout=30, message="confirmation")
        rsvp_feed_link_send(rsvp=rsvp)
        wait_for(lambda: len(server.received()) == 2, timeout=30, message="feed link")
        rsvp_cancel(rsvp=rsvp)
        messages = wait_for(
            lambda: (m := server.received()) and len(m) == 3 and m,
            timeout=30,
            message="cancellation",
        )

    # A long non-ASCII subject travels as folded RFC 2047 words; read back, the fold can
    # leave a leading space that mail apps drop: compare the words.
    def subject(message) -> str:
        return " ".join(str(message["Subject"]).split())

    assert sorted(subject(m) for m in messages) == sorted(expected)
    for message in messages:
        # SMTP carries CRLF line ends.
        text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
        html = message.get_body(("html",)).get_content()
        assert text.startswith(expected[subject(message)])
        assert f" {when}\n" in text
        assert '<html lang="vi" dir="ltr">' in html
        for sentence in english_sentences(title="Night Walk", name="Lan"):
            assert sentence not in text, sentence
            assert sentence not in html, sentence
        for part in message.walk():
            if part.get_content_type() == "text/calendar":
                [vevent] = icalendar.Calendar.from_ical(part.get_content()).walk("VEVENT")
                assert details_label.strip() in str(vevent["DESCRIPTION"])
