"""Delivery through a real django-q2 cluster (`manage.py qcluster` in a subprocess).

Each test runs with the ORM broker and with Redis; the Redis variant needs
PORCHLIGHT_TEST_REDIS_URL (or runs against 127.0.0.1:6379/0 when CI is set, and then
fails rather than skips if Redis is missing).
"""

import datetime as dt
import email
import email.policy
import time

import icalendar
import pytest
from django.utils import timezone
from django_q.brokers import get_broker

from notifications.dispatch import dispatch
from notifications.models import Notification
from rsvp.models import Attendee, Rsvp, token_hash, token_new
from rsvp.services import rsvp_create
from scheduler.services import event_save
from tests import factories
from tests.notifications.cluster import (
    Cluster,
    file_backend_messages,
    redis_url_for_tests,
    wait_for,
)
from tests.notifications.smtp_server import SlowSmtpServer

pytestmark = [pytest.mark.cluster, pytest.mark.django_db(transaction=True, databases="__all__")]


@pytest.fixture(params=["orm", "redis"])
def broker(request, monkeypatch):
    """Which broker the worker and this test process both use."""
    if request.param == "orm":
        yield None
        return
    url = redis_url_for_tests()
    if url is None:
        pytest.skip("Set PORCHLIGHT_TEST_REDIS_URL to run the Redis-broker variant")
    from django_q.conf import Conf

    # This process queues sends too (after each commit): point it at the same Redis.
    monkeypatch.setattr(Conf, "ORM", None)
    monkeypatch.setattr(Conf, "REDIS", url)
    get_broker().purge_queue()
    yield url


def test_confirmation_then_a_move_replans_and_sends_the_reminder_once(broker, tmp_path):
    mail_dir = tmp_path / "mail"
    program = factories.program(reminder_offsets_minutes=[1])
    event = factories.event(program=program, start=timezone.now() + dt.timedelta(minutes=30))
    with Cluster(
        log=tmp_path / "qcluster.log",
        redis_url=broker,
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=mail_dir,
        Q_WORKERS=2,
    ) as cluster:
        rsvp_create(event=event, email="ana@example.org", name="Ana")
        [confirmation] = wait_for(
            lambda: file_backend_messages(mail_dir), timeout=30, message="confirmation e-mail"
        )
        assert confirmation["Subject"] == f"You're confirmed: {event.title}"
        [invite] = [p for p in confirmation.walk() if p.get_content_type() == "text/calendar"]
        cal = icalendar.Calendar.from_ical(invite.get_payload(decode=True))
        assert (str(cal["METHOD"]), str(cal.walk("VEVENT")[0]["UID"])) == ("REQUEST", event.uid)

        # Move the event so that its one-minute reminder falls due 15 s from now.
        event.start = timezone.now() + dt.timedelta(minutes=1, seconds=15)
        event.end = event.start + dt.timedelta(hours=1)
        event_save(event=event, changed_fields=["start", "end"])
        reminder = Notification.objects.get(kind="reminder", state="pending")
        assert Notification.objects.get(kind="reminder", state="skipped").event_sequence == 0
        assert reminder.event_sequence == 1

        # What the per-minute schedule does, without waiting up to 90 s for its next turn.
        def delivered():
            if timezone.now() >= reminder.due_at:
                dispatch()
            reminder.refresh_from_db()
            return reminder.state == "sent"

        wait_for(delivered, timeout=40, every=2, message="reminder delivery")
        subjects = sorted(m["Subject"] for m in file_backend_messages(mail_dir))
        assert subjects == sorted(
            [
                f"You're confirmed: {event.title}",
                f"Changed: {event.title}",
                f"Reminder: {event.title}",
            ]
        )
        assert reminder.sent_at >= reminder.due_at
        # A second dispatch after delivery queues nothing and sends nothing.
        assert dispatch() == 0
        time.sleep(1)
        assert len(file_backend_messages(mail_dir)) == 3
        assert cluster.process.poll() is None


def _due_reminders(count: int) -> list[int]:
    program = factories.program(reminder_offsets_minutes=[60])
    event = factories.event(program=program, start=timezone.now() + dt.timedelta(days=1))
    attendees = Attendee.objects.bulk_create(
        Attendee(email=f"resident{i}@example.org") for i in range(count)
    )
    attendees = list(Attendee.objects.order_by("id"))
    rsvps = Rsvp.objects.bulk_create(
        Rsvp(
            event=event,
            attendee=a,
            name=f"Resident {i}",
            status=Rsvp.Status.CONFIRMED,
            manage_token_hash=token_hash(token_new()),
        )
        for i, a in enumerate(attendees)
    )
    rsvps = list(Rsvp.objects.filter(event=event).order_by("id"))
    due = timezone.now() - dt.timedelta(seconds=1)
    Notification.objects.bulk_create(
        Notification(
            kind="reminder",
            attendee_id=r.attendee_id,
            rsvp=r,
            event=event,
            offset_minutes=60,
            due_at=due,
            payload={"start": event.start.isoformat()},
            dedupe_key=f"reminder:email:60:rsvp{r.pk}:seq0",
        )
        for r in rsvps
    )
    return list(Notification.objects.order_by("id").values_list("pk", flat=True))


def test_killing_the_cluster_mid_delivery_loses_and_repeats_nothing(broker, tmp_path, settings):
    count = 500
    # Sends claimed by the killed workers come back at once (their processes are gone);
    # tasks the killed cluster had taken off the queue, after a short grace here.
    settings.PORCHLIGHT = {**settings.PORCHLIGHT, "NOTICE_QUEUE_GRACE_SECONDS": 4}
    ids = _due_reminders(count)
    mail_dir = tmp_path / "mail"
    journal = mail_dir / "journal.log"
    env = {
        "EMAIL_BACKEND": "notifications.mail_backends.MessageDirBackend",
        "EMAIL_FILE_PATH": mail_dir,
        "Q_WORKERS": 2,
        "NOTICE_QUEUE_GRACE_SECONDS": 4,
    }

    def written() -> int:
        return len(journal.read_text().splitlines()) if journal.exists() else 0

    first = Cluster(log=tmp_path / "qcluster-1.log", redis_url=broker, **env)
    first.start()
    try:
        assert dispatch() == count
        wait_for(lambda: written() >= 50, timeout=30, every=0.02, message="first sends")
    finally:
        first.kill()
    at_kill = written()
    in_flight = Notification.objects.filter(state="sending").count()
    assert 0 < at_kill < count, at_kill

    with Cluster(log=tmp_path / "qcluster-2.log", redis_url=broker, **env):

        def all_sent():
            dispatch()  # reclaims sends lost with the killed workers, re-queues lost tasks
            return Notification.objects.filter(state="sent").count() == count

        wait_for(all_sent, timeout=45, every=1, message="all reminders sent")

    files = sorted(p.name for p in mail_dir.glob("*.eml"))
    expected = sorted(
        n.message_id.strip("<>") + ".eml" for n in Notification.objects.filter(pk__in=ids)
    )
    assert files == expected  # every reminder exactly once, none lost
    messages = [
        email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
        for p in mail_dir.glob("*.eml")
    ]
    assert len({m["To"] for m in messages}) == count
    assert set(Notification.objects.values_list("state", flat=True)) == {"sent"}
    # Raw transport writes beyond one per notice: sends caught between "written" and
    # "marked sent" by the kill, repeated under the same Message-ID.
    print(
        f"[{broker and 'redis' or 'orm'}] killed after {at_kill} writes with {in_flight} "
        f"claimed sends in flight; repeated writes: {written() - count}"
    )


def test_sixty_reminders_go_out_in_batches_each_once_past_a_refused_one(broker, tmp_path):
    ids = _due_reminders(60)
    refused = Notification.objects.get(pk=ids[30]).attendee.email
    with SlowSmtpServer(delay=0, refuses=frozenset({refused})) as server:
        with Cluster(
            log=tmp_path / "qcluster.log",
            redis_url=broker,
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=server.port,
            Q_WORKERS=2,
        ) as cluster:
            assert dispatch() == 60  # three tasks of 25, 25 and 10

            def done() -> bool:
                return Notification.objects.filter(state="sent").count() == 59

            wait_for(done, timeout=60, every=0.5, message="59 reminders sent")
            time.sleep(1)
            assert cluster.process.poll() is None
        accepted = [m for m, _ in server.snapshot()]
    expected = {n.message_id for n in Notification.objects.exclude(pk=ids[30])}
    assert sorted(accepted) == sorted(expected)  # each once
    row = Notification.objects.get(pk=ids[30])
    assert (row.state, row.attempts, row.last_error.split(":")[0]) == (
        "pending",
        1,
        "SMTPRecipientsRefused",
    )
