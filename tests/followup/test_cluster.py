"""A message to attendees from a real worker (`manage.py qcluster`) over SMTP: each resident
exactly once, in the version of their language (else the default), a resident who stopped
reminders none, a double submit and the dispatcher's sweeps sending nothing twice."""

import datetime as dt
import time

import pytest
from django.utils import timezone

from followup.services import message_send
from notifications.models import Notification
from rsvp.models import Attendee
from tests import factories
from tests.notifications.cluster import Cluster, wait_for
from tests.notifications.smtp_server import SlowSmtpServer

pytestmark = [pytest.mark.cluster, pytest.mark.django_db(transaction=True, databases="__all__")]

VERSIONS = {
    "en": {"subject": "Room change", "body": "We meet in room 2 tonight."},
    "es": {"subject": "Cambio de sala", "body": "Esta noche nos reunimos en la sala 2."},
}


def test_each_resident_gets_the_message_once_in_their_language(tmp_path):
    officer = factories.user("officer")
    event = factories.event(
        title="Night Walk", officers=[officer], start=timezone.now() + dt.timedelta(days=1)
    )
    ann = factories.rsvp(event, name="Ann", language="en")
    eva = factories.rsvp(event, name="Eva", language="es")
    lan = factories.rsvp(event, name="Lan", language="vi")
    sam = factories.rsvp(event, name="Sam", language="es")
    Attendee.objects.filter(pk=sam.attendee_id).update(reminders_enabled=False)
    with (
        SlowSmtpServer(delay=0) as server,
        Cluster(
            log=tmp_path / "qcluster.log",
            redis_url=None,
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=server.port,
            Q_WORKERS=2,
            NOTICE_SWEEP_SECONDS=1,
        ),
    ):
        for _ in range(2):  # a double submit: the same form key
            message_send(
                event=event,
                user=officer,
                audience="confirmed",
                versions=VERSIONS,
                language="en",
                client_key="form-1",
            )
        messages = wait_for(
            lambda: (m := server.received()) and len(m) >= 3 and m,
            timeout=60,
            message="three messages",
        )
        time.sleep(4)  # a few dispatcher sweeps: nothing goes out again
        messages = server.received()

    def subject(message) -> str:
        return " ".join(str(message["Subject"]).split())

    got = sorted((str(m["To"]), subject(m)) for m in messages)
    assert got == sorted(
        [
            (ann.attendee.email, "Room change · Night Walk"),
            (eva.attendee.email, "Cambio de sala · Night Walk"),
            (lan.attendee.email, "Room change · Night Walk"),
        ]
    )
    bodies = {
        str(m["To"]): m.get_body(("plain",)).get_content().replace("\r\n", "\n") for m in messages
    }
    assert "Esta noche nos reunimos en la sala 2." in bodies[eva.attendee.email]
    assert "We meet in room 2 tonight." in bodies[lan.attendee.email]
    assert sorted(
        Notification.objects.filter(kind="attendee_message").values_list("rsvp__name", "state")
    ) == [("Ann", "sent"), ("Eva", "sent"), ("Lan", "sent")]
