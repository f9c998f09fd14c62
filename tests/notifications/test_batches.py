"""Due notices go to the workers in batches: how many tasks, and each notice on its own in one."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from django_q.conf import Conf
from django_q.models import OrmQ
from django_q.tasks import async_task

from notifications.dispatch import dispatch
from notifications.models import Notification
from notifications.tasks import notice_send, notices_send
from rsvp.services import rsvp_create
from tests import factories
from tests.notifications.failing_backends import QuitRecordingSmtpBackend
from tests.notifications.smtp_server import SlowSmtpServer

pytestmark = pytest.mark.django_db(databases="__all__")


def _confirmations(*emails: str) -> list[int]:
    event = factories.event(capacity=None)
    for address in emails:
        rsvp_create(event=event, email=address, name="R")
    return list(
        Notification.objects.filter(kind="confirmed").order_by("pk").values_list("pk", flat=True)
    )


def _queued() -> list[tuple[str, str, tuple, int]]:
    return [
        (q.task["func"], q.task["name"], q.args(), q.task["timeout"])
        for q in OrmQ.objects.using(Conf.ORM).order_by("id")
    ]


def test_sixty_due_notices_are_queued_as_three_tasks_of_at_most_25(
    django_capture_on_commit_callbacks, settings
):
    ids = _confirmations(*(f"r{i}@example.org" for i in range(60)))
    OrmQ.objects.using(Conf.ORM).all().delete()  # the ones queued after each RSVP
    Notification.objects.update(enqueued_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        assert dispatch() == 60
    timeout = settings.PORCHLIGHT["NOTICE_BATCH_TIMEOUT_SECONDS"]
    assert _queued() == [
        ("notifications.tasks.notices_send", f"notices-{ids[0]}-25", (ids[0:25],), timeout),
        ("notifications.tasks.notices_send", f"notices-{ids[25]}-25", (ids[25:50],), timeout),
        ("notifications.tasks.notices_send", f"notices-{ids[50]}-10", (ids[50:60],), timeout),
    ]
    assert settings.PORCHLIGHT["NOTICE_BATCH_SIZE"] == 25


def test_the_batch_size_is_a_setting(django_capture_on_commit_callbacks, settings):
    settings.PORCHLIGHT = {**settings.PORCHLIGHT, "NOTICE_BATCH_SIZE": 2}
    ids = _confirmations(*(f"r{i}@example.org" for i in range(5)))
    OrmQ.objects.using(Conf.ORM).all().delete()
    Notification.objects.update(enqueued_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        assert dispatch() == 5
    assert [args for _, _, args, _ in _queued()] == [(ids[0:2],), (ids[2:4],), (ids[4:5],)]


def test_a_failing_notice_in_a_batch_does_not_stop_the_others(settings):
    settings.EMAIL_BACKEND = "tests.notifications.failing_backends.PickyEmailBackend"
    ana, down, bo = _confirmations("ana@example.org", "down@example.org", "bo@example.org")
    before = timezone.now()
    assert notices_send([ana, down, bo]) == {"sent": 2, "retry": 1}
    assert [m.to for m in mail.outbox] == [["ana@example.org"], ["bo@example.org"]]
    rows = Notification.objects.in_bulk([ana, down, bo])
    assert [rows[pk].state for pk in (ana, down, bo)] == ["sent", "pending", "sent"]
    # The failed one is retried with backoff, as when sent alone.
    failed = rows[down]
    assert (failed.attempts, failed.enqueued_at, failed.last_error) == (
        1,
        None,
        "ConnectionRefusedError: mail server down for this one",
    )
    base = settings.PORCHLIGHT["NOTICE_RETRY_BASE_SECONDS"]
    assert failed.due_at >= before + dt.timedelta(seconds=base)
    # Replayed, the batch finds nothing left to do but the notice not yet due again.
    assert notices_send([ana, down, bo]) == {"not mine": 3}


def test_a_send_that_runs_out_of_its_time_in_a_batch_is_retried_and_the_rest_go_out(settings):
    settings.EMAIL_BACKEND = "tests.notifications.failing_backends.PickyEmailBackend"
    settings.PORCHLIGHT = {
        **settings.PORCHLIGHT,
        "NOTICE_SEND_TIMEOUT_SECONDS": 0.3,
        "NOTICE_BATCH_TIMEOUT_SECONDS": 20,
    }
    slow, ana = _confirmations("slow@example.org", "ana@example.org")
    assert notices_send([slow, ana]) == {"retry": 1, "sent": 1}
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    row = Notification.objects.get(pk=slow)
    assert (row.state, row.attempts, row.last_error) == (
        "pending",
        1,
        "SendTimeLimit: The send exceeded its time limit (0.3 seconds)",
    )


def test_a_batch_without_time_for_another_send_queues_the_rest_again(settings):
    # 0.8 s for the first send leaves less than a whole send's time (1 s) before the
    # batch's end (3.5 s less its 2 s margin): the other two go back on the queue, unclaimed.
    settings.EMAIL_BACKEND = "tests.notifications.failing_backends.PickyEmailBackend"
    settings.PORCHLIGHT = {
        **settings.PORCHLIGHT,
        "NOTICE_SEND_TIMEOUT_SECONDS": 1,
        "NOTICE_BATCH_TIMEOUT_SECONDS": 3.5,
    }
    slow, ana, bo = _confirmations("slow@example.org", "ana@example.org", "bo@example.org")
    OrmQ.objects.using(Conf.ORM).all().delete()
    queued = timezone.now() - dt.timedelta(minutes=1)
    Notification.objects.update(enqueued_at=queued)
    started = timezone.now()
    assert notices_send([slow, ana, bo]) == {"sent": 1, "queued again": 2}
    assert [args for _, _, args, _ in _queued()] == [([ana, bo],)]
    rows = Notification.objects.in_bulk([slow, ana, bo])
    assert [(rows[pk].state, rows[pk].attempts) for pk in (slow, ana, bo)] == [
        ("sent", 1),
        ("pending", 0),
        ("pending", 0),
    ]
    assert rows[ana].enqueued_at >= started and rows[bo].enqueued_at >= started
    assert notices_send([ana, bo]) == {"sent": 2}


def test_a_batch_uses_one_smtp_connection_and_records_each_sent_before_the_goodbye(settings):
    settings.EMAIL_BACKEND = "tests.notifications.failing_backends.QuitRecordingSmtpBackend"
    QuitRecordingSmtpBackend.states_at_quit = []
    ids = _confirmations("ana@example.org", "bo@example.org", "cy@example.org")
    with SlowSmtpServer(delay=0) as server:
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        assert notices_send(ids) == {"sent": 3}
        expected = [Notification.objects.get(pk=pk).message_id for pk in ids]
        assert [m for m, _ in server.snapshot()] == expected
    assert QuitRecordingSmtpBackend.states_at_quit == [["sent", "sent", "sent"]]


def test_a_recipient_refused_by_the_smtp_server_drops_the_connection_not_the_batch(settings):
    settings.EMAIL_BACKEND = "tests.notifications.failing_backends.QuitRecordingSmtpBackend"
    QuitRecordingSmtpBackend.states_at_quit = []
    ids = _confirmations("ana@example.org", "gone@example.org", "cy@example.org")
    with SlowSmtpServer(delay=0, refuses=frozenset({"gone@example.org"})) as server:
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        assert notices_send(ids) == {"sent": 2, "retry": 1}
        assert [m["To"] for m in server.received()] == ["ana@example.org", "cy@example.org"]
    # The connection is dropped at the refusal (before its retry is recorded) and a new
    # one carries the rest: two goodbyes.
    assert QuitRecordingSmtpBackend.states_at_quit == [
        ["sent", "sending", "pending"],
        ["sent", "pending", "sent"],
    ]


@pytest.mark.django_db(transaction=True, databases="__all__")
def test_batch_and_single_tasks_run_through_django_q(settings):
    ids = _confirmations("ana@example.org", "bo@example.org", "cy@example.org")
    async_task("notifications.tasks.notices_send", ids[:2], sync=True, timeout=40)
    # A task queued one per notice, before batches, on a running site.
    async_task("notifications.tasks.notice_send", ids[2], sync=True, timeout=30)
    assert (
        list(Notification.objects.filter(pk__in=ids).values_list("state", flat=True))
        == ["sent"] * 3
    )
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ana@example.org",
        "bo@example.org",
        "cy@example.org",
    ]
    assert notice_send(ids[2]) == "not mine"
