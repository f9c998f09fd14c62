"""The crash drill: deliver notices through a real cluster and SMTP server while killing it.

Used by tests/notifications/test_crash_delivery.py (which asserts on the figures) and
bench/crash_delivery.py (which prints them for both kinds of mail server). It makes
`count` reminders falling due one after another over `spread` seconds, starts
`manage.py qcluster`, and `kills` times at random moments kills with SIGKILL either the
whole cluster (then starts it again at once, as systemd's Restart= would) or one worker
that is in the middle of a send (the cluster's sentinel starts another). It waits until
every notice is sent, then reads what the SMTP server accepted.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import os
import random
import signal
import statistics
import time
from pathlib import Path

from django.utils import timezone

from notifications.liveness import machine_key
from notifications.models import Notification
from rsvp.models import Attendee, Rsvp, token_hash, token_new
from tests import factories
from tests.notifications.cluster import Cluster, wait_for
from tests.notifications.smtp_server import SlowSmtpServer


@dataclasses.dataclass
class Figures:
    count: int
    kills: list[str]  # "cluster" or "worker", in order
    lost: list[int]  # notices never accepted by the server
    not_sent: dict[int, str]  # notice id -> state, for rows not "sent" at the end
    unknown_ids: list[str]  # Message-IDs the server got that belong to no notice
    duplicates: dict[int, int]  # notice id -> extra copies the server accepted
    in_flight: set[int]  # notices being sent when a kill came (the only ones that may repeat)
    kill_log: list[tuple[float, str, set[int]]]  # (time.time(), kind, notices in flight)
    first_accepted: dict[int, float]  # notice id -> first time.time() the server took it
    lateness: list[float]  # per notice: first acceptance - due time, seconds
    after_last_kill: float  # max over notices: first acceptance - max(due, last kill)
    last_kill_to_done: float  # last kill -> the last notice's first acceptance
    elapsed: float

    def accepted_after_kill(self) -> list[int]:
        """Duplicated notices the server first took after the kill of their sender.

        The worker was dead already; until the kernel had torn it down and closed its
        socket, the server saw a live session, finished accepting and answered 250 to no
        one. No sender can record what it never heard: these duplicates are the mail
        server's to drop, by the Message-ID they share with their re-send.
        """
        return sorted(
            pk
            for pk in self.duplicates
            if any(pk in hit and self.first_accepted[pk] >= at for at, _, hit in self.kill_log)
        )

    def table(self, title: str) -> str:
        late = sorted(self.lateness)
        rows = [
            ("notices", self.count),
            (
                "kills (cluster / one worker)",
                f"{len(self.kills)} ({self.kills.count('cluster')} / {self.kills.count('worker')})",
            ),
            ("sends in flight at the kills", len(self.in_flight)),
            ("lost (never accepted)", len(self.lost)),
            ("not marked sent", len(self.not_sent)),
            ("duplicates (extra copies, same Message-ID)", sum(self.duplicates.values())),
            ("  of which first taken after the kill", len(self.accepted_after_kill())),
            ("lateness p50 / p95 / max, s", _three(late)),
            ("latest delivery after max(due, last kill), s", f"{self.after_last_kill:.1f}"),
            ("last kill -> all delivered, s", f"{self.last_kill_to_done:.1f}"),
            ("drill time, s", f"{self.elapsed:.0f}"),
        ]
        width = max(len(name) for name, _ in rows)
        lines = [title] + [f"  {name:<{width}}  {value}" for name, value in rows]
        return "\n".join(lines)


def _three(values: list[float]) -> str:
    if not values:
        return "-"
    p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
    return f"{statistics.median(values):.1f} / {p95:.1f} / {values[-1]:.1f}"


def reminders_due(due_times: list[dt.datetime]) -> list[int]:
    """One e-mail reminder per due time, each to its own resident of one event."""
    program = factories.program(reminder_offsets_minutes=[60])
    event = factories.event(program=program, start=timezone.now() + dt.timedelta(days=1))
    first = Attendee.objects.count()
    Attendee.objects.bulk_create(
        Attendee(email=f"resident{first + i}@example.org") for i in range(len(due_times))
    )
    attendees = list(Attendee.objects.order_by("id"))[first:]
    Rsvp.objects.bulk_create(
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
        for r, due in zip(rsvps, due_times, strict=True)
    )
    return list(
        Notification.objects.filter(event=event).order_by("due_at").values_list("pk", flat=True)
    )


def _busy_workers(cluster: Cluster) -> dict[str, int]:
    """claimer id -> pid, for this cluster's workers that hold a claim right now."""
    prefix = machine_key() + ":"
    busy = {}
    for claimer in Notification.objects.filter(state="sending").values_list(
        "claimed_by", flat=True
    ):
        if not claimer.startswith(prefix):
            continue
        pid = int(claimer.rpartition(":")[2])
        with contextlib.suppress(ProcessLookupError):
            if os.getpgid(pid) == cluster.process.pid:
                busy[claimer] = pid
    return busy


def drill(
    *,
    workdir: Path,
    count: int = 500,
    kills: int = 20,
    workers: int = 4,
    spread: float = 80.0,
    delay: float = 0.3,
    keeps_orphans: bool = False,
    seed: int = 14,
    done_timeout: float = 120.0,
) -> Figures:
    rng = random.Random(seed)
    started = time.monotonic()
    with SlowSmtpServer(delay=delay, keeps_orphans=keeps_orphans) as server:
        env = {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": server.port,
            "Q_WORKERS": workers,
        }
        first_due = timezone.now() + dt.timedelta(seconds=3)  # while the cluster starts
        ids = reminders_due(
            [first_due + dt.timedelta(seconds=spread * i / count) for i in range(count)]
        )
        message_ids = {
            n.message_id: n.pk for n in Notification.objects.filter(pk__in=ids).only("link_salt")
        }
        runs = 0

        def start() -> Cluster:
            nonlocal runs
            runs += 1
            cluster = Cluster(log=workdir / f"qcluster-{runs}.log", redis_url=None, **env)
            cluster.start()
            return cluster

        cluster = start()
        done: list[str] = []
        in_flight: set[int] = set()
        kill_log: list[tuple[float, str, set[int]]] = []
        last_kill = time.time()
        try:
            # Kills at random moments while the notices fall due and go out.
            while len(done) < kills:
                time.sleep(rng.uniform(0.3, 2 * spread / kills - 0.3))
                if len(done) % 2 == 0:
                    last_kill = time.time()
                    cluster.kill()
                    done.append("cluster")
                    # Whatever was being sent stays "sending" until it is taken back.
                    caught = set(
                        Notification.objects.filter(state="sending").values_list("pk", flat=True)
                    )
                    kill_log.append((last_kill, "cluster", caught))
                    in_flight |= caught
                    cluster = start()
                    continue
                try:
                    claimer, pid = rng.choice(
                        sorted(
                            wait_for(
                                lambda c=cluster: _busy_workers(c),
                                timeout=10,
                                every=0.02,
                                message="a worker in the middle of a send",
                            ).items()
                        )
                    )
                except AssertionError:
                    continue  # nothing left to send: no kill "during delivery" to make
                last_kill = time.time()
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                done.append("worker")
                caught = set(
                    Notification.objects.filter(state="sending", claimed_by=claimer).values_list(
                        "pk", flat=True
                    )
                )
                kill_log.append((last_kill, "worker", caught))
                in_flight |= caught
            wait_for(
                lambda: (
                    not Notification.objects.filter(pk__in=ids)
                    .exclude(state__in=["sent", "failed"])
                    .exists()
                ),
                timeout=done_timeout,
                every=0.5,
                message="every notice sent after the last kill",
            )
            time.sleep(1)  # a straggling duplicate would arrive now
        finally:
            cluster.stop()
            if cluster.process.poll() is None:
                cluster.kill()
        accepted = server.snapshot()

    first: dict[int, float] = {}
    copies: dict[int, int] = {}
    unknown = []
    for message_id, at in accepted:
        pk = message_ids.get(message_id)
        if pk is None:
            unknown.append(message_id)
            continue
        first[pk] = min(first.get(pk, at), at)
        copies[pk] = copies.get(pk, 0) + 1
    due = {
        pk: at.timestamp()
        for pk, at in Notification.objects.filter(pk__in=ids).values_list("pk", "due_at")
    }
    not_sent = dict(
        Notification.objects.filter(pk__in=ids).exclude(state="sent").values_list("pk", "state")
    )
    return Figures(
        count=count,
        kills=done,
        lost=sorted(set(ids) - set(first)),
        not_sent=not_sent,
        unknown_ids=unknown,
        duplicates={pk: n - 1 for pk, n in copies.items() if n > 1},
        in_flight=in_flight,
        kill_log=kill_log,
        first_accepted=first,
        lateness=[first[pk] - due[pk] for pk in first],
        after_last_kill=max((first[pk] - max(due[pk], last_kill) for pk in first), default=0.0),
        last_kill_to_done=max(first.values(), default=last_kill) - last_kill,
        elapsed=time.monotonic() - started,
    )
