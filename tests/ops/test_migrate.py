"""Plain `manage.py migrate`, as every container entrypoint runs it, gives a working site."""

import subprocess
import sys
import textwrap
import uuid

import pytest
from django.conf import settings
from django.db import connection

from tests.api import livestack

# What a resident and a calendar app do first, in a fresh process on the migrated database.
VISIT = textwrap.dedent(
    """
    import datetime as dt, django
    django.setup()
    from django.test import Client
    from django.utils import timezone
    from django_q.models import Schedule
    from scheduler.models import Event, Organization, Program, Venue

    start = timezone.now() + dt.timedelta(days=3)
    event = Event.objects.create(
        title="Coffee", start=start, end=start + dt.timedelta(hours=1), capacity=10,
        program=Program.objects.create(name="Coffee with a Cop", slug="coffee"),
        venue=Venue.objects.create(name="Library", address="1 Main St"),
        host=Organization.objects.create(name="Police", slug="police"),
    )
    client = Client()
    feed = client.get("/calendar/events.ics")
    rsvp = client.post(f"/events/{event.pk}/rsvp/", {"name": "Ana", "email": "ana@example.org",
                                                      "party_size": 1})
    print(feed.status_code, rsvp.status_code, Schedule.objects.count())
    """
)


@pytest.fixture
def fresh_database(tmp_path):
    """Environment for a process on a database nobody has migrated yet."""
    env = {**livestack.server_env(tmp_path), "DJANGO_ALLOWED_HOSTS": "testserver"}
    if connection.vendor != "postgresql":
        yield env
        return
    name = f"porchlight_migrate_{uuid.uuid4().hex[:8]}"
    base = settings.DATABASES["default"]
    url = f"postgres://{base['USER']}@{base['HOST'] or '127.0.0.1'}:{base['PORT'] or 5432}"
    subprocess.run(
        ["createdb", "-h", base["HOST"] or "127.0.0.1", "-U", base["USER"], name], check=True
    )
    yield {**env, "DATABASE_URL": f"{url}/{name}"}
    subprocess.run(
        ["dropdb", "-h", base["HOST"] or "127.0.0.1", "-U", base["USER"], name], check=True
    )


def test_plain_migrate_gives_a_site_whose_rsvp_form_feeds_and_queue_work(fresh_database):
    livestack.manage(fresh_database, "migrate", "--noinput")
    visit = subprocess.run(
        [sys.executable, "-c", VISIT],
        cwd=livestack.ROOT,
        # DEBUG on: pages need `collectstatic` otherwise, which is not what this is about.
        env={**fresh_database, "DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_DEBUG": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert visit.returncode == 0, visit.stderr
    # Feed 200, RSVP taken (202: its outcome is e-mailed), the five periodic tasks (series,
    # notices, retention purge, ended throttle windows, thank-yous after events) scheduled
    # in the queue's database.
    assert visit.stdout.split() == ["200", "202", "5"]


def test_migrate_all_is_kept_as_an_alias(fresh_database):
    out = livestack.manage(fresh_database, "migrate_all", "--noinput")
    assert "Applying scheduler.0001_initial... OK" in out
    assert livestack.manage(fresh_database, "migrate", "--check") == ""


def test_migrate_of_one_named_database_is_djangos_own(fresh_database):
    out = livestack.manage(fresh_database, "migrate", "--database", "default", "--noinput")
    assert "Applying scheduler.0001_initial... OK" in out
    assert "Migrating database" not in out


def test_migrate_check_looks_at_every_database(fresh_database):
    """A deploy gate (`migrate --check`) must see every database plain `migrate` migrates."""
    livestack.manage(fresh_database, "migrate", "--database", "default", "--noinput")
    check = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--check"],
        cwd=livestack.ROOT,
        env=fresh_database,
        capture_output=True,
        text=True,
        timeout=120,
    )
    # On SQLite the queue's own database is still unmigrated; on PostgreSQL all is done.
    assert check.returncode == (1 if "DATABASE_URL" not in fresh_database else 0)
    livestack.manage(fresh_database, "migrate", "--noinput")
    assert livestack.manage(fresh_database, "migrate", "--check") == ""
