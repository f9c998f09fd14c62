"""jsQR, the QR decoder static/js/scan.js uses where the browser has no BarcodeDetector,
vendored from the npm registry into static/vendor/jsqr/ (jsQR.js and its LICENSE, Apache-2.0)
and served with the site: the door works without reaching another host.

Pinned here: the release, the tarball's integrity as the registry gives it, and the sha512
of the file committed (tests/rsvp/test_door_code.py checks the file against it). To move to
a newer release: `npm view jsqr@X.Y.Z dist.integrity`, change VERSION and INTEGRITY, run
`python -m tests.vendor_jsqr` (downloads, checks, writes the file), then FILE_SHA512 from what
it prints, and the browser test tests/rsvp/test_browser_scan.py.
"""

import base64
import hashlib
import io
import sys
import tarfile
import urllib.request
from pathlib import Path

VERSION = "1.4.0"
INTEGRITY = "sha512-dxLob7q65Xg2DvstYkRpkYtmKm2sPJ9oFhrhmudT1dZvNFFTlroai3AWSpLey/w5vMcLBXRgOJsbXpdN9HzU/A=="  # noqa: E501
FILE_SHA512 = "sha512-+mRnO4g3gIOjI5DJ5QZZ9GeXdN2a5rSc4Vhgigowv88YJtHMWhxw8j+F8Z7K0uX+1D9J3iJsry4goCRMJV0ltA=="  # noqa: E501
TARBALL = f"https://registry.npmjs.org/jsqr/-/jsqr-{VERSION}.tgz"
MEMBERS = {"package/dist/jsQR.js": "jsQR.js", "package/LICENSE": "LICENSE"}

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "static" / "vendor" / "jsqr" / "jsQR.js"


def sha512(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def vendor() -> str:
    """Download the release, check it, write its files; the new file's sha512."""
    with urllib.request.urlopen(TARBALL, timeout=60) as response:
        data = response.read()
    if sha512(data) != INTEGRITY:
        raise SystemExit(f"{TARBALL} does not match the pinned integrity: refusing it.")
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member, name in MEMBERS.items():
            (TARGET.parent / name).write_bytes(archive.extractfile(member).read())
    return sha512(TARGET.read_bytes())


if __name__ == "__main__":
    found = vendor()
    print(f"jsqr {VERSION}: {TARGET.relative_to(ROOT)} {found}")
    sys.exit(0 if found == FILE_SHA512 else "FILE_SHA512 differs: update it if the release moved")
