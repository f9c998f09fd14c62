"""Notices through a real SMTP server while the cluster is killed: lost, duplicated, late.

Runs the crash drill of tests/notifications/crash_drill.py (BENCH_COUNT notices falling
due over 80 s, BENCH_KILLS kills -9: every other one the whole cluster, restarted at
once, the others one worker in the middle of a send; Q_WORKERS workers; an aiosmtpd
server taking 0.3 s per message) against two kinds of mail server, and prints a table
for each:

- one that drops a message whose client vanished before the 250 (aiosmtpd as it is);
- one that accepts it anyway (a server that already queued it: RFC 1047's window).

    .venv/bin/python bench/crash_delivery.py               # SQLite in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/porchlight_bench \\
        .venv/bin/python bench/crash_delivery.py

The database named by DATABASE_URL gets the drill's notices: use a database of its own.
"""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="porchlight-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "porchlight-bench-only-secret-key")
os.environ["PORCHLIGHT_VAR_DIR"] = str(WORK)
os.environ.pop("REDIS_URL", None)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from tests.notifications.crash_drill import drill  # noqa: E402

COUNT = int(os.environ.get("BENCH_COUNT", "500"))
KILLS = int(os.environ.get("BENCH_KILLS", "20"))
WORKERS = int(os.environ.get("Q_WORKERS", "4"))


def main() -> None:
    call_command("migrate", verbosity=0)
    for keeps_orphans, name in ((False, "drops"), (True, "keeps")):
        workdir = WORK / name
        workdir.mkdir()
        figures = drill(
            workdir=workdir,
            count=COUNT,
            kills=KILLS,
            workers=WORKERS,
            keeps_orphans=keeps_orphans,
        )
        kind = (
            "accepts a message whose client vanished"
            if keeps_orphans
            else "drops a message whose client vanished before the 250"
        )
        print(figures.table(f"\nSMTP server that {kind}:"))
    print(f"\nLogs in {WORK}")


if __name__ == "__main__":
    main()
