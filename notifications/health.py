"""Task-queue health for /healthz: the broker answers, notices move, a worker is alive."""

import contextlib

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.utils import timezone

from notifications.models import Notification

HEARTBEAT_KEY = "porchlight:notices:heartbeat"
# A due notice older than this, or no dispatcher run for this long, means a stuck cluster.
STALE_SECONDS = 10 * 60


def heartbeat_record() -> None:
    """Called by every dispatcher run (every minute in a worker)."""
    # Health bookkeeping must never stop delivery.
    with contextlib.suppress(Exception):
        cache.set(HEARTBEAT_KEY, timezone.now().timestamp(), timeout=None)


def _broker() -> dict:
    if "redis" in settings.Q_CLUSTER:
        redis.Redis.from_url(settings.Q_CLUSTER["redis"], socket_timeout=2).ping()
        return {"broker": "redis"}
    alias = settings.Q_CLUSTER.get("orm", "default")
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"broker": "orm"}


def _notices(now) -> dict:
    due = Notification.objects.filter(state=Notification.State.PENDING, due_at__lte=now)
    oldest = due.order_by("due_at").values_list("due_at", flat=True).first()
    failed = Notification.objects.filter(state=Notification.State.FAILED).count()
    beat = cache.get(HEARTBEAT_KEY)
    return {
        "due": due.count(),
        "oldest_due_age_seconds": int((now - oldest).total_seconds()) if oldest else 0,
        "failed": failed,
        "last_heartbeat_age_seconds": int(now.timestamp() - beat) if beat else None,
    }


def queue_health() -> dict:
    """Whether the broker answers and notices are moving.

    "stale" (a stuck or missing cluster) is reported but does not fail the check: a load
    balancer should keep sending residents to the web processes while the worker is fixed.
    """
    now = timezone.now()
    try:
        result = {"status": "ok", **_broker()}
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        return {"status": "error", "error": exc.__class__.__name__}
    try:
        result.update(_notices(now))
    except Exception as exc:  # noqa: BLE001
        result.update(status="error", error=exc.__class__.__name__)
        return result
    beat_age = result["last_heartbeat_age_seconds"]
    if result["oldest_due_age_seconds"] > STALE_SECONDS or (
        result["due"] and (beat_age is None or beat_age > STALE_SECONDS)
    ):
        result["status"] = "stale"
    return result
