"""Idempotency-Key on API writes: a retried request gets the first answer, never a second act."""

import base64
import hashlib
import hmac
import json
from collections.abc import Callable

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from api.problems import problem, problem_for

IDEMPOTENCY_TTL_SECONDS = 24 * 3600
IDEMPOTENCY_LOCK_SECONDS = 60
IDEMPOTENCY_HEADER = "Idempotency-Key"


def _fernet(raw_key: str) -> Fernet:
    # The stored answer may hold a resident's manage token: it is encrypted with a key
    # derived from the client's Idempotency-Key (never stored) and the site's secret, so
    # whoever reads the cache sees no token.
    digest = hmac.new(
        settings.SECRET_KEY.encode(), raw_key.encode("utf-8", "surrogatepass"), hashlib.sha256
    ).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _seal(raw_key: str, answer: dict) -> bytes:
    return _fernet(raw_key).encrypt(json.dumps(answer, cls=JSONEncoder).encode())


def _unseal(raw_key: str, sealed: bytes) -> dict:
    return json.loads(_fernet(raw_key).decrypt(sealed))


def idempotent(request, *, scope: str, act: Callable[[], Response]) -> Response:
    """Run `act` once per Idempotency-Key (and endpoint); a retry gets the first answer.

    The key is stored with a fingerprint of the request body: the same key with another
    body is refused (422). While the first request is still running, a duplicate is told
    to retry (409) — `cache.add` is the lock, so two workers can never both act.
    Answers of 5xx (e.g. busy) are not stored, so a retry may act.
    """
    raw_key = request.headers.get(IDEMPOTENCY_HEADER)
    if raw_key is None:
        return act()
    if not (1 <= len(raw_key) <= 255) or not raw_key.isprintable():
        return problem(
            400,
            code="idempotency_key_invalid",
            detail=gettext("Idempotency-Key must be 1 to 255 printable characters."),
            errors={
                IDEMPOTENCY_HEADER: [gettext("Use 1 to 255 printable characters, e.g. a UUID.")]
            },
        )
    digest = hashlib.sha256(f"{scope}\n{raw_key}".encode("utf-8", "surrogatepass")).hexdigest()
    key = f"api-idempotency:{digest}"
    fingerprint = hashlib.sha256(request.body).hexdigest()

    if not cache.add(
        key, {"state": "running", "fingerprint": fingerprint}, timeout=IDEMPOTENCY_LOCK_SECONDS
    ):
        stored = cache.get(key)
        if stored is None:  # expired between add and get: treat as still running
            stored = {"state": "running", "fingerprint": fingerprint}
        if stored["fingerprint"] != fingerprint:
            return problem(
                422,
                code="idempotency_key_reused",
                detail=gettext("This Idempotency-Key was used with a different request body."),
            )
        if stored["state"] == "running":
            return problem(
                409,
                code="idempotency_in_progress",
                detail=gettext(
                    "A request with this Idempotency-Key is still being handled. Retry soon."
                ),
                headers={"Retry-After": "1"},
            )
        try:
            answer = _unseal(raw_key, stored["sealed"])
        except InvalidToken:
            # Sealed under an earlier SECRET_KEY: it cannot be replayed, so say so.
            return problem(
                409,
                code="idempotency_key_expired",
                detail=gettext(
                    "This Idempotency-Key's first answer can no longer be replayed; use a new key."
                ),
            )
        response = Response(answer["body"], status=answer["status"])
        if answer.get("content_type"):
            response.content_type = answer["content_type"]
        response["Idempotent-Replayed"] = "true"
        return response

    try:
        response = act()
    except Exception as exc:
        response = problem_for(exc)
        if response is None:
            cache.delete(key)
            raise
    if response.status_code >= 500:
        cache.delete(key)
    else:
        cache.set(
            key,
            {
                "state": "done",
                "fingerprint": fingerprint,
                "sealed": _seal(
                    raw_key,
                    {
                        "status": response.status_code,
                        "body": response.data,
                        "content_type": response.content_type,
                    },
                ),
            },
            timeout=IDEMPOTENCY_TTL_SECONDS,
        )
    return response
