"""A real cluster and a real SMTP server (0.3 s per message): stops, crashes, and what they cost.

The drill (crash_drill.py) kills the cluster or one busy worker 20 times while 500
notices go out. A notice goes out twice only if its worker died after the server took
it and before the row said so: so duplicates are counted, and each must be a notice that
was in flight at a kill, carrying the one Message-ID of that notice.
"""

import os
import signal
import time

import pytest
from django.utils import timezone

from notifications.dispatch import dispatch
from notifications.models import Notification
from tests.notifications.cluster import Cluster, wait_for
from tests.notifications.crash_drill import drill, reminders_due
from tests.notifications.smtp_server import SlowSmtpServer

pytestmark = [pytest.mark.cluster, pytest.mark.django_db(transaction=True, databases="__all__")]


def _group_gone(cluster: Cluster) -> bool:
    if cluster.process.poll() is None:
        return False
    try:
        os.killpg(cluster.process.pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_sigterm_to_the_whole_process_group_stops_the_cluster_within_10_s(tmp_path):
    reminders_due([timezone.now()] * 40)
    with SlowSmtpServer(delay=0.3) as server:
        cluster = Cluster(
            log=tmp_path / "qcluster.log",
            redis_url=None,
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=server.port,
            Q_WORKERS=2,
        )
        cluster.start()
        try:
            dispatch()  # queue them now (the cluster's own sweep would too)
            wait_for(lambda: len(server.snapshot()) >= 3, timeout=30, message="first sends")
            # What honcho's stop and systemd's default KillMode do: every process gets it.
            started = time.monotonic()
            os.killpg(cluster.process.pid, signal.SIGTERM)
            wait_for(lambda: _group_gone(cluster), timeout=10, every=0.05, message="stop")
            stopped_in = time.monotonic() - started
        finally:
            if cluster.process.poll() is None:
                cluster.kill()
    print(f"SIGTERM to the process group mid-delivery: stopped in {stopped_in:.2f} s")
    # A clean stop: each worker finished the send in hand, none is left half-done.
    assert cluster.process.returncode == 0
    states = set(Notification.objects.values_list("state", flat=True))
    assert states <= {"sent", "pending"}
    assert Notification.objects.filter(state="sent").count() == len(server.snapshot())


def test_twenty_kills_during_delivery_lose_no_notice_and_repeat_only_sends_in_flight(tmp_path):
    figures = drill(workdir=tmp_path, count=500, kills=20, workers=4)
    print()
    print(figures.table("20 kills -9 during 500 notices, SMTP server 0.3 s per message"))
    assert len(figures.kills) == 20
    assert (figures.lost, figures.not_sent, figures.unknown_ids) == ([], {}, [])
    # Only a send caught between the server's 250 and the row's update can repeat.
    assert set(figures.duplicates) <= figures.in_flight
    assert figures.after_last_kill <= 60
