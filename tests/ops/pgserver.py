"""A PostgreSQL server of a test's own: its own data directory and port, stopped and started
at will (to take the database away from a live site and give it back).

The binaries are found on PATH, else in Debian's /usr/lib/postgresql/<version>/bin. PostgreSQL
refuses to run as root: when the tests run as root, the server runs as the `postgres` user
(runuser), in a directory that user owns. Without the binaries the test is skipped with the
reason, except under CI (env CI set), where that is a failure.
"""

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest


def _binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _free_port() -> int:
    # PostgreSQL binds its port itself: ask the system for a free one and hand it over.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _missing_reason() -> str | None:
    for name in ("initdb", "pg_ctl"):
        if _binary(name) is None:
            return f"{name} not found (apt-get install -y postgresql)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no `postgres` user to run the server as"
        if shutil.which("runuser") is None:
            return "running as root and runuser is missing"
    return None


class PgServer:
    """One server: `start()`, `stop()`, `url(database)`, `execute(sql)`."""

    def __init__(self, root: Path, settings: dict[str, object]):
        self.root = root
        self.settings = settings
        self.data = root / "data"
        self.port = _free_port()
        self._as_owner: list[str] = []
        if os.geteuid() == 0:
            self._as_owner = ["runuser", "-u", "postgres", "--"]
            shutil.chown(root, "postgres", "postgres")
        self._run(
            _binary("initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
            "-E", "UTF8", "--no-sync",
        )  # fmt: skip

    def _run(self, *args: str) -> None:
        result = subprocess.run(
            [*self._as_owner, *args], capture_output=True, text=True, timeout=120
        )
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")

    def start(self) -> None:
        # The socket directory is ours too, so two runs never share /var/run/postgresql.
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c full_page_writes=off -c synchronous_commit=off"
        )
        options += "".join(f" -c {name}={value}" for name, value in self.settings.items())
        self._run(
            _binary("pg_ctl"), "-D", str(self.data), "-o", options,
            "-l", str(self.root / "server.log"), "-w", "-t", "60", "start",
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        """`fast`: as a restart or failover does (sessions cut, 57P01); `immediate`: a crash."""
        self._run(_binary("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def execute(self, sql: str, database: str = "postgres") -> list[tuple]:
        with psycopg.connect(self.url(database), autocommit=True) as conn:
            cursor = conn.execute(sql)
            return cursor.fetchall() if cursor.description else []


@contextlib.contextmanager
def pg_server(**settings: object) -> Iterator[PgServer]:
    """A started server; `settings` are postgresql.conf parameters (max_connections=12)."""
    reason = _missing_reason()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"The PostgreSQL outage test must run under CI: {reason}")
        pytest.skip(reason)
    # Not pytest's tmp_path: its parents are private to the user running the tests, and the
    # server may run as another one.
    root = Path(tempfile.mkdtemp(prefix="porchlight-pg-"))
    server = PgServer(root, settings)
    server.start()
    try:
        yield server
    finally:
        with contextlib.suppress(RuntimeError):
            server.stop("immediate")
        shutil.rmtree(root, ignore_errors=True)
