"""The anonymous RSVP throttle holds across processes: the count lives in the counters' table
(its own SQLite file here) or in Redis."""

import json
import socket
import urllib.error
import urllib.request

import pytest

from tests.api import livestack

pytestmark = pytest.mark.concurrency

MAKE_EVENT = """
import datetime as dt
from django.core.cache import cache
from django.utils import timezone
from scheduler.models import Event, Organization, Program, Venue
cache.clear()
start = timezone.now() + dt.timedelta(days=3)
event = Event.objects.create(
    title="Throttle test",
    program=Program.objects.create(name="P", slug="p"),
    venue=Venue.objects.create(name="V", address="1 Main St"),
    host=Organization.objects.create(name="O", slug="o"),
    start=start,
    end=start + dt.timedelta(hours=1),
)
print(event.pk)
"""


def _post(base: str, event_id: int, i: int) -> int:
    request = urllib.request.Request(
        f"{base}/api/v1/events/{event_id}/rsvps/",
        data=json.dumps({"name": f"R {i}", "email": f"r{i}@example.org"}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _redis_up() -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", 6379)) == 0


@pytest.mark.parametrize(
    "cache_env",
    [
        pytest.param({}, id="counters-table"),
        pytest.param(
            {"REDIS_URL": "redis://127.0.0.1:6379/4"},
            id="redis",
            marks=pytest.mark.skipif(not _redis_up(), reason="Redis is not running"),
        ),
    ],
)
def test_rsvp_throttle_is_shared_by_two_server_processes(tmp_path, cache_env):
    env = livestack.server_env(tmp_path, API_RSVP_THROTTLE="3/hour", **cache_env)
    livestack.manage(env, "migrate", "--verbosity", "0")
    event_id = int(livestack.manage(env, "shell", "-c", MAKE_EVENT).split()[-1])
    with livestack.gunicorn(env) as first, livestack.gunicorn(env) as second:
        codes = [_post((first, second)[i % 2], event_id, i) for i in range(6)]
    assert codes == [202, 202, 202, 429, 429, 429]
