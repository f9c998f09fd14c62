"""Page latency while clients flood /accounts/login/ with wrong passwords, protection on and off.

One gunicorn (sync workers, one per core) on a fresh SQLite database with the demo data and
Django's production password hasher (PBKDF2, as configured: no test shortcut). A page client
asks for an event page and a bare Django view in turn, while FLOODERS processes post wrong
passwords for the demo accounts as fast as the server answers:

  quiet                      no flood: the floor
  flood of plain pages       the same clients asking for the bare view instead: what any
                             flood of cheap requests costs the page client (the reference)
  flood, protection off      no lock, no budget: every attempt runs the password hasher
  flood, protection on       one address: locked after LOGIN_FAILURE_LIMIT tries, then each
                             attempt is refused (429) before any hash
  flood, new address each    API_NUM_PROXIES=1 and a made-up X-Forwarded-For on every attempt
                             (many machines): the per-account locks alone stop it
  new name + address, locks only
                             each attempt a new user name too: no lock ever applies, and
                             without the budget of checks (SIGNIN_CHECKS_PER_SECOND=0) each
                             attempt runs the hasher
  new name + address         the same with the budget (ops/signin.py): a check every 2 s,
                             the rest refused (429) before any hash

The clients share the machine's cores with the server (the last two columns say how much CPU
each side took) and so does whatever else runs there (the load average is printed): compare
ratios, not absolute figures.

    .venv/bin/python bench/login_flood.py [--seconds 20] [--flooders 4] [--workers 2]
"""

import argparse
import contextlib
import http.client
import multiprocessing
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.api.livestack import (  # noqa: E402
    gunicorn_command,
    listening_socket,
    manage,
    server_env,
    wait_until_up,
)

TICKS = os.sysconf("SC_CLK_TCK")

ACCOUNTS = ["coordinator", "officer.garcia", "officer.chen", "staff.library", "staff.bridges"]
NO_BUDGET = {"SIGNIN_CHECKS_PER_SECOND": "0"}
PLAIN = "plain"
SCENARIOS = [
    # name, server environment, flood (True, or PLAIN for the bare view), a new address each
    # attempt, a new user name each
    ("quiet", {}, False, False, False),
    ("flood of plain pages", {}, PLAIN, False, False),
    ("flood, protection off", {"BENCH_AXES_ENABLED": "0", **NO_BUDGET}, True, False, False),
    ("flood, protection on", {}, True, False, False),
    ("flood, new address each", {"API_NUM_PROXIES": "1"}, True, True, False),
    ("new name + addr, locks only", {"API_NUM_PROXIES": "1", **NO_BUDGET}, True, True, True),
    ("new name + address", {"API_NUM_PROXIES": "1"}, True, True, True),
]


def _request(base: str, method: str, path: str, body: str = "", headers=None):
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
    try:
        conn.request(method, path, body=body or None, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.getheader("Set-Cookie") or "", response.read()
    finally:
        conn.close()


@contextlib.contextmanager
def server(env: dict[str, str], workers: int, log):
    """gunicorn on a free port; yields (base URL, its pid). Its log goes to `log`."""
    sock = listening_socket()
    process = subprocess.Popen(
        gunicorn_command(sock.fileno(), workers),
        cwd=ROOT,
        env=env,
        pass_fds=[sock.fileno()],
        stderr=log,
    )
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    sock.close()
    try:
        wait_until_up(f"{base}/bench/bare/")
        yield base, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def cpu_seconds(master: int) -> float:
    """CPU time (user + system) of gunicorn's master and its workers so far."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # a process that just ended
        pid, ppid = int(stat.parent.name), int(fields[1])
        if master in (pid, ppid):
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def flood(base: str, account: str, new_address: bool, new_name: bool, stop, results) -> None:
    """Wrong passwords for one account (or made-up names), as fast as the server answers;
    with `account` PLAIN, the bare view instead."""
    if account == PLAIN:
        counts: dict[int, int] = {}
        while not stop.is_set():
            status = _request(base, "GET", "/bench/bare/")[0]
            counts[status] = counts.get(status, 0) + 1
        results.put((counts, time.process_time()))
        return
    _, cookie, page = _request(base, "GET", "/accounts/login/")
    csrf_cookie = re.search(r"csrftoken=([^;]+)", cookie).group(1)
    csrf_form = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    rng = random.Random(account)
    counts: dict[int, int] = {}
    while not stop.is_set():
        name = f"guess{rng.randrange(10**9)}" if new_name else account
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": csrf_form, "username": name, "password": "wrong-guess"}
        )
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf_cookie}",
        }
        if new_address:
            headers["X-Forwarded-For"] = f"10.{rng.randrange(256)}.{rng.randrange(256)}.7"
        try:
            status = _request(base, "POST", "/accounts/login/", body, headers)[0]
        except OSError:
            status = 0
        counts[status] = counts.get(status, 0) + 1
    results.put((counts, time.process_time()))


def pages(base: str, event_path: str, seconds: float) -> dict[str, list[float]]:
    """The event page and the bare view in turn, one at a time, for `seconds`."""
    times: dict[str, list[float]] = {"event": [], "bare": []}
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for kind, path in (("event", event_path), ("bare", "/bench/bare/")):
            started = time.perf_counter()
            status = _request(base, "GET", path)[0]
            times[kind].append((time.perf_counter() - started) * 1000)
            if status != 200:
                raise SystemExit(f"{path} answered {status}")
    return times


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98] if len(values) >= 2 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--flooders", type=int, default=4)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()

    rows = []
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as var_dir, open(f"{var_dir}/server.log", "w") as log:
        env = server_env(
            Path(var_dir), DJANGO_SETTINGS_MODULE="bench.settings", STATIC_ROOT=f"{var_dir}/static"
        )
        manage(env, "collectstatic", "--noinput", "-v", "0")
        manage(env, "migrate", "-v", "0")
        manage(env, "demo_data", "--if-empty")
        event_id = manage(
            env,
            "shell",
            "-v",
            "0",
            "-c",
            "from rsvp.queries import events_public_upcoming; "
            "print(events_public_upcoming().first().pk)",
        ).strip()
        event_path = f"/events/{event_id}/"
        for name, extra, flooding, new_address, new_name in SCENARIOS:
            manage(env, "axes_reset")  # every scenario starts with no lock
            scenario_env = {**env, **extra}
            with server(scenario_env, args.workers, log) as (base, master):
                pages(base, event_path, 1)  # warm every worker
                stop = multiprocessing.Event()
                results = multiprocessing.Queue()
                flooders = [
                    multiprocessing.Process(
                        target=flood,
                        args=(
                            base,
                            PLAIN if flooding == PLAIN else ACCOUNTS[i % len(ACCOUNTS)],
                            new_address,
                            new_name,
                            stop,
                        ),
                        kwargs={"results": results},
                    )
                    for i in range(args.flooders if flooding else 0)
                ]
                for process in flooders:
                    process.start()
                time.sleep(2 if flooding else 0)  # the flood reaches its steady state
                started, server_cpu = time.monotonic(), cpu_seconds(master)
                times = pages(base, event_path, args.seconds)
                wall = time.monotonic() - started
                server_cpu = cpu_seconds(master) - server_cpu
                stop.set()
                counts: dict[int, int] = {}
                flood_cpu = 0.0
                for _ in flooders:
                    got, cpu = results.get(timeout=300)
                    flood_cpu += cpu
                    for status, count in got.items():
                        counts[status] = counts.get(status, 0) + count
                for process in flooders:
                    process.join()
                got_all = dict(counts)
            # The flooders' counts and CPU cover the settling time too.
            flood_wall = wall + (2 if flooding else 0)
            if flooding == PLAIN:
                counts = {}  # the bare view's answers are no sign-in tries
            rows.append(
                (
                    name,
                    times,
                    counts,
                    sum(got_all.values()) / flood_wall if flooding else 0.0,
                    100 * server_cpu / wall,
                    100 * flood_cpu / flood_wall,
                )
            )

    quiet = statistics.median(rows[0][1]["event"])
    print(
        f"gunicorn, {args.workers} sync workers, SQLite (demo data), PBKDF2 "
        f"(Django's production hasher); {args.flooders} flooders on the same "
        f"{os.cpu_count()} cores; {args.seconds:g} s a row; latencies in ms; load average "
        f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} after (other work on the machine)"
    )
    header = (
        f"{'':27} {'event p50':>9} {'p99':>7} {'req/s':>6} {'n':>5} | {'bare p50':>8} "
        f"{'p99':>7} | {'event/bare':>10} {'vs quiet':>8} | {'tries/s':>7} {'checked':>7} "
        f"{'refused':>7} | {'server':>6} {'flood':>6}"
    )
    print(header)
    print("-" * len(header))
    for name, times, counts, rate, server_cpu, flood_cpu in rows:
        event, bare = times["event"], times["bare"]
        print(
            f"{name:27} {statistics.median(event):9.1f} {p99(event):7.1f} "
            f"{len(event) / args.seconds:6.1f} {len(event):5d} | {statistics.median(bare):8.1f} "
            f"{p99(bare):7.1f} | {statistics.median(event) / statistics.median(bare):10.2f} "
            f"{statistics.median(event) / quiet:8.2f} | {rate:7.1f} {counts.get(200, 0):7d} "
            f"{counts.get(429, 0):7d} | {server_cpu:5.0f}% {flood_cpu:5.0f}%"
        )
    print(
        "tries/s: the flooders' requests a second; checked: wrong password answered by the form "
        "(the hasher ran); refused: 429 before any hash; req/s: the page client's event pages "
        "(it alternates with the bare view); "
        f"server, flood: CPU of gunicorn and of the flooders ({100 * (os.cpu_count() or 1)}% "
        "is every core)"
    )


if __name__ == "__main__":
    main()
