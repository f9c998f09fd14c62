"""Does an RSVP's answer tell a new address from one already on the event? Timing, per path.

DESIGN.md rule 7: whoever types an e-mail address into the RSVP form must learn nothing
about it. This submits, through Django's whole request cycle (middleware, throttle, outbox),
RSVPs from three kinds of address, interleaved so drift hits all alike:

- new: never seen before;
- known: has an RSVP for another event;
- repeat: already has an RSVP for this very event;

to the API (POST /api/v1/events/<id>/rsvps/, anonymous) and to the HTML form, and next to
them a bare Django view (the floor). Prints status codes, query counts and the median and
90th percentile time of each path, and each median's ratio to the bare view's, on SQLite
and on PostgreSQL.

    .venv/bin/python bench/rsvp_answers.py [--requests 50] [--no-reminders]
    BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/porchlight_privacy  (the default)
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/porchlight_privacy")
PATHS = ("new", "known", "repeat")


def run_one(requests: int, reminders: list[int]) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    import logging

    logging.getLogger("django-q").setLevel(logging.WARNING)  # one line per queued send
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection, connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    for alias in connections:
        call_command("migrate", database=alias, verbosity=0)
    call_command("createcachetable", verbosity=0)
    cache.clear()
    from tests import factories

    program = factories.program(reminder_offsets_minutes=reminders)
    event = factories.event(program=program, capacity=None)
    elsewhere = factories.event(program=program, capacity=None)
    client = Client()

    def api(evt, email):
        return client.post(
            f"/api/v1/events/{evt.pk}/rsvps/",
            {"name": "Bench Resident", "email": email, "party_size": 2},
            content_type="application/json",
        )

    def form(evt, email):
        return client.post(
            f"/events/{evt.pk}/rsvp/",
            {"name": "Bench Resident", "email": email, "party_size": "2"},
        )

    def address(kind, i, channel):
        return f"{channel}-{kind}-{i}@example.org"

    for channel, submit in (("api", api), ("form", form)):
        for i in range(requests + 5):
            submit(event, address("repeat", i, channel))
            submit(elsewhere, address("known", i, channel))

    def bare():
        return client.get("/bench/bare/")

    timings = {(c, p): [] for c in ("api", "form") for p in PATHS}
    timings[("bare", "")] = []
    statuses = {key: set() for key in timings}
    queries = {key: set() for key in timings}

    def timed(key, call):
        # The debug query log keeps the last 9,000 statements only: empty it each time.
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = call()
            elapsed = time.perf_counter() - started
        timings[key].append(elapsed * 1000)
        statuses[key].add(response.status_code)
        queries[key].add(len(ctx.captured_queries))

    # Warm up every path (templates, cache table, connections) before measuring.
    for i in range(requests, requests + 5):
        for channel, submit in (("api", api), ("form", form)):
            submit(event, address("warm", i, channel))
            submit(event, address("repeat", i, channel))
        bare()
    for i in range(requests):
        for channel, submit in (("api", api), ("form", form)):
            timed((channel, "new"), lambda: submit(event, address("new", i, channel)))  # noqa: B023
            timed((channel, "known"), lambda: submit(event, address("known", i, channel)))  # noqa: B023
            timed((channel, "repeat"), lambda: submit(event, address("repeat", i, channel)))  # noqa: B023
        timed(("bare", ""), bare)

    floor = statistics.median(timings[("bare", "")])
    print(f"\n{connection.vendor}: {requests} requests per path, interleaved")
    print(f"  {'path':<14}{'status':>8}{'queries':>9}{'median ms':>11}{'p90 ms':>9}{'x bare':>8}")
    for (channel, path), values in timings.items():
        values = sorted(values)
        median = statistics.median(values)
        p90 = values[int(len(values) * 0.9) - 1]
        label = f"{channel} {path}".strip()
        status = "/".join(str(s) for s in sorted(statuses[(channel, path)]))
        count = "/".join(str(q) for q in sorted(queries[(channel, path)]))
        print(f"  {label:<14}{status:>8}{count:>9}{median:>11.2f}{p90:>9.2f}{median / floor:>8.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument(
        "--no-reminders",
        action="store_true",
        help="a program without reminders: a new RSVP then plans one notice, as a repeat does",
    )
    args = parser.parse_args()
    if os.environ.get("PORCHLIGHT_BENCH_CHILD"):
        run_one(args.requests, [] if args.no_reminders else [1440, 120])
        return
    var_dir = ROOT / "var" / "bench-answers"
    for db_url in ["", PG_URL]:
        env = {
            **os.environ,
            "PORCHLIGHT_BENCH_CHILD": "1",
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DJANGO_SECRET_KEY": "bench",
            "PORCHLIGHT_VAR_DIR": str(var_dir),
            "LOG_LEVEL": "WARNING",
            "API_RSVP_THROTTLE": "1000000/hour",
            # Static files from the source tree (no collectstatic): the pages link to them.
            "PORCHLIGHT_TESTING": "1",
        }
        env.pop("DATABASE_URL", None)
        env.pop("REDIS_URL", None)
        if db_url:
            env["DATABASE_URL"] = db_url
        else:
            var_dir.mkdir(parents=True, exist_ok=True)
            for f in var_dir.glob("*.sqlite3*"):
                f.unlink()
        extra = ["--no-reminders"] if args.no_reminders else []
        subprocess.run(
            [sys.executable, __file__, "--requests", str(args.requests), *extra],
            env=env,
            check=True,
        )


if __name__ == "__main__":
    main()
