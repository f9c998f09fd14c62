"""Secret tokens in links (manage an RSVP, personal and officer feeds, notices).

192 random bits each; only a SHA-256 of a token is ever stored, and lookups are by hash.
"""

import hashlib
import secrets

TOKEN_BYTES = 24  # 192 bits of randomness


def token_new() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()
