"""RFC 9457 problems: every error the API answers is `application/problem+json`.

`type`, `title`, `status`, `detail`, plus a stable `code` and, for bad input, `errors` —
one list of messages per field. Titles, details and messages are in the language the
request asked for (LocaleMiddleware: the language cookie, else Accept-Language), and
the answer says which in `Content-Language`; `type` and `code` never change.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import set_rollback

from scheduler.errors import Busy, DomainError

PROBLEM_CONTENT_TYPE = "application/problem+json"


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
        # Plain text, not lazy: the body may be kept (an Idempotency-Key's first answer).
        "title": str(title or _TITLES.get(status_code) or gettext("Error")),
        "status": status_code,
        "detail": str(detail),
        "code": code,
    }
    if errors:
        body["errors"] = errors
    response = Response(body, status=status_code, headers=headers)
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


_TITLES = {
    400: _("Bad request"),
    401: _("Not signed in"),
    403: _("Not allowed"),
    404: _("Not found"),
    405: _("Method not allowed"),
    406: _("Not acceptable"),
    409: _("Conflict"),
    413: _("Request too large"),
    415: _("Unsupported media type"),
    422: _("Unprocessable request"),
    429: _("Too many requests"),
    503: _("Busy, try again"),
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


# Codes the RSVP services answered with before the forms and serializers shared their rules
# (rsvp/rules.py): when such a refusal is the only error, the problem keeps that code, so
# clients that handle `party_too_large` go on working.
KEPT_CODES = frozenset({"party_size", "party_too_large", "head_count"})


def _codes(detail: Any) -> list[str]:
    if isinstance(detail, dict):
        return [code for value in detail.values() for code in _codes(value)]
    if isinstance(detail, list):
        return [code for value in detail for code in _codes(value)]
    return [str(getattr(detail, "code", ""))]


def _kept_code(detail: Any) -> str:
    codes = _codes(detail)
    return codes[0] if len(codes) == 1 and codes[0] in KEPT_CODES else "invalid"


def problem_for(exc: Exception) -> Response | None:
    """The problem response for an exception, or None when it is not one we answer.

    A domain error (scheduler/errors.py) says its own status, code and field; nothing
    here knows which service raised it.
    """
    if isinstance(exc, DomainError):
        retry = getattr(exc, "retry_after_seconds", None)
        return problem(
            exc.status,
            code=exc.code,
            detail=exc.message,
            errors={exc.field: [exc.message]} if exc.field else None,
            headers={"Retry-After": str(retry)} if retry else None,
        )
    if isinstance(exc, RequestDataTooBig):
        return problem(413, code="too_large", detail=gettext("The request body is too large."))
    if isinstance(exc, DjangoValidationError):
        errors = (
            {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
            if hasattr(exc, "error_dict")
            else {"non_field_errors": [str(m) for m in exc.messages]}
        )
        return problem(
            400, code="invalid", detail=gettext("Some fields are not valid."), errors=errors
        )
    if isinstance(exc, Http404):
        # Without a message of its own: DRF's "Not found." (translated by DRF's catalogs).
        exc = exceptions.NotFound(str(exc) or None)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
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
            code=_kept_code(exc.detail),
            detail=gettext("Some fields are not valid."),
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
        set_rollback()
    return response
