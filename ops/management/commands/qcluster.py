"""`manage.py qcluster`: django-q2's cluster, stopping cleanly on any SIGTERM, with a sweeper.

The stop. django-q2's sentinel process resets SIGTERM to its default action and then
sleeps in `stop_event.wait()`. A SIGTERM sent to every process of the cluster — honcho
stopping `make run`, systemd's default KillMode=control-group, `kill -TERM -<pgid>` —
kills the sentinel in that wait; the main process's handler then calls
`stop_event.set()`, whose Condition waits, with no timeout, for the dead sleeper to
acknowledge, and the cluster never exits (6 stops of 6 hung until SIGKILL). So SIGTERM
and SIGINT are blocked while the cluster forks: the sentinel, the workers, the pusher
and the monitor inherit the mask, and a signal sent to them stays pending and does
nothing. Only this process acts on it, and it stops the cluster the way django-q2
means to: the pusher stops, each worker finishes the send in hand, the monitor saves
the results. SIGKILL still ends any of them at once.

The trade-off: the sentinel's own SIGTERM to a worker stuck past its task timeout does
nothing either. A worker's timeout is a SIGALRM raised inside the task, which ends the
task and the worker on its own; only code stuck where Python cannot run that handler
would stay, and then a SIGKILL (systemd's, after TimeoutStopSec) ends it.

The sweeper. Every PORCHLIGHT["NOTICE_SWEEP_SECONDS"], and once at start, this process
runs each app's sweeps (`SWEEPS` in its tasks module, see ops/schedules.py): the notice
dispatcher, which brings back sends lost with a worker and queues what is due. It does
not wait for django-q2's scheduler, which looks only every 30 s and fires a per-minute
schedule up to 90 s apart, nor for a free worker behind a long queue.
"""

import logging
import os
import signal
import threading

from django.conf import settings
from django.db import close_old_connections
from django_q.cluster import Cluster
from django_q.management.commands.qcluster import Command as DjangoQCommand

from ops.schedules import sweeps_all

logger = logging.getLogger(__name__)

STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT}


class Command(DjangoQCommand):
    help = (
        "Starts the django-q2 cluster; SIGTERM or SIGINT to any of its processes stops it "
        "cleanly, and the notice sweeper runs every NOTICE_SWEEP_SECONDS."
    )

    def handle(self, *args, **options):
        settings.SECRET_KEY  # noqa: B018 - signing needs it: fail here, not in a worker
        if options.get("cluster_name"):
            os.environ["Q_CLUSTER_NAME"] = options["cluster_name"]
        stopping = threading.Event()
        signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        try:
            cluster = Cluster()
            cluster.start()
            for signum in STOP_SIGNALS:
                # Only note it here: the loop below stops the cluster outside the handler.
                signal.signal(signum, lambda *_: stopping.set())
        finally:
            # A signal that came while the cluster started is delivered now.
            signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
        if options.get("run_once"):
            cluster.stop()
            return
        interval = settings.PORCHLIGHT["NOTICE_SWEEP_SECONDS"]
        while not stopping.is_set() and cluster.sentinel.is_alive():
            sweep(stopping)
            stopping.wait(interval)
        if not cluster.stop() and not stopping.is_set():
            # The sentinel died on its own: exit non-zero so a supervisor restarts us.
            raise SystemExit("The django-q2 sentinel process died; the cluster stopped.")


def sweep(stopping: threading.Event) -> None:
    for func in sweeps_all():
        if stopping.is_set():
            return
        close_old_connections()
        try:
            func(stop=stopping.is_set)
        except Exception:  # noqa: BLE001 - a failed sweep is retried at the next one
            logger.exception("Sweep %s failed", func.__name__)
    close_old_connections()
