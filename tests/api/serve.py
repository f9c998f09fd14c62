"""Serve Porchlight with gunicorn on a port the system picks; print the URL, then run.

For scripts (run_schemathesis.sh, bench/): `python tests/api/serve.py URLFILE [gunicorn args]`
writes http://127.0.0.1:<port> to URLFILE once the socket listens, then becomes gunicorn.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.api.livestack import ROOT, gunicorn_command, listening_socket  # noqa: E402


def main() -> None:
    url_file, *extra = sys.argv[1:]
    sock = listening_socket()
    Path(url_file).write_text(f"http://127.0.0.1:{sock.getsockname()[1]}")
    command = gunicorn_command(sock.fileno(), int(os.environ.get("WEB_WORKERS", "2")), *extra)
    os.chdir(ROOT)
    os.execv(command[0], command)


if __name__ == "__main__":
    main()
