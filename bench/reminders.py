"""How long 5,000 due reminders take from "due" to "delivered" through django-q2.

Prints, for the ORM broker and for Redis (when reachable), the time a real `qcluster`
(Q_WORKERS workers, default 2) takes to deliver every reminder, next to an in-process
loop that claims, renders and sends the same messages one after another, and how late
the last reminder went out (its sent_at less the due_at every reminder shares).

    .venv/bin/python bench/reminders.py                 # SQLite in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/porchlight_bench \
        .venv/bin/python bench/reminders.py
    BENCH_REDIS_URL=redis://127.0.0.1:6379/2 BENCH_COUNT=5000 .venv/bin/python bench/reminders.py

E-mail goes to files (one per message) in the temporary folder. The database named by
DATABASE_URL is emptied of notices, RSVPs and attendees: use a database of its own.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="porchlight-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "porchlight-bench-only-secret-key")
os.environ["PORCHLIGHT_VAR_DIR"] = str(WORK)
os.environ["EMAIL_BACKEND"] = "notifications.mail_backends.MessageDirBackend"
os.environ["EMAIL_FILE_PATH"] = str(WORK / "mail")
os.environ.pop("REDIS_URL", None)

import django  # noqa: E402

django.setup()

import datetime as dt  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db.models import Max  # noqa: E402
from django.utils import timezone  # noqa: E402

from notifications.delivery import notice_deliver  # noqa: E402
from notifications.dispatch import dispatch  # noqa: E402
from notifications.models import Notification  # noqa: E402
from rsvp.models import Attendee, Rsvp, token_hash, token_new  # noqa: E402
from scheduler.models import Event, Organization, Program, Venue  # noqa: E402

COUNT = int(os.environ.get("BENCH_COUNT", "5000"))
WORKERS = os.environ.get("Q_WORKERS", "2")


def setup() -> list[int]:
    call_command("migrate", verbosity=0)
    Notification.objects.all().delete()
    Rsvp.objects.all().delete()
    Attendee.objects.all().delete()
    program, _ = Program.objects.get_or_create(
        slug="bench", defaults={"name": "Bench", "reminder_offsets_minutes": [60]}
    )
    venue = Venue.objects.create(name="Bench hall", address="1 Bench St")
    host, _ = Organization.objects.get_or_create(slug="bench", defaults={"name": "Bench PD"})
    start = timezone.now() + dt.timedelta(days=1)
    event = Event.objects.create(
        title="Bench night",
        program=program,
        venue=venue,
        host=host,
        start=start,
        end=start + dt.timedelta(hours=1),
    )
    Attendee.objects.bulk_create(Attendee(email=f"resident{i}@example.org") for i in range(COUNT))
    Rsvp.objects.bulk_create(
        Rsvp(
            event=event,
            attendee=a,
            name=f"Resident {a.pk}",
            status=Rsvp.Status.CONFIRMED,
            manage_token_hash=token_hash(token_new()),
        )
        for a in Attendee.objects.all()
    )
    Notification.objects.bulk_create(
        Notification(
            kind="reminder",
            attendee_id=r.attendee_id,
            rsvp=r,
            event=event,
            offset_minutes=60,
            due_at=timezone.now(),
            payload={"start": event.start.isoformat()},
            dedupe_key=f"reminder:email:60:rsvp{r.pk}:seq0",
        )
        for r in Rsvp.objects.all()
    )
    return list(Notification.objects.values_list("pk", flat=True))


def reset() -> None:
    Notification.objects.update(
        state="pending", attempts=0, enqueued_at=None, claimed_at=None, sent_at=None
    )
    for path in (WORK / "mail").glob("*"):
        path.unlink()


def delivered_files() -> int:
    return len(list((WORK / "mail").glob("*.eml")))


def in_process(ids: list[int]) -> float:
    reset()
    started = time.perf_counter()
    for pk in ids:
        notice_deliver(pk)
    elapsed = time.perf_counter() - started
    assert delivered_files() == COUNT, delivered_files()
    return elapsed


def through_cluster(redis_url: str | None) -> tuple[float, float]:
    from django_q.brokers import get_broker
    from django_q.conf import Conf

    from tests.notifications.cluster import Cluster, wait_for

    reset()
    if redis_url:
        Conf.ORM, Conf.REDIS = None, redis_url
        get_broker().purge_queue()
    else:
        Conf.ORM, Conf.REDIS = os.environ.get("BENCH_ORM", Conf.ORM or "default"), {}
    log = WORK / f"qcluster-{'redis' if redis_url else 'orm'}.log"
    with Cluster(log=log, redis_url=redis_url, Q_WORKERS=WORKERS) as cluster:
        time.sleep(3)  # let the workers start; not counted
        due = timezone.now()
        Notification.objects.update(due_at=due)
        started = time.perf_counter()
        dispatch()  # what each qcluster process's sweep and the per-minute schedule do
        wait_for(
            lambda: Notification.objects.filter(state="sent").count() == COUNT,
            timeout=1800,
            every=0.2,
            message="every reminder delivered",
        )
        elapsed = time.perf_counter() - started
        assert cluster.process.poll() is None
    assert delivered_files() == COUNT, delivered_files()
    last = Notification.objects.aggregate(last=Max("sent_at"))["last"]
    return elapsed, (last - due).total_seconds()


def main() -> None:
    from django.conf import settings
    from django.db import connection

    os.environ["BENCH_ORM"] = settings.Q_CLUSTER.get("orm", "default")
    ids = setup()
    print(
        f"{COUNT} due reminders, database {connection.vendor}, Q_WORKERS={WORKERS}, "
        f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f} at start"
    )
    base = in_process(ids)
    print(f"  in-process loop (claim, render, send, mark): {base:7.2f} s  ({COUNT / base:6.0f}/s)")
    brokers = [("ORM broker", None)]
    redis_url = os.environ.get("BENCH_REDIS_URL")
    if redis_url:
        brokers.append(("Redis broker", redis_url))
    for name, url in brokers:
        took, late = through_cluster(url)
        print(
            f"  qcluster, {name:12}: due → delivered {took:7.2f} s  ({COUNT / took:6.0f}/s)"
            f"  ratio {took / base:4.2f}× the in-process loop, last one {late:6.2f} s late"
        )


if __name__ == "__main__":
    main()
