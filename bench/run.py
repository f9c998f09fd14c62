"""One command for the whole bench: `python bench/run.py [sqlite|pg]` (or `make bench`).

It builds a fresh database with the demo data and 1,000 extra events, serves it with the
project's own gunicorn.conf.py (gthread workers sized from the CPUs), adds a bare Django
view through bench/urls.py, and loads each path with `wrk` (16 connections, 4 s) in rounds
that alternate the bare view and the path (A/B), so a machine that slows down mid-run
slows both. It prints one table — each path's requests/s as a ratio of the bare view's in
the same round (min and median over the rounds), p50/p99 latency, queries per request and
non-2xx answers — then RSVPs on one hot event against the same load spread over 1,000
events (wrk runs its clients as threads of its own process, outside any Python GIL), and
the 5,000-reminder run of bench/reminders.py. The table goes to bench/RESULTS.md too.

    .venv/bin/python bench/run.py            # SQLite in a temporary folder
    .venv/bin/python bench/run.py pg         # PostgreSQL at 127.0.0.1 (database porchlight_bench)
    BENCH_ROUNDS=3 BENCH_SECONDS=2 .venv/bin/python bench/run.py   # quicker, noisier

Needs `wrk` (Debian: apt install wrk). Ratios, not requests/s, compare between machines.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_URL = "postgres://postgres@127.0.0.1:5432/porchlight_bench"
PORT = int(os.environ.get("BENCH_PORT", "8345"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "4"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
SPREAD_EVENTS = 1000

SETUP = """
import datetime as dt, json
from django.utils import timezone
from scheduler.models import Event, Program, Venue, Organization
from scheduler.services import event_create
program, venue, host = Program.objects.first(), Venue.objects.first(), Organization.objects.first()
start = timezone.now() + dt.timedelta(days=20)
made = [
    event_create(
        title=f"Bench meeting {n}", program=program, venue=venue, host=host,
        start=start + dt.timedelta(minutes=n), end=start + dt.timedelta(minutes=n + 60),
        capacity=100000,
    ).pk
    for n in range(%(spread)d)
]
public = Event.objects.published().filter(start__gte=timezone.now()).order_by("start").first()
print(json.dumps({"event": public.pk, "hot": made[0], "spread": made}))
"""


def _env(var_dir: str, database: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        PORCHLIGHT_VAR_DIR=var_dir,
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_SECRET_KEY="porchlight-bench-only",
        DJANGO_DEBUG="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL=f"http://127.0.0.1:{PORT}",
        LOG_LEVEL="WARNING",
        # A crowd from one address: the per-client throttles would answer 429 to the bench.
        API_RSVP_THROTTLE="100000000/hour",
        BENCH_COUNT_QUERIES="1",
        STATIC_ROOT=str(Path(var_dir) / "static"),
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
    )
    if database == "pg":
        env["DATABASE_URL"] = PG_URL
    return env


def _manage(env: dict, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def _fresh_pg() -> None:
    subprocess.run(
        ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "porchlight_bench"],
        check=True,
    )
    subprocess.run(
        ["createdb", "-h", "127.0.0.1", "-U", "postgres", "porchlight_bench"], check=True
    )


def _head(path: str, **headers: str) -> tuple[int, dict]:
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers)


def _wait_up() -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            if _head("/bench/bare/")[0] == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise SystemExit("the bench server did not come up")
        time.sleep(0.3)


def _lua(work: Path, name: str, body: str) -> str:
    path = work / f"{name}.lua"
    path.write_text(body)
    return str(path)


def _post_script(work: Path, name: str, ids: list[int], *, form: bool) -> str:
    # Every request a new resident (a new address), so no answer is "already RSVPed".
    ids_lua = ",".join(str(i) for i in ids)
    if form:
        token = "b" * 32
        request = f"""
  local body = "csrfmiddlewaretoken={token}&name=Bench+Resident&party_size=1"
    .. "&language=en&email=" .. email
  return wrk.format("POST", "/events/" .. id .. "/rsvp/",
    {{["Content-Type"]="application/x-www-form-urlencoded",
      ["Cookie"]="csrftoken={token}"}}, body)"""
    else:
        request = """
  local body = '{"name":"Bench Resident","email":"' .. email .. '"}'
  return wrk.format("POST", "/api/v1/events/" .. id .. "/rsvps/",
    {["Content-Type"]="application/json"}, body)"""
    return _lua(
        work,
        name,
        f"""
local ids = {{{ids_lua}}}
local n = 0
math.randomseed(os.time() + tonumber(tostring({{}}):sub(8), 16))
request = function()
  n = n + 1
  local id = ids[math.random(#ids)]
  local email = "r" .. math.random(1, 2000000000) .. "x" .. n .. "%40bench.example.org"
  if {str(not form).lower()} then email = email:gsub("%%40", "@") end
{request}
end
""",
    )


def _wrk(path: str, *, script: str | None = None, header: str | None = None) -> dict:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", "--timeout", "10s"]
    if script:
        command += ["-s", script]
    if header:
        command += ["-H", header]
    out = subprocess.run(
        [*command, f"http://127.0.0.1:{PORT}{path}"], capture_output=True, text=True, check=True
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*?timeout (\d+)", out)

    def percentile(p: str) -> float:
        value, unit = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    return {
        "rate": rate,
        "p50": percentile("50"),
        "p99": percentile("99"),
        "bad": int(bad.group(1)) if bad else 0,
        "timeouts": int(errors.group(1)) if errors else 0,
    }


def _queries(path: str, **headers: str) -> str:
    status, answer = _head(path, **headers)
    return answer.get("X-Bench-Queries", "?")


def _ab(paths: list[tuple[str, str, dict]]) -> list[dict]:
    """Rounds of (bare, path) pairs; a path's ratio in a round is against that round's bare."""
    rows = {label: {"label": label, "ratios": [], "runs": []} for label, _, _ in paths}
    for _ in range(ROUNDS):
        for label, path, extra in paths:
            bare = _wrk("/bench/bare/")
            run = _wrk(path, **extra)
            rows[label]["ratios"].append(run["rate"] / bare["rate"])
            rows[label]["runs"].append(run)
    table = []
    for label, path, extra in paths:
        row = rows[label]
        runs = row["runs"]
        table.append(
            {
                "label": label,
                "min": min(row["ratios"]),
                "median": statistics.median(row["ratios"]),
                "rate": statistics.median(r["rate"] for r in runs),
                "p50": statistics.median(r["p50"] for r in runs),
                "p99": statistics.median(r["p99"] for r in runs),
                "bad": sum(r["bad"] + r["timeouts"] for r in runs),
                "path": path,
                "extra": extra,
            }
        )
    return table


def main() -> None:
    database = (sys.argv[1:] or ["sqlite"])[0]
    if database not in {"sqlite", "pg"}:
        raise SystemExit("usage: bench/run.py [sqlite|pg]")
    cpus = len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory(prefix="porchlight-bench-") as var_dir:
        work = Path(var_dir)
        env = _env(var_dir, database)
        if database == "pg":
            _fresh_pg()
        _manage(env, "migrate_all", "-v", "0")
        _manage(env, "demo_data", "--if-empty")
        _manage(env, "collectstatic", "--noinput", "-v", "0")
        ids = json.loads(
            _manage(env, "shell", "-c", SETUP % {"spread": SPREAD_EVENTS}).split("\n")[-2]
        )
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "gunicorn.conf.py",
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{PORT}",
                "--access-logfile",
                os.devnull,
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            _wait_up()
            event = ids["event"]
            feed = "/calendar/events.ics"
            etag = _head(feed)[1].get("ETag", '"none"')
            paths = [
                ("home /", "/", {}),
                ("event page", f"/events/{event}/", {}),
                ("API event list", "/api/v1/events/", {}),
                ("API event detail", f"/api/v1/events/{event}/", {}),
                ("feed, warm 200", feed, {}),
                ("feed, 304", feed, {"header": f"If-None-Match: {etag}"}),
                (
                    "RSVP POST (API)",
                    f"/api/v1/events/{ids['hot']}/rsvps/",
                    {"script": _post_script(work, "api", [ids["hot"]], form=False)},
                ),
                (
                    "RSVP POST (form)",
                    f"/events/{ids['hot']}/rsvp/",
                    {"script": _post_script(work, "form", [ids["hot"]], form=True)},
                ),
            ]
            for path in ("/", f"/events/{event}/", "/api/v1/events/", feed):
                _head(path)  # warm caches the way a crowd would
            table = _ab(paths)
            for row in table:
                extra = row["extra"]
                if "script" in extra:
                    row["queries"] = "—"
                else:
                    headers = {}
                    if "header" in extra:
                        name, value = extra["header"].split(": ", 1)
                        headers[name] = value
                    row["queries"] = _queries(row["path"], **headers)
            hot = [
                _wrk("/", script=_post_script(work, "hot", [ids["hot"]], form=False))
                for _ in range(ROUNDS)
            ]
            spread = [
                _wrk("/", script=_post_script(work, "spread", ids["spread"], form=False))
                for _ in range(ROUNDS)
            ]
        finally:
            server.terminate()
            server.wait(timeout=20)
    reminders = _reminders(database)
    _report(database, cpus, table, hot, spread, reminders)


def _reminders(database: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL"}}
    if database == "pg":
        _fresh_pg()
        env["DATABASE_URL"] = PG_URL
    if os.environ.get("BENCH_SKIP_REMINDERS"):
        return "skipped (BENCH_SKIP_REMINDERS)"
    env.setdefault("BENCH_REDIS_URL", "redis://127.0.0.1:6379/2")
    done = subprocess.run(
        [sys.executable, "bench/reminders.py"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    return (done.stdout + (done.stderr[-2000:] if done.returncode else "")).strip()


def _report(database, cpus, table, hot, spread, reminders) -> None:
    name = {"sqlite": "SQLite", "pg": "PostgreSQL"}[database]
    lines = [
        f"## {name}, {dt.date.today().isoformat()}, {cpus} CPUs",
        "",
        # Other work on the machine slows the bare view and the paths alike, but not
        # exactly alike: the load says how far to trust a ratio.
        f"Load average at the end of the run: {os.getloadavg()[0]:.1f}.",
        "",
        f"gunicorn.conf.py defaults, wrk {CONNECTIONS} connections, {SECONDS} s × {ROUNDS} "
        "rounds A/B against a bare Django view; ratio = the path's requests/s ÷ the bare "
        "view's in the same round.",
        "",
        "| path | ratio min | ratio median | req/s | p50 ms | p99 ms | queries | non-2xx |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in table:
        lines.append(
            f"| {row['label']} | {row['min']:.2f} | {row['median']:.2f} | {row['rate']:.0f} | "
            f"{row['p50']:.1f} | {row['p99']:.1f} | {row['queries']} | {row['bad']} |"
        )
    hot_rate = statistics.median(r["rate"] for r in hot)
    spread_rate = statistics.median(r["rate"] for r in spread)
    lines += [
        "",
        f"RSVPs (API), clients in wrk's own threads: one hot event {hot_rate:.0f}/s, "
        f"spread over {SPREAD_EVENTS} events {spread_rate:.0f}/s, hot ÷ spread "
        f"**{hot_rate / spread_rate:.2f}** (non-2xx: {sum(r['bad'] for r in hot)} hot, "
        f"{sum(r['bad'] for r in spread)} spread).",
        "",
        "Reminders (bench/reminders.py):",
        "",
        "```",
        reminders,
        "```",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    results = ROOT / "bench" / "RESULTS.md"
    old = (
        results.read_text()
        if results.exists()
        else "# Bench results\n\nWritten by `bench/run.py`, one section per database.\n\n"
    )
    head, _, rest = old.partition(f"## {name}, ")
    # Keep the other database's section, replace this one's.
    kept = re.sub(r"^.*?(?=^## |\Z)", "", rest, count=1, flags=re.S | re.M) if rest else ""
    results.write_text(head.rstrip() + "\n\n" + text + "\n" + kept)


if __name__ == "__main__":
    main()
