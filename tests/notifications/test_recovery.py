"""Sends lost with a worker or a cluster come back fast; the send leaves the smallest window.

Which claims are taken back at once (their process is gone) or only after the lease,
which queued sends are queued again (their task was lost), what a send that runs out of
time does, when "sent" is recorded, and the one Message-ID a notice keeps.
"""

import datetime as dt
import os
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.management import get_commands
from django.utils import timezone
from django_q.conf import Conf
from django_q.models import OrmQ
from django_q.signing import SignedPackage

from notifications.delivery import notice_deliver
from notifications.dispatch import due_claim, stale_reclaim
from notifications.enqueue import SEND_TASK, SENDS_TASK
from notifications.liveness import claimer_id, claimers_gone, machine_key
from notifications.models import Notification
from ops.schedules import sweeps_all
from rsvp.services import rsvp_create
from tests import factories
from tests.notifications.failing_backends import QuitRecordingSmtpBackend
from tests.notifications.smtp_server import SlowSmtpServer

pytestmark = pytest.mark.django_db


def _confirmations(count: int) -> list[Notification]:
    event = factories.event()
    for i in range(count):
        rsvp_create(event=event, email=f"r{i}@example.org", name=f"R {i}")
    return list(Notification.objects.filter(kind="confirmed").order_by("pk"))


def _gone_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _claim(row: Notification, *, by: str, at: dt.datetime) -> None:
    Notification.objects.filter(pk=row.pk).update(
        state="sending", claimed_at=at, claimed_by=by, attempts=1
    )


def test_only_a_process_of_this_machine_that_no_longer_runs_counts_as_gone():
    key = machine_key()
    assert len(key) == 16  # Linux: one boot, one pid namespace
    dead = f"{key}:{_gone_pid()}"
    elsewhere = f"0123456789abcdef:{_gone_pid()}"
    assert claimers_gone([dead, claimer_id(), elsewhere, "", f"{key}:x", dead]) == [dead]
    assert claimer_id() == f"{key}:{os.getpid()}"


def test_a_claim_whose_worker_died_comes_back_at_once_not_after_the_lease():
    dead, alive, remote = _confirmations(3)
    now = timezone.now()
    _claim(dead, by=f"{machine_key()}:{_gone_pid()}", at=now - dt.timedelta(seconds=1))
    _claim(alive, by=claimer_id(), at=now - dt.timedelta(seconds=1))
    _claim(remote, by="0123456789abcdef:4242", at=now - dt.timedelta(seconds=1))
    assert stale_reclaim(now=now) == 1
    states = dict(Notification.objects.values_list("pk", "state"))
    assert [states[r.pk] for r in (dead, alive, remote)] == ["pending", "sending", "sending"]
    dead.refresh_from_db()
    assert (dead.enqueued_at, dead.last_error) == (
        None,
        "The worker was lost while sending; sending again.",
    )
    assert notice_deliver(dead.pk) == "sent"


def test_a_claim_made_after_the_liveness_check_by_a_reused_pid_is_kept():
    [row] = _confirmations(1)
    now = timezone.now()
    # The dead worker's pid was given to a new process, which claimed this row after the
    # dispatcher had found the pid gone: that claim is the new process's, and stays.
    _claim(row, by=f"{machine_key()}:{_gone_pid()}", at=now + dt.timedelta(milliseconds=5))
    assert stale_reclaim(now=now) == 0
    assert Notification.objects.get(pk=row.pk).state == "sending"


def test_a_send_that_runs_out_of_time_is_retried_with_backoff(settings):
    settings.EMAIL_BACKEND = "tests.notifications.failing_backends.HungEmailBackend"
    [row] = _confirmations(1)
    now = timezone.now()
    assert notice_deliver(row.pk, now=now) == "retry"
    row.refresh_from_db()
    assert (row.state, row.attempts, row.enqueued_at, row.due_at) == (
        "pending",
        1,
        None,
        now + dt.timedelta(seconds=settings.PORCHLIGHT["NOTICE_RETRY_BASE_SECONDS"]),
    )
    assert row.last_error == ("TimeoutException: Task exceeded maximum timeout value (30 seconds)")


def test_sent_is_recorded_before_the_smtp_goodbye(settings):
    settings.EMAIL_BACKEND = "tests.notifications.failing_backends.QuitRecordingSmtpBackend"
    QuitRecordingSmtpBackend.states_at_quit = []
    [row] = _confirmations(1)
    with SlowSmtpServer(delay=0) as server:
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        assert notice_deliver(row.pk) == "sent"
        assert [m for m, _ in server.snapshot()] == [row.message_id]
    assert QuitRecordingSmtpBackend.states_at_quit == [["sent"]]


def test_a_notice_sent_again_after_a_crash_keeps_its_one_message_id():
    first, other = _confirmations(2)
    assert notice_deliver(first.pk) == "sent"
    # The worker died between the server's 250 and the row's update: sent once more.
    _claim(first, by=f"{machine_key()}:{_gone_pid()}", at=timezone.now())
    Notification.objects.filter(pk=first.pk).update(state="sending")
    assert stale_reclaim() == 1
    assert notice_deliver(first.pk) == "sent"
    assert notice_deliver(other.pk) == "sent"
    domain = urlsplit(django_settings.SITE_URL).hostname
    ids = [m.extra_headers["Message-ID"] for m in mail.outbox]
    assert ids == [
        f"<notice-{first.pk}-{first.link_salt[:12]}@{domain}>",
        f"<notice-{first.pk}-{first.link_salt[:12]}@{domain}>",
        f"<notice-{other.pk}-{other.link_salt[:12]}@{domain}>",
    ]
    assert [m.message()["Message-ID"] for m in mail.outbox] == ids


def _queued(row: Notification, seconds_ago: float) -> None:
    Notification.objects.filter(pk=row.pk).update(
        enqueued_at=timezone.now() - dt.timedelta(seconds=seconds_ago)
    )


def _task(pk: int | list[int], *, taken_seconds_ago: float | None) -> OrmQ:
    now = timezone.now()
    lock = now - dt.timedelta(seconds=1)  # on the queue, free to take
    if taken_seconds_ago is not None:
        lock = now + dt.timedelta(seconds=Conf.RETRY - taken_seconds_ago)
    func = SENDS_TASK if isinstance(pk, list) else SEND_TASK
    payload = SignedPackage.dumps(
        {"id": f"t{pk}", "name": f"notice-{pk}", "func": func, "args": (pk,), "kwargs": {}}
    )
    return OrmQ.objects.using(Conf.ORM).create(key=Conf.CLUSTER_NAME, payload=payload, lock=lock)


@pytest.mark.django_db(databases="__all__")
def test_a_send_task_taken_by_a_dead_cluster_is_queued_again_after_the_grace(
    django_capture_on_commit_callbacks,
):
    grace = django_settings.PORCHLIGHT["NOTICE_QUEUE_GRACE_SECONDS"]
    taken_long_ago, taken_just_now, waiting = _confirmations(3)
    for row in (taken_long_ago, taken_just_now, waiting):
        _queued(row, grace + 10)
    _task(taken_long_ago.pk, taken_seconds_ago=grace + 5)
    _task(taken_just_now.pk, taken_seconds_ago=grace - 5)
    _task(waiting.pk, taken_seconds_ago=None)
    with django_capture_on_commit_callbacks(execute=True):
        assert due_claim(now=timezone.now(), limit=10) == [taken_long_ago.pk]
    assert OrmQ.objects.using(Conf.ORM).count() == 4


@pytest.mark.django_db(databases="__all__")
def test_a_batch_taken_by_a_dead_cluster_is_queued_again_after_the_grace(
    django_capture_on_commit_callbacks,
):
    grace = django_settings.PORCHLIGHT["NOTICE_QUEUE_GRACE_SECONDS"]
    first, second, waiting = _confirmations(3)
    for row in (first, second, waiting):
        _queued(row, grace + 10)
    _task([first.pk, second.pk], taken_seconds_ago=grace + 5)
    _task([waiting.pk], taken_seconds_ago=None)
    with django_capture_on_commit_callbacks(execute=True):
        assert due_claim(now=timezone.now(), limit=10) == [first.pk, second.pk]
    assert OrmQ.objects.using(Conf.ORM).count() == 3


@pytest.mark.django_db(databases="__all__")
def test_queued_sends_come_back_once_the_queue_has_had_nothing_to_give_for_the_grace():
    grace = django_settings.PORCHLIGHT["NOTICE_QUEUE_GRACE_SECONDS"]
    old, recent = _confirmations(2)
    _queued(old, grace + 1)
    _queued(recent, grace - 5)
    assert OrmQ.objects.using(Conf.ORM).count() == 0
    assert due_claim(now=timezone.now(), limit=10) == [old.pk]


@pytest.mark.django_db(transaction=True, databases="__all__")
def test_on_redis_a_send_overtaken_by_later_ones_is_queued_again(settings, monkeypatch):
    # A Redis that does not answer: whether the queue is empty is unknown, so only the
    # order of the list (first in, first out) tells which sends were lost.
    monkeypatch.setattr(Conf, "ORM", None)
    monkeypatch.setattr(Conf, "REDIS", "redis://127.0.0.1:1/0")
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "redis": "redis://127.0.0.1:1/0"}
    grace = settings.PORCHLIGHT["NOTICE_QUEUE_GRACE_SECONDS"]
    skipped, taken, after = _confirmations(3)
    now = timezone.now()
    for row, ago in ((skipped, grace + 30), (taken, grace + 20), (after, grace + 10)):
        Notification.objects.filter(pk=row.pk).update(enqueued_at=now - dt.timedelta(seconds=ago))
    Notification.objects.filter(pk=taken.pk).update(
        state="sent", claimed_at=now - dt.timedelta(seconds=grace + 15)
    )
    assert due_claim(now=now, limit=10) == [skipped.pk]


def test_manage_py_qcluster_runs_porchlights_command_with_the_notice_sweep():
    assert get_commands()["qcluster"] == "ops"
    assert [f.__qualname__ for f in sweeps_all()] == ["notices_sweep"]


def test_a_lease_not_longer_than_the_send_timeout_is_refused():
    env = {**os.environ, "NOTICE_LEASE_SECONDS": "30", "NOTICE_SEND_TIMEOUT_SECONDS": "30"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert (
        "Notice timings must satisfy EMAIL_TIMEOUT < NOTICE_SEND_TIMEOUT_SECONDS < "
        "NOTICE_LEASE_SECONDS and NOTICE_SEND_TIMEOUT_SECONDS < 90 (now 20, 30, 30)."
    ) in result.stderr
