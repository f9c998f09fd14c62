"""Who claimed a send, and whether that worker is certainly gone.

A claim records the claiming process as "<machine key>:<pid>". The machine key stands
for one kernel boot and one pid namespace (a container has its own), so a dispatcher
with the same key sees the same processes: if that pid no longer runs, the worker died
mid-send and its claim can be taken back at once instead of after the lease. Everywhere
else (another machine or container, a recycled pid that now runs something else, a
zombie not yet reaped), the process cannot be judged and the lease decides.
"""

from __future__ import annotations

import functools
import hashlib
import os
import socket
from collections.abc import Iterable
from pathlib import Path


@functools.cache
def machine_key() -> str:
    """The same for every process that shares this boot and pid namespace; "" if unknown."""
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
        namespace = os.stat("/proc/self/ns/pid").st_ino
    except OSError:
        return ""  # not Linux, or /proc hidden: never judge a claim by its pid
    seed = f"{socket.gethostname()}|{boot}|{namespace}"
    return hashlib.sha256(seed.encode()).hexdigest()[:16]


def claimer_id() -> str:
    """This process, as written into the claims it makes (the pid changes with each fork)."""
    return f"{machine_key()}:{os.getpid()}"


def claimers_gone(claimers: Iterable[str]) -> list[str]:
    """The claimers among these that are processes of this machine which no longer run."""
    key = machine_key()
    gone = []
    for claimer in set(claimers):
        claim_key, _, pid = claimer.rpartition(":")
        if not key or claim_key != key or not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            gone.append(claimer)
        except PermissionError:
            pass  # it runs, as another user
    return sorted(gone)
