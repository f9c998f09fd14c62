"""Start real server processes on a fresh database for API tests and scripts."""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def server_env(var_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    # Off unless `extra` sets it (then static files come from the finders, no collectstatic).
    env.pop("PORCHLIGHT_TESTING", None)
    env.update(
        PORCHLIGHT_VAR_DIR=str(var_dir),
        DJANGO_SECRET_KEY=env.get("DJANGO_SECRET_KEY", "porchlight-live-test-key"),
        DJANGO_DEBUG="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL="http://127.0.0.1",
        LOG_LEVEL="WARNING",
        **extra,
    )
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def wait_until_up(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up within {timeout} s")


def listening_socket() -> socket.socket:
    """A socket on 127.0.0.1 at a port the system picks (port 0): never one another run holds."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def gunicorn_command(fd: int, workers: int, *extra: str) -> list[str]:
    # fd://: gunicorn serves the socket it is handed instead of binding a port itself.
    return [
        PYTHON, "-m", "gunicorn", "config.wsgi", "--bind", f"fd://{fd}",
        "--workers", str(workers), "--log-level", "warning", *extra,
    ]  # fmt: skip


@contextlib.contextmanager
def gunicorn(env: dict[str, str], workers: int = 1) -> Iterator[str]:
    """A gunicorn serving config.wsgi on a free port of 127.0.0.1; stopped (SIGTERM) on exit."""
    sock = listening_socket()
    port = sock.getsockname()[1]
    process = subprocess.Popen(
        gunicorn_command(sock.fileno(), workers), cwd=ROOT, env=env, pass_fds=[sock.fileno()]
    )
    sock.close()  # the server holds it now
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/api/v1/programs/")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
