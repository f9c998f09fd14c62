"""Site-wide views: health for load balancers."""

import hmac

from django.conf import settings
from django.db import connections
from django.http import JsonResponse

from notifications.health import queue_health
from scheduler.permissions import is_staff_member


def _may_see_figures(request) -> bool:
    """Staff signed in, or a monitor that sends `Authorization: Bearer <HEALTHZ_TOKEN>`.

    The token goes in a header, never the URL: URLs end up in access logs."""
    if is_staff_member(request.user):
        return True
    expected = settings.PORCHLIGHT["HEALTHZ_TOKEN"]
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return bool(
        expected
        and scheme.lower() == "bearer"
        and hmac.compare_digest(given.strip().encode(), expected.encode())
    )


def healthz(request):
    """200 {"status": "ok"} or 503 {"status": "error"} for anyone (a load balancer needs no
    more); the checks and the queue's figures only for staff or the monitoring token."""
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
    body = {"status": "ok" if healthy else "error"}
    if _may_see_figures(request):
        body["checks"] = checks
    response = JsonResponse(body, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    response["Vary"] = "Authorization, Cookie"
    return response
