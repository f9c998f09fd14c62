"""Requests per second of GET /api/v1/events/ next to a bare Django view, under gunicorn.

Both are served by the same gunicorn (sync workers, one per core) on a fresh SQLite
database with the demo data, so the ratio shows what the API adds over Django itself.
The client runs on the same machine and shares its cores: compare the ratio, not the
absolute figures, between machines.

    .venv/bin/python bench/api.py [--requests 2000] [--concurrency 8] [--port 8344]
"""

import argparse
import concurrent.futures
import http.client
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _env(var_dir: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        PORCHLIGHT_VAR_DIR=var_dir,
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_SECRET_KEY="porchlight-bench-only",
        DJANGO_DEBUG="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        LOG_LEVEL="WARNING",
    )
    return env


def _get(port: int, path: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def _rate(port: int, path: str, requests: int, concurrency: int) -> float:
    for _ in range(20):  # warm up every worker's connection and caches
        assert _get(port, path) == 200, path
    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        statuses = list(pool.map(lambda _: _get(port, path), range(requests)))
    elapsed = time.perf_counter() - started
    bad = [s for s in statuses if s != 200]
    if bad:
        raise SystemExit(f"{path}: {len(bad)} answers were not 200 (e.g. {bad[0]})")
    return requests / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--port", type=int, default=8344)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as var_dir:
        env = _env(var_dir)
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
        subprocess.run(
            [*manage, "demo_data", "--if-empty"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{args.port}",
                "--workers",
                str(args.workers),
                "--log-level",
                "warning",
                # The project's gunicorn.conf.py (read from here) logs every request to
                # stdout: kept, as in production, but written to /dev/null, not the table.
                "--access-logfile",
                os.devnull,
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    _get(args.port, "/bench/bare/")
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
            events = _rate(args.port, "/api/v1/events/", args.requests, args.concurrency)
            bare = _rate(args.port, "/bench/bare/", args.requests, args.concurrency)
        finally:
            server.terminate()
            server.wait(timeout=15)

    print(
        f"gunicorn, {args.workers} sync workers, SQLite (demo data), "
        f"{args.requests} requests, {args.concurrency} concurrent clients"
    )
    print(f"  GET /api/v1/events/ (20 events a page): {events:8.1f} requests/s")
    print(f"  GET bare Django view:                   {bare:8.1f} requests/s")
    print(f"  ratio events/bare:                      {events / bare:8.2f}")


if __name__ == "__main__":
    main()
