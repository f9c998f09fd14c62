"""Sending a batch of notices in one task: one connection to the mail server, and each
notice claimed, sent and recorded on its own (delivery.notice_deliver), in its own time.

A notice is claimed just before its send and stopped after NOTICE_SEND_TIMEOUT_SECONDS,
so the lease, which outlasts that, covers it exactly as it covers a task of one notice:
no claim waits while the batch's other notices go out. A notice that fails or runs out of
time is retried with backoff like any other while the batch goes on; a batch that has no
time left for another whole send queues the notices it did not start again.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import time
from collections import Counter
from collections.abc import Iterator

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django_q.exceptions import TimeoutException

from notifications.delivery import notice_deliver
from notifications.enqueue import sends_enqueue
from notifications.models import Notification

logger = logging.getLogger(__name__)

# Seconds kept at the end of a batch's time limit, for its last record and its result.
MARGIN_SECONDS = 2


class SendTimeLimit(TimeoutException):
    """One send of a batch ran past NOTICE_SEND_TIMEOUT_SECONDS. Like django-q2's own
    TimeoutException (a SystemExit), so no `except Exception` inside the send swallows it,
    and recorded like it: a transport failure, retried with backoff."""


class BatchConnection:
    """One connection to the mail server for a batch: opened for its first e-mail, kept
    for the next, closed (SMTP QUIT) when the batch ends. After a failed send its state is
    unknown, so it is dropped and the next e-mail opens a new one. Each notice records
    "sent" while the connection is still open, as with a connection of its own."""

    def __init__(self) -> None:
        self._connection: BaseEmailBackend | None = None

    @contextlib.contextmanager
    def __call__(self) -> Iterator[BaseEmailBackend]:
        if self._connection is None:
            connection = get_connection(fail_silently=False)
            try:
                connection.open()
            except BaseException:
                with contextlib.suppress(Exception):
                    connection.close()  # a login refused leaves the socket open
                raise
            self._connection = connection
        try:
            yield self._connection
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            # Every outcome is recorded by now; a failed goodbye changes nothing about them.
            with contextlib.suppress(Exception):
                connection.close()


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """SendTimeLimit after `seconds` (SIGALRM, as django-q2's task timeout), then the
    alarm set around the block (django-q2's, for the whole batch) is given back."""

    def stop(signum, frame):
        raise SendTimeLimit(f"The send exceeded its time limit ({seconds:g} seconds)")

    try:
        previous = signal.signal(signal.SIGALRM, stop)
    except ValueError:  # not the main thread (a sync task run by a web thread): no alarm
        armed = False
    else:
        armed = True
    if not armed:
        yield
        return
    started = time.monotonic()
    outer = signal.getitimer(signal.ITIMER_REAL)[0]
    signal.setitimer(signal.ITIMER_REAL, min(seconds, outer) if outer else seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:
            left = outer - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001))


def _queue_again(ids: list[int]) -> int:
    """The notices a batch has no time left for go back on the queue, marked queued now
    (not lost: the dispatcher leaves them to their new task)."""
    Notification.objects.filter(
        pk__in=ids, state=Notification.State.PENDING, enqueued_at__isnull=False
    ).update(enqueued_at=timezone.now())
    sends_enqueue(ids)
    return len(ids)


def notices_deliver(ids: list[int]) -> dict[str, int]:
    """Send the notices of a batch one after another; how many ended each way."""
    conf = settings.PORCHLIGHT
    send_limit = conf["NOTICE_SEND_TIMEOUT_SECONDS"]
    # The batch's task stops at NOTICE_BATCH_TIMEOUT_SECONDS: a send is started only if it
    # can run its whole time before then (the first always can: settings check it).
    deadline = time.monotonic() + conf["NOTICE_BATCH_TIMEOUT_SECONDS"] - MARGIN_SECONDS
    outcomes: Counter[str] = Counter()
    mail = BatchConnection()
    try:
        for index, pk in enumerate(ids):
            if index and time.monotonic() + send_limit > deadline:
                outcomes["queued again"] += _queue_again(ids[index:])
                break
            try:
                with _time_limit(send_limit):
                    outcome = notice_deliver(pk, mail=mail)
            except (Exception, SendTimeLimit) as exc:  # noqa: BLE001 - the others go out
                # Sent but not recorded, or stopped around its claim: the lease sends it
                # again, as after a task of one notice that raised. Class name only: the
                # error may name the recipient.
                logger.warning("Notice %s left to the lease: %s", pk, exc.__class__.__name__)
                outcome = "left to the lease"
            outcomes[outcome] += 1
    finally:
        mail.close()
    return dict(outcomes)
