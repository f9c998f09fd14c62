"""Start and stop a real `manage.py qcluster` against the test database, for delivery tests."""

import contextlib
import email
import email.policy
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connections

BASE_DIR = Path(settings.BASE_DIR)


def redis_url_for_tests() -> str | None:
    """The Redis used by the Redis-broker variants: env, or the CI machine's own Redis."""
    url = os.environ.get("PORCHLIGHT_TEST_REDIS_URL")
    if url:
        return url
    if os.environ.get("CI"):
        return "redis://127.0.0.1:6379/0"
    return None


def database_env() -> dict[str, str]:
    """Point a process at the databases this test uses (pytest-django's test databases)."""
    default = connections["default"].settings_dict
    if default["ENGINE"].endswith("sqlite3"):
        return {
            "PORCHLIGHT_SQLITE_PATH": str(default["NAME"]),
            "PORCHLIGHT_SQLITE_QUEUE_PATH": str(connections["queue"].settings_dict["NAME"]),
            "PORCHLIGHT_SQLITE_COUNTERS_PATH": str(connections["counters"].settings_dict["NAME"]),
        }
    user = default["USER"] or "postgres"
    password = f":{default['PASSWORD']}" if default["PASSWORD"] else ""
    host = default["HOST"] or "127.0.0.1"
    port = default["PORT"] or 5432
    return {"DATABASE_URL": f"postgres://{user}{password}@{host}:{port}/{default['NAME']}"}


class Cluster:
    def __init__(self, *, log: Path, redis_url: str | None, **env: str):
        self.log = log
        self.env = {**os.environ, **database_env(), **{k: str(v) for k, v in env.items()}}
        self.env.pop("REDIS_URL", None)
        if redis_url:
            self.env["REDIS_URL"] = redis_url
        self.env["PORCHLIGHT_TESTING"] = "1"
        self.env["DJANGO_SECRET_KEY"] = settings.SECRET_KEY  # the links are HMACs of it
        self.env["SITE_URL"] = settings.SITE_URL
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        handle = open(self.log, "ab")  # noqa: SIM115 - closed with the process
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "qcluster"],
            cwd=BASE_DIR,
            env=self.env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        handle.close()

    def stop(self) -> None:
        """SIGTERM to the main process (a clean stop), SIGKILL to the group if it hangs."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        """kill -9 the whole cluster (main, sentinel, workers): a crash mid-delivery."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
        if self.process and self.process.poll() is None:
            self.kill()


def wait_for(predicate, *, timeout: float, every: float = 0.2, message: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"Timed out after {timeout} s: {message}")


SEPARATOR = b"\n" + b"-" * 79 + b"\n"


def file_backend_messages(folder: Path) -> list[email.message.EmailMessage]:
    """Messages written by Django's file e-mail backend (many per file, separated)."""
    messages = []
    for path in sorted(folder.glob("*.log")):
        for chunk in path.read_bytes().split(SEPARATOR):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk, policy=email.policy.default))
    return messages
