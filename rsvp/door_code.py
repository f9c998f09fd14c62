"""The door code of an RSVP: the text of the QR code in its confirmation e-mail and on its
manage page, scanned at the door to check the party in.

`PL1.<event id>.<rsvp id>.<mac>`: two ids and a MAC, never a name, an e-mail or a token. The
manage token would have done as a key, but a code shown at a door is photographed over a
shoulder and forwarded: it must let nobody change or cancel the RSVP, nor read it. The MAC
(an HMAC of the ids with SECRET_KEY and a salt of its own, 120 bits, base32) stops someone
who learned one code from making the next party's by counting ids.

All of it is in QR's alphanumeric alphabet (digits, capitals, ".") so the symbol stays small
(version 3) and a cheap phone camera reads it from a cracked screen. Scanners may hand the
text back lowercased: it is read in capitals.
"""

import base64
import hashlib
import hmac
import io

import segno
from django.conf import settings
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext

from rsvp.errors import RsvpError

PREFIX = "PL1"
SALT = "porchlight.rsvp.door_code"
MAC_BYTES = 15  # 120 bits, 24 base32 characters without padding
# The longest id we read: a code with a 30-digit id is nobody's.
ID_DIGITS = 12


class DoorCodeError(RsvpError):
    """A scanned text that is no door code of ours (another QR code, altered, mistyped)."""

    code = "bad_door_code"


def _mac(event_id: int, rsvp_id: int, secret: str | None = None) -> str:
    digest = salted_hmac(SALT, f"{event_id}.{rsvp_id}", secret=secret, algorithm="sha256")
    return base64.b32encode(digest.digest()[:MAC_BYTES]).decode()


def door_code_for(event_id: int, rsvp_id: int) -> str:
    return f"{PREFIX}.{event_id}.{rsvp_id}.{_mac(event_id, rsvp_id)}"


def door_code(rsvp) -> str:
    """The text of the RSVP's door code."""
    return door_code_for(rsvp.event_id, rsvp.pk)


def door_code_digest(text: str) -> str:
    """What the door list carries of a code (static/js/scan.js `digest` computes the same):
    a phone offline finds the row of a scanned code by it, and cannot make a code from it."""
    return hashlib.sha256(text.strip().upper().encode()).hexdigest()[:32]


def _not_ours() -> DoorCodeError:
    return DoorCodeError(
        gettext("This is not a Porchlight door code. Find the resident on the list instead."),
        code="bad_door_code",
    )


def door_code_read(text) -> tuple[int, int]:
    """(event id, RSVP id) of a scanned door code; DoorCodeError for anything else."""
    if not isinstance(text, str) or len(text) > 100:
        raise _not_ours()
    parts = text.strip().upper().split(".")
    if len(parts) != 4 or parts[0] != PREFIX:
        raise _not_ours()
    _, event_part, rsvp_part, mac = parts
    ids = []
    for part in (event_part, rsvp_part):
        if not (part.isascii() and part.isdigit()) or len(part) > ID_DIGITS or part[0] == "0":
            raise _not_ours()
        ids.append(int(part))
    event_id, rsvp_id = ids
    # Codes made before a key rotation stay good while the old key is a fallback.
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    if not any(
        hmac.compare_digest(mac.encode(), _mac(event_id, rsvp_id, secret).encode())
        for secret in secrets
    ):
        raise DoorCodeError(
            gettext(
                "This door code is not valid: it was changed or copied wrongly. Find the "
                "resident on the list instead."
            ),
            code="forged_door_code",
        )
    return event_id, rsvp_id


def door_code_png(text: str, *, scale: int = 8) -> bytes:
    """The code as a PNG: black on white with the quiet zone QR readers need (4 modules)."""
    out = io.BytesIO()
    segno.make(text, error="m", micro=False).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()
