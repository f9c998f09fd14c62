"""axe-core, the accessibility rules engine the a11y tests inject into each page.

Fetched once from the npm registry into var/axe-core/axe.min.js (gitignored), checked
against the tarball's sha512 integrity pinned here: a changed or corrupted download is
refused, never run. `make test` fetches it before pytest (`make axe`); run this module by
hand with `python -m tests.a11y.axe_core`.

To move to a newer axe-core: `npm view axe-core@X.Y.Z dist.integrity`, then change both
constants below, and run the a11y tests (new rules may find new problems).
"""

import base64
import hashlib
import io
import os
import sys
import tarfile
import urllib.request
from pathlib import Path

VERSION = "4.14.1"
INTEGRITY = "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="  # noqa: E501
TARBALL = f"https://registry.npmjs.org/axe-core/-/axe-core-{VERSION}.tgz"
MEMBER = "package/axe.min.js"

ROOT = Path(__file__).resolve().parents[2]
TARGET = ROOT / "var" / "axe-core" / "axe.min.js"
# Written next to the script: the version it is, so a bumped VERSION fetches again.
STAMP = TARGET.with_name("VERSION")


class AxeUnavailable(Exception):
    pass


def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def extract(data: bytes) -> bytes:
    """The script out of a downloaded tarball, once the tarball matches INTEGRITY."""
    found = _integrity(data)
    if found != INTEGRITY:
        raise AxeUnavailable(
            f"axe-core {VERSION} from {TARBALL} does not match the pinned integrity "
            f"(expected {INTEGRITY}, got {found}): refusing to use it."
        )
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        member = archive.extractfile(MEMBER)
        if member is None:
            raise AxeUnavailable(f"{MEMBER} is not in {TARBALL}")
        return member.read()


def fetch(*, timeout: float = 60) -> Path:
    """var/axe-core/axe.min.js, downloaded and checked unless it is there at VERSION."""
    if TARGET.exists() and STAMP.exists() and STAMP.read_text().strip() == VERSION:
        return TARGET
    try:
        with urllib.request.urlopen(TARBALL, timeout=timeout) as response:
            data = response.read()
    except OSError as exc:
        raise AxeUnavailable(f"could not download {TARBALL}: {exc}") from exc
    script = extract(data)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    # Written whole then renamed: an interrupted run leaves no half script behind.
    partial = TARGET.with_suffix(".partial")
    partial.write_bytes(script)
    os.replace(partial, TARGET)
    STAMP.write_text(VERSION + "\n")
    return TARGET


def script() -> str:
    return fetch().read_text(encoding="utf-8")


if __name__ == "__main__":
    try:
        path = fetch()
    except AxeUnavailable as exc:
        sys.exit(f"axe-core: {exc}")
    print(f"axe-core {VERSION}: {path.relative_to(ROOT)}")
