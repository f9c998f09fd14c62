"""Task-queue health for /healthz."""

from django.conf import settings
from django.db import connections


def queue_health() -> dict:
    """Whether the task queue's store answers (ORM broker database or Redis)."""
    try:
        if "redis" in settings.Q_CLUSTER:
            import redis

            redis.Redis.from_url(settings.Q_CLUSTER["redis"], socket_timeout=2).ping()
            return {"status": "ok", "broker": "redis"}
        alias = settings.Q_CLUSTER.get("orm", "default")
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"status": "ok", "broker": "orm"}
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        return {"status": "error", "error": exc.__class__.__name__}
