"""Site-wide views: health for load balancers."""

from django.db import connections
from django.http import JsonResponse

from notifications.health import queue_health


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
