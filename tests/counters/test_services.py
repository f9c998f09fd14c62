"""The throttles' counters count every hit exactly once, from many processes at once, in the
table (SQLite or PostgreSQL, whichever the suite runs on) and in Redis."""

import os
import socket
import subprocess
import sys
import time
import uuid

import pytest
import redis

from counters.models import ThrottleCounter
from counters.services import REDIS_PREFIX, counter_hit, counters_purge
from tests.notifications.cluster import BASE_DIR, database_env

# A Redis database of these tests' own; every key they make is unique and deleted after.
TEST_REDIS_URL = "redis://127.0.0.1:6379/12"

PROCESSES = 6
HITS_EACH = 150

# One process: set up Django, say it is ready, wait for the word, then count.
HITTER = """
import sys, django
django.setup()
from counters.services import counter_hit
print("ready", flush=True)
sys.stdin.readline()
print(" ".join(str(counter_hit(sys.argv[1], 3600).count) for _ in range(int(sys.argv[2]))))
"""


def _redis_up() -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", 6379)) == 0


@pytest.fixture(params=["table", "redis"])
def store(request, settings):
    """Where the counters are: "table" (the suite's database) or "redis" (REDIS_URL set)."""
    if request.param == "redis":
        if not _redis_up():
            pytest.skip("Redis is not running")
        settings.REDIS_URL = TEST_REDIS_URL
    else:
        settings.REDIS_URL = ""
    key = f"test-{uuid.uuid4().hex}"
    yield request.param, key
    if request.param == "redis":
        redis.Redis.from_url(TEST_REDIS_URL).delete(REDIS_PREFIX + key)


def _stored_count(kind: str, key: str) -> int:
    if kind == "redis":
        return int(redis.Redis.from_url(TEST_REDIS_URL).get(REDIS_PREFIX + key))
    return ThrottleCounter.objects.get(key=key).count


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, databases="__all__")
def test_hits_from_parallel_processes_are_each_counted_once(store):
    kind, key = store
    env = {**os.environ, **database_env(), "DJANGO_SETTINGS_MODULE": "config.settings"}
    env.pop("REDIS_URL", None)
    if kind == "redis":
        env["REDIS_URL"] = TEST_REDIS_URL
    hitters = [
        subprocess.Popen(
            [sys.executable, "-c", HITTER, key, str(HITS_EACH)],
            cwd=BASE_DIR,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(PROCESSES)
    ]
    try:
        for hitter in hitters:
            assert hitter.stdout.readline() == "ready\n"
        for hitter in hitters:  # all of them are waiting: let them go together
            hitter.stdin.write("go\n")
            hitter.stdin.flush()
        seen = []
        for hitter in hitters:
            out, _ = hitter.communicate(timeout=120)
            assert hitter.returncode == 0
            seen.extend(int(count) for count in out.split())
    finally:
        for hitter in hitters:
            if hitter.poll() is None:
                hitter.kill()
                hitter.wait()

    # Every hit got a count of its own: none lost, none counted twice.
    assert sorted(seen) == list(range(1, PROCESSES * HITS_EACH + 1))
    assert _stored_count(kind, key) == PROCESSES * HITS_EACH


@pytest.mark.django_db
def test_a_window_starts_at_the_first_hit_and_a_hit_after_it_starts_again_at_one(store):
    _, key = store
    first, second = counter_hit(key, 0.5), counter_hit(key, 0.5)
    assert (first.count, second.count) == (1, 2)
    assert 0 < second.expires_in <= first.expires_in <= 0.5
    time.sleep(0.6)
    again = counter_hit(key, 0.5)
    assert again.count == 1
    assert 0.3 < again.expires_in <= 0.5


@pytest.mark.django_db
def test_keys_are_counted_apart(store):
    _, key = store
    counts = [counter_hit(k, 60).count for k in (key, key, f"{key}-other", key)]
    assert counts == [1, 2, 1, 3]
    if store[0] == "redis":
        redis.Redis.from_url(TEST_REDIS_URL).delete(f"{REDIS_PREFIX}{key}-other")


@pytest.mark.django_db
def test_purge_deletes_the_counters_whose_window_ended(settings):
    settings.REDIS_URL = ""
    counter_hit("ended", 0.05)
    counter_hit("running", 3600)
    time.sleep(0.1)
    assert counters_purge() == 1
    assert list(ThrottleCounter.objects.values_list("key", "count")) == [("running", 1)]
