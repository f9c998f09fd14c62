"""A database that is unavailable is a 503 with Retry-After, never a 500 (DESIGN.md rule 6).

An error that means "the database cannot serve this now" — the server is down, restarting
or out of connections, the connection was cut, the database is read-only (a standby after a
failover, a read-only file), a lock wait ran out, the disk failed — is answered 503 with
`Retry-After`, in the form the caller reads: problem+json under /api/, plain text for
calendar feeds, a static page for people. None of them needs the database: the page is
rendered without a request, so no context processor (the signed-in user, the session) runs.

Three places catch it. `OutageMiddleware.process_exception` sees what a view raises (also in
DEBUG). What a middleware raises never reaches a `process_exception`: Django turns it into
a response with `handler500` — or `handler400` for the session middleware, whose failed
save becomes SessionInterrupted — and those handlers (ops/views.py) ask the same question.

Nothing is left half-written: every write with rules is one transaction in its service,
which the error rolls back. Recovery needs no restart: a broken connection is closed at the
end of its request, and PostgreSQL connections are health-checked before they are reused
(`conn_health_checks`), so the first request after the database is back reconnects.
"""

import json
import logging
import sqlite3

import psycopg
from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext

logger = logging.getLogger(__name__)

# PostgreSQL SQLSTATEs (Appendix A) that mean "not now" rather than "not this request".
_PG_CLASSES = {
    "08",  # connection exception: refused, lost, failed to connect
    "53",  # insufficient resources: too many connections (53300), disk full, out of memory
    "57",  # operator intervention: admin/crash shutdown (57P01/02), starting up (57P03),
    #        statement or lock wait canceled (57014)
}
_PG_CODES = {
    "25006",  # read_only_sql_transaction: a standby, or default_transaction_read_only
    "55P03",  # lock_not_available: lock_timeout ran out
    "40001",  # serialization_failure
    "40P01",  # deadlock_detected (one of the two is refused; a retry succeeds)
    "58030",  # io_error
}
# SQLite primary result codes (the low byte of the extended code).
_SQLITE_CODES = {
    sqlite3.SQLITE_BUSY,  # database is locked (the busy timeout ran out)
    sqlite3.SQLITE_LOCKED,
    sqlite3.SQLITE_READONLY,  # attempt to write a readonly database
    sqlite3.SQLITE_IOERR,  # disk I/O error
    sqlite3.SQLITE_FULL,  # database or disk is full
    sqlite3.SQLITE_CANTOPEN,  # unable to open database file
    sqlite3.SQLITE_PROTOCOL,
}


def unavailable_reason(exc: BaseException | None) -> str | None:
    """Why the database cannot serve now ("OperationalError 57P01"), or None: not an outage.

    The driver's error is looked for along the chain: Django's own error wraps it (as
    `__cause__`), and code that met it may have raised another while handling it (as
    `__context__`: a session that could not be saved is Django's SessionInterrupted).
    """
    for _ in range(8):
        if exc is None:
            return None
        reason = _driver_reason(exc)
        if reason is not None:
            return reason
        exc = exc.__cause__ or exc.__context__
    return None


def _driver_reason(driver: BaseException) -> str | None:
    name = type(driver).__name__
    if isinstance(driver, psycopg.Error):
        state = driver.sqlstate
        if state is None:
            # No SQLSTATE: libpq's own failure — refused, cut, closed — not the server's
            # answer to a statement.
            if isinstance(driver, psycopg.OperationalError | psycopg.InterfaceError):
                return f"{name} (connection)"
            return None
        if state[:2] in _PG_CLASSES or state in _PG_CODES:
            return f"{name} {state}"
        return None
    if isinstance(driver, sqlite3.Error):
        code = getattr(driver, "sqlite_errorcode", None)
        if code is not None and code & 0xFF in _SQLITE_CODES:
            return f"{name} {driver.sqlite_errorname}"
        return None
    return None


def retry_after_seconds() -> int:
    return int(settings.PORCHLIGHT.get("OUTAGE_RETRY_AFTER_SECONDS", 30))


def outage_response(request) -> HttpResponse:
    """The 503 for this request's kind of caller; made without the database."""
    seconds = retry_after_seconds()
    message = gettext("Porchlight is briefly unavailable. Please try again in a minute.")
    if request.path.startswith("/api/"):
        body = {
            "type": "urn:porchlight:problem:unavailable",
            "title": gettext("Service unavailable"),
            "status": 503,
            "detail": message,
            "code": "unavailable",
        }
        response = HttpResponse(
            json.dumps(body, ensure_ascii=False),
            status=503,
            content_type="application/problem+json",
        )
    elif request.path.startswith("/calendar/"):
        # Calendar apps show no page; they keep their copy and ask again (Retry-After).
        response = HttpResponse(
            message + "\n", status=503, content_type="text/plain; charset=utf-8"
        )
    else:
        page = render_to_string(
            "503.html",
            # A page asked for with GET reloads itself once the wait is over; a form sent
            # with POST is not sent again behind the resident's back.
            {"retry_after": seconds, "reload": request.method in ("GET", "HEAD")},
        )
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(seconds)
    # Never kept by a proxy or the browser: the next try must reach the site.
    response["Cache-Control"] = "no-store"
    return response


def answer_outage(request, exc: BaseException | None) -> HttpResponse | None:
    """The 503 if `exc` means the database is unavailable, else None; logged in one line."""
    reason = unavailable_reason(exc)
    if reason is None:
        return None
    logger.warning("Database unavailable (%s): 503 for %s %s", reason, request.method, request.path)
    response = outage_response(request)
    # One warning line per refused request, not Django's error with a traceback for each
    # (hundreds a second while the database restarts); log_response skips a logged response.
    response._has_been_logged = True
    return response


class OutageMiddleware:
    """First in MIDDLEWARE: a view's (or its template's) unavailable database is a 503."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        return answer_outage(request, exception)
