"""What every API endpoint shares: problem+json errors, strict JSON, paging, throttles, idempotency.

Errors follow RFC 9457 (application/problem+json): `type`, `title`, `status`, `detail`,
plus a stable `code` and, for bad input, `errors` — one list of messages per field.
"""

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.utils.encoders import JSONEncoder

from rsvp.errors import RsvpError
from scheduler.errors import Busy, EventError

PROBLEM_CONTENT_TYPE = "application/problem+json"
BUSY_RETRY_AFTER_SECONDS = 2


# --- Problems (RFC 9457) --------------------------------------------------------------


def problem(
    status_code: int,
    *,
    code: str,
    detail: str,
    title: str | None = None,
    errors: dict[str, list[str]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    body: dict[str, Any] = {
        "type": f"urn:porchlight:problem:{code}",
        "title": title or _TITLES.get(status_code, "Error"),
        "status": status_code,
        "detail": detail,
        "code": code,
    }
    if errors:
        body["errors"] = errors
    response = Response(body, status=status_code, headers=headers)
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


_TITLES = {
    400: "Bad request",
    401: "Not signed in",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    409: "Conflict",
    413: "Request too large",
    415: "Unsupported media type",
    422: "Unprocessable request",
    429: "Too many requests",
    503: "Busy, try again",
}


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as {"field" or "field.0.sub": [messages]}."""
    out: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            for field, messages in _flatten(value, name).items():
                out.setdefault(field, []).extend(messages)
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            out[prefix or "non_field_errors"] = [str(item) for item in detail]
        else:
            for index, value in enumerate(detail):
                name = f"{prefix}.{index}" if prefix else str(index)
                for field, messages in _flatten(value, name).items():
                    out.setdefault(field, []).extend(messages)
    else:
        out[prefix or "non_field_errors"] = [str(detail)]
    return out


def problem_for(exc: Exception) -> Response | None:
    """The problem response for an exception, or None when it is not one we answer."""
    if isinstance(exc, Busy):
        return problem(
            503,
            code="busy",
            detail=exc.message,
            headers={"Retry-After": str(BUSY_RETRY_AFTER_SECONDS)},
        )
    if isinstance(exc, RsvpError):
        if exc.field:
            return problem(
                400, code=exc.code, detail=exc.message, errors={exc.field: [exc.message]}
            )
        return problem(409, code=exc.code, detail=exc.message)
    if isinstance(exc, RequestDataTooBig):
        return problem(413, code="too_large", detail="The request body is too large.")
    if isinstance(exc, EventError):
        return problem(409, code="event_rule", detail=str(exc))
    if isinstance(exc, DjangoValidationError):
        errors = (
            {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
            if hasattr(exc, "error_dict")
            else {"non_field_errors": [str(m) for m in exc.messages]}
        )
        return problem(400, code="invalid", detail="Some fields are not valid.", errors=errors)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or "Not found.")
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None

    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    if isinstance(exc, exceptions.ValidationError):
        return problem(
            400,
            code="invalid",
            detail="Some fields are not valid.",
            errors=_flatten(exc.detail),
            headers=headers,
        )
    detail = exc.detail
    if isinstance(detail, list | dict):
        detail = "; ".join(m for msgs in _flatten(detail).values() for m in msgs)
    code = getattr(detail, "code", None) or exc.default_code
    return problem(exc.status_code, code=str(code), detail=str(detail), headers=headers)


def problem_exception_handler(exc: Exception, context: dict) -> Response | None:
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: every error the API answers is a problem."""
    response = problem_for(exc)
    if response is not None and isinstance(exc, exceptions.AuthenticationFailed | Busy):
        from rest_framework.views import set_rollback

        set_rollback()
    return response


# --- Input ----------------------------------------------------------------------------


def bad_string(value: str) -> bool:
    if "\x00" in value:
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate ("\ud800") from a JSON escape
        return True
    return False


def _check_strings(data: Any) -> None:
    if isinstance(data, str):
        if bad_string(data):
            raise exceptions.ParseError(
                "The JSON has a text value with a NUL character or broken Unicode."
            )
    elif isinstance(data, dict):
        for key, value in data.items():
            _check_strings(key)
            _check_strings(value)
    elif isinstance(data, list):
        for value in data:
            _check_strings(value)


class StrictJSONParser(JSONParser):
    """JSON whose text values can be stored: no NUL characters, no lone surrogates."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        _check_strings(data)
        return data


class Pagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["next"]["example"] = (
            "https://events.example.gov/api/v1/events/?page=3"
        )
        paginated["properties"]["previous"]["example"] = (
            "https://events.example.gov/api/v1/events/?page=1"
        )
        return paginated


# --- Throttling ------------------------------------------------------------------------


class RsvpAnonThrottle(SimpleRateThrottle):
    """Anonymous RSVP posts per client address, counted in the shared cache.

    The rate is read from settings on every request (API_RSVP_THROTTLE, e.g. "20/hour").
    DRF's sliding window reads and rewrites a list in the cache; two workers doing that
    for the same client at once could both count from the same list and lose a hit, so
    the read-and-write is done under a short cache lock (cache.add is atomic on Redis
    and on the database cache alike).
    """

    scope = "rsvp"
    lock_wait_seconds = 2.0

    def get_rate(self):
        return settings.API_RSVP_THROTTLE or None

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        lock = f"{key}:lock"
        deadline = time.monotonic() + self.lock_wait_seconds
        while not self.cache.add(lock, 1, timeout=5):
            if time.monotonic() > deadline:
                # The counter cannot be reached (held for long, or the database is busy):
                # "busy, try again" (503), never an uncounted RSVP nor a false "too many".
                raise Busy()
            time.sleep(0.01)
        try:
            return super().allow_request(request, view)
        finally:
            self.cache.delete(lock)


# --- Idempotency ------------------------------------------------------------------------

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
            detail="Idempotency-Key must be 1 to 255 printable characters.",
            errors={IDEMPOTENCY_HEADER: ["Use 1 to 255 printable characters, e.g. a UUID."]},
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
                detail="This Idempotency-Key was used with a different request body.",
            )
        if stored["state"] == "running":
            return problem(
                409,
                code="idempotency_in_progress",
                detail="A request with this Idempotency-Key is still being handled. Retry soon.",
                headers={"Retry-After": "1"},
            )
        try:
            answer = _unseal(raw_key, stored["sealed"])
        except InvalidToken:
            # Sealed under an earlier SECRET_KEY: it cannot be replayed, so say so.
            return problem(
                409,
                code="idempotency_key_expired",
                detail="This Idempotency-Key's first answer can no longer be replayed; "
                "use a new key.",
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


# --- Schema -------------------------------------------------------------------------------


class ProblemSerializer(serializers.Serializer):
    """An RFC 9457 problem: what went wrong, and for bad input which fields."""

    type = serializers.CharField(help_text="A URN naming the kind of problem.")
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField(help_text="What went wrong, in words for a person.")
    code = serializers.CharField(help_text="Stable machine-readable code.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Messages per input field (400 only).",
    )


_PROBLEM_EXAMPLES = {
    400: {
        "type": "urn:porchlight:problem:invalid",
        "title": "Bad request",
        "status": 400,
        "detail": "Some fields are not valid.",
        "code": "invalid",
        "errors": {"email": ["Enter a valid email address."]},
    },
    401: {
        "type": "urn:porchlight:problem:not_authenticated",
        "title": "Not signed in",
        "status": 401,
        "detail": "Authentication credentials were not provided.",
        "code": "not_authenticated",
    },
    403: {
        "type": "urn:porchlight:problem:permission_denied",
        "title": "Not allowed",
        "status": 403,
        "detail": "You do not have permission to perform this action.",
        "code": "permission_denied",
    },
    404: {
        "type": "urn:porchlight:problem:not_found",
        "title": "Not found",
        "status": 404,
        "detail": "No such event.",
        "code": "not_found",
    },
    405: {
        "type": "urn:porchlight:problem:method_not_allowed",
        "title": "Method not allowed",
        "status": 405,
        "detail": 'Method "PUT" not allowed.',
        "code": "method_not_allowed",
    },
    406: {
        "type": "urn:porchlight:problem:not_acceptable",
        "title": "Not acceptable",
        "status": 406,
        "detail": "Could not satisfy the request Accept header.",
        "code": "not_acceptable",
    },
    409: {
        "type": "urn:porchlight:problem:rsvp_closed",
        "title": "Conflict",
        "status": 409,
        "detail": "This event has been cancelled.",
        "code": "rsvp_closed",
    },
    415: {
        "type": "urn:porchlight:problem:unsupported_media_type",
        "title": "Unsupported media type",
        "status": 415,
        "detail": 'Unsupported media type "text/plain" in request.',
        "code": "unsupported_media_type",
    },
    422: {
        "type": "urn:porchlight:problem:idempotency_key_reused",
        "title": "Unprocessable request",
        "status": 422,
        "detail": "This Idempotency-Key was used with a different request body.",
        "code": "idempotency_key_reused",
    },
    429: {
        "type": "urn:porchlight:problem:throttled",
        "title": "Too many requests",
        "status": 429,
        "detail": "Request was throttled. Expected available in 120 seconds.",
        "code": "throttled",
    },
    503: {
        "type": "urn:porchlight:problem:busy",
        "title": "Busy, try again",
        "status": 503,
        "detail": "This event is very busy right now. Please try again in a moment.",
        "code": "busy",
    },
}

_RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before retrying.",
        "schema": {"type": "string"},
    }
}


def schema_add_problems(result, generator, request, public):
    """drf-spectacular postprocessing hook: document the problem answers of every operation.

    Every operation may answer 400 (bad query or body), 401 (a bad token), 404, 405 and
    406; writes also 403, 409, 415 and 503; the operations that say so in their
    `x-problems` extension add more (422 and 429 on the RSVP post).
    """
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = {
        "type": "object",
        "description": ProblemSerializer.__doc__,
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "code": {"type": "string"},
            "errors": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            },
        },
        "required": ["type", "title", "status", "detail", "code"],
    }
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            codes = {400, 401, 404, 405, 406}
            if method in {"post", "put", "patch", "delete"}:
                codes |= {403, 409, 415, 503}
            codes |= set(operation.pop("x-problems", []))
            responses = operation.setdefault("responses", {})
            for code in sorted(codes):
                if str(code) in responses:
                    continue
                example = _PROBLEM_EXAMPLES[code]
                responses[str(code)] = {
                    "description": example["title"],
                    "content": {
                        PROBLEM_CONTENT_TYPE: {
                            "schema": {"$ref": "#/components/schemas/Problem"},
                            "examples": {example["code"]: {"value": example}},
                        }
                    },
                    **({"headers": _RETRY_AFTER} if code in {429, 503} else {}),
                }
    return result


def problem_codes(*codes: int) -> dict:
    """extend_schema(extensions=problem_codes(422, 429)): more problems this operation gives."""
    return {"x-problems": list(codes)}
