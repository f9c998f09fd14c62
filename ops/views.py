"""Site-wide views: health for load balancers, and the server-error page."""

import sys

from django.db import connections
from django.http import JsonResponse
from django.views import defaults

from notifications.health import queue_health
from ops.outage import answer_outage


def healthz(request):
    checks = {}
    healthy = True
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = {"status": "ok"}
    except Exception as exc:  # noqa: BLE001 - any failure means "not healthy", reported as such
        healthy = False
        checks["database"] = {"status": "error", "error": exc.__class__.__name__}
    queue = queue_health()
    checks["queue"] = queue
    healthy = healthy and queue["status"] != "error"
    body = {"status": "ok" if healthy else "error", "checks": checks}
    response = JsonResponse(body, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request):
    """handler500: an unavailable database is a 503 (ops/outage.py), anything else a 500.

    Django calls it while handling the exception, from any layer — a middleware too, where
    no process_exception sees it — so the exception is the one being handled.
    """
    return answer_outage(request, sys.exc_info()[1]) or defaults.server_error(request)


def bad_request(request, exception):
    """handler400: a session the middleware could not save for want of a database is a 503
    (SessionInterrupted, raised while handling the database's error); the rest stay 400."""
    return answer_outage(request, exception) or defaults.bad_request(request, exception)
