"""RSVP throughput under contention, SQLite and PostgreSQL, in one run.

For each database: N RSVPs to ONE event from 1 thread (the baseline) and from 32
threads racing for it (every write serialized by the event lock), and 32 threads
spread over 32 events (locks do not collide). Prints RSVPs per second and ratios.

    .venv/bin/python bench/rsvp.py            # both databases (PostgreSQL at 127.0.0.1)
"""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_URL = "postgres://postgres@127.0.0.1:5432/porchlight_bench"
RSVPS = 1200
THREADS = 32


def run_one() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from concurrent.futures import ThreadPoolExecutor

    from django.core.management import call_command
    from django.db import connection, connections

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    from rsvp.services import rsvp_create
    from tests import factories

    def make_events(count):
        program, venue, host = factories.program(), factories.venue(), factories.organization()
        return [
            factories.event(program=program, venue=venue, host=host, capacity=None)
            for _ in range(count)
        ]

    def timed(events, threads, tag):
        def one(i):
            rsvp_create(
                event=events[i % len(events)],
                email=f"{tag}{i}@example.org",
                name="Bench",
                party_size=1,
            )
            if threads > 1:
                connections.close_all() if i >= RSVPS - threads else None

        started = time.perf_counter()
        if threads == 1:
            for i in range(RSVPS):
                one(i)
        else:
            with ThreadPoolExecutor(max_workers=threads) as pool:
                list(pool.map(one, range(RSVPS)))
        return RSVPS / (time.perf_counter() - started)

    base = timed(make_events(1), 1, "a")
    same = timed(make_events(1), THREADS, "b")
    spread = timed(make_events(THREADS), THREADS, "c")
    print(
        f"{connection.vendor:>10}: 1 thread, 1 event {base:8.0f}/s | {THREADS} threads, 1 event "
        f"{same:8.0f}/s ({same / base:.2f}x) | {THREADS} threads, {THREADS} events "
        f"{spread:8.0f}/s ({spread / base:.2f}x)"
    )


def main() -> None:
    if os.environ.get("PORCHLIGHT_BENCH_CHILD"):
        run_one()
        return
    print(f"RSVPs per second, {RSVPS} RSVPs each (higher is better; ratios against 1 thread)")
    for db_url in ["", PG_URL]:
        env = {
            **os.environ,
            "PORCHLIGHT_BENCH_CHILD": "1",
            "DJANGO_SECRET_KEY": "bench",
            "PORCHLIGHT_VAR_DIR": str(ROOT / "var" / "bench"),
            "LOG_LEVEL": "WARNING",
        }
        env.pop("DATABASE_URL", None)
        if db_url:
            subprocess.run(
                ["createdb", "-h", "127.0.0.1", "-U", "postgres", "porchlight_bench"],
                capture_output=True,
            )
            env["DATABASE_URL"] = db_url
        else:
            for f in (ROOT / "var" / "bench").glob("porchlight.sqlite3*"):
                f.unlink()
        subprocess.run([sys.executable, __file__], env=env, check=True)


if __name__ == "__main__":
    main()
