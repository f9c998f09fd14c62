"""An unavailable database is a 503 with Retry-After everywhere, never a 500, and the site
recovers by itself (DESIGN.md rule 6, ops/outage.py).

The live tests take the database away from a real gunicorn: a PostgreSQL server of the
test's own is stopped and started, made read-only, filled up with connections; an SQLite
directory is moved away and back, its file locked by another writer.
"""

import json
import sqlite3
import time
from collections import Counter

import psycopg
import pytest
from django.core.cache import cache
from django.db import DatabaseError, IntegrityError, connection
from django.db import OperationalError as DjangoOperationalError
from django.urls import get_resolver

from api.examples import UNAVAILABLE_EXAMPLE
from ops.outage import unavailable_reason
from ops.views import server_error
from tests import factories
from tests.api import livestack
from tests.ops import livesite
from tests.ops.livesite import HTML, PROBLEM, TEXT, Browser, Load, expected_kind, sweep
from tests.ops.pgserver import pg_server

MESSAGE = "Porchlight is briefly unavailable. Please try again in a minute."
# What the OpenAPI document shows for it, too.
PROBLEM_BODY = UNAVAILABLE_EXAMPLE
PASSWORD = "outage-test-password"
# Pages name their stylesheet: static files from the finders, with no collectstatic run.
SITE_ENV = {"PORCHLIGHT_TESTING": "1"}
LOAD_PATHS = ["/", "/api/v1/events/", "/calendar/events.ics"]


def _is_read(key: str) -> bool:
    return key.startswith("GET ")


def _writes(answers: dict, event_id: int) -> dict:
    """The answers to what writes: the forms, and the roster, shown only with its access
    logged."""
    roster = f"GET /officers/events/{event_id}/attendance/"
    return {k: a for k, a in answers.items() if not _is_read(k) or k == roster}


def _all_503(answers: dict) -> dict:
    return {key: (503, expected_kind(key.split()[1]), "30") for key in answers}


def _summary(answers: dict) -> dict:
    return {key: (a.status, a.content_type, a.retry_after) for key, a in answers.items()}


def _assert_outage_bodies(answers: dict) -> None:
    for key, answer in answers.items():
        if answer.content_type == PROBLEM:
            assert json.loads(answer.body) == PROBLEM_BODY, key
        elif answer.content_type == TEXT:
            assert answer.body.decode() == MESSAGE + "\n", key
        else:
            page = answer.body.decode()
            assert "<h1>Porchlight is briefly unavailable</h1>" in page, key
            reloads = '<meta http-equiv="refresh" content="30">' in page
            assert reloads == _is_read(key), key


def _clients(base: str, event_id: int) -> dict[str, Browser]:
    resident, officer = Browser(base), Browser(base)
    resident.get_csrf(f"/events/{event_id}/")
    officer.sign_in("coordinator", PASSWORD)
    return {"resident": resident, "officer": officer}


def _reads_200(clients, event_id) -> dict:
    return {k: a.status for k, a in sweep(clients, event_id, writes=False).items()}


def _report(label: str, load: Load, down: list[dict], recovery: dict[str, float]) -> None:
    """The figures (`pytest -s` shows them), printed before the assertions judge them."""
    sweeps = [dict(Counter(a.status for a in answers.values())) for answers in down]
    seconds = ", ".join(f"{path} {s:.3f} s" for path, s in recovery.items())
    print(f"\n{label}: load {dict(load.statuses)}, sweeps {sweeps}; first 200 after: {seconds}")


# --- PostgreSQL: a server of the test's own --------------------------------------------


@pytest.fixture(scope="module")
def pg_site(tmp_path_factory):
    # max_connections: small, so the test can take every slot (the site signs in as a
    # superuser, who may use the reserved ones too).
    with pg_server(max_connections=12) as server:
        server.execute("CREATE DATABASE porchlight")
        env = livestack.server_env(
            tmp_path_factory.mktemp("pg-site"), DATABASE_URL=server.url("porchlight"), **SITE_ENV
        )
        livestack.manage(env, "migrate", "--verbosity", "0")
        event_id = int(livestack.manage(env, "shell", "-c", livesite.SEED).split()[-1])
        with livestack.gunicorn(env, workers=2) as base:
            yield server, base, event_id


def _pg_count(server, table: str) -> int:
    return server.execute(f"SELECT count(*) FROM {table}", "porchlight")[0][0]


@pytest.mark.outage
def test_postgresql_stopped_is_503_everywhere_and_back_without_restart(pg_site):
    server, base, event_id = pg_site
    clients = _clients(base, event_id)
    reads = _reads_200(clients, event_id)
    assert set(reads.values()) == {200}

    with Load(base, LOAD_PATHS) as load:
        time.sleep(0.5)
        server.stop("fast")
        stopped = time.monotonic()
        # Twice: the two workers each had a connection the stop cut.
        down = [sweep(clients, event_id) for _ in range(2)]
        time.sleep(max(0.0, 2 - (time.monotonic() - stopped)))
        server.start()
        recovery = {
            path: livesite.seconds_to_first_200(clients["resident"], path) for path in LOAD_PATHS
        }
        time.sleep(0.5)

    _report("PostgreSQL stopped", load, down, recovery)
    for answers in down:
        assert _summary(answers) == _all_503(answers)
        _assert_outage_bodies(answers)
    assert load.statuses[500] == 0
    assert set(load.statuses) == {200, 503}
    assert _reads_200(clients, event_id) == reads
    # The RSVPs sent while the database was away left nothing behind.
    counts = [_pg_count(server, t) for t in ("rsvp_rsvp", "rsvp_attendee")]
    assert counts + [_pg_count(server, "notifications_notification")] == [0, 0, 0]


@pytest.mark.outage
def test_postgresql_fast_restart_under_load_is_never_a_500(pg_site):
    server, base, event_id = pg_site
    clients = _clients(base, event_id)
    with Load(base, LOAD_PATHS, threads=3) as load:
        time.sleep(0.5)
        server.stop("fast")
        server.start()
        recovery = {"/": livesite.seconds_to_first_200(clients["resident"], "/")}
        time.sleep(0.5)
    _report("PostgreSQL fast restart", load, [], recovery)
    assert load.statuses[500] == 0
    assert set(load.statuses) - {503} == {200}


@pytest.mark.outage
def test_postgresql_read_only_serves_reads_and_refuses_writes_with_503(pg_site):
    server, base, event_id = pg_site
    clients = _clients(base, event_id)
    _set_read_only(server, True)
    try:
        answers = sweep(clients, event_id)
    finally:
        _set_read_only(server, False)

    writes = _writes(answers, event_id)
    reads = {k: a for k, a in answers.items() if k not in writes}
    assert {k: a.status for k, a in reads.items()} == dict.fromkeys(reads, 200)
    assert _summary(writes) == _all_503(writes)
    _assert_outage_bodies(writes)
    assert [_pg_count(server, t) for t in ("rsvp_rsvp", "notifications_notification")] == [0, 0]

    again = clients["resident"].request(
        "POST",
        f"/api/v1/events/{event_id}/rsvps/",
        json_body={"name": "Outage Tester", "email": "outage@example.org"},
    )
    assert again.status == 202  # taken: the outcome goes to the mailbox
    assert _pg_count(server, "rsvp_rsvp") == 1


def _set_read_only(server, on: bool) -> None:
    # As a standby after a failover: every session's transactions become read-only. The
    # test's own session turns it off for itself first, so it can turn it back.
    with psycopg.connect(server.url(), autocommit=True) as conn:
        conn.execute("SET default_transaction_read_only = off")
        if on:
            conn.execute("ALTER SYSTEM SET default_transaction_read_only = on")
        else:
            conn.execute("ALTER SYSTEM RESET default_transaction_read_only")
        conn.execute("SELECT pg_reload_conf()")
    expected = "on" if on else "off"
    for _ in range(200):
        with psycopg.connect(server.url()) as conn:
            if conn.execute("SHOW default_transaction_read_only").fetchone()[0] == expected:
                break
        time.sleep(0.01)
    time.sleep(0.3)  # the site's sessions read the reloaded file at their next statement


@pytest.mark.outage
def test_postgresql_out_of_connections_is_503_until_one_is_free(pg_site):
    server, base, event_id = pg_site
    clients = _clients(base, event_id)
    # A restart cuts the site's connections: it has to open new ones, and there are none.
    server.stop("fast")
    server.start()
    held = []
    try:
        while True:
            held.append(psycopg.connect(server.url()))
    except psycopg.OperationalError as exc:
        assert "too many clients" in str(exc)
    try:
        answers = sweep(clients, event_id)
    finally:
        for conn in held:
            conn.close()
    assert _summary(answers) == _all_503(answers)
    _assert_outage_bodies(answers)
    assert livesite.seconds_to_first_200(clients["resident"], "/") < 30


# --- SQLite: the files' directory moved away, the file locked by another writer ----------


@pytest.fixture(scope="module")
def sqlite_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("sqlite-site")
    db_dir = root / "db"
    db_dir.mkdir()
    env = livestack.server_env(
        root,
        PORCHLIGHT_SQLITE_PATH=str(db_dir / "porchlight.sqlite3"),
        PORCHLIGHT_SQLITE_QUEUE_PATH=str(db_dir / "queue.sqlite3"),
        # Each request opens the files anew, as a worker does after its connection aged out.
        CONN_MAX_AGE="0",
        SQLITE_BUSY_TIMEOUT="1",
        **SITE_ENV,
    )
    livestack.manage(env, "migrate", "--verbosity", "0")
    event_id = int(livestack.manage(env, "shell", "-c", livesite.SEED).split()[-1])
    with livestack.gunicorn(env, workers=2) as base:
        yield db_dir, base, event_id


def _sqlite_count(db_dir, table: str) -> int:
    with sqlite3.connect(db_dir / "porchlight.sqlite3") as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@pytest.mark.outage
def test_sqlite_files_unreachable_is_503_everywhere_and_back_without_restart(sqlite_site):
    db_dir, base, event_id = sqlite_site
    clients = _clients(base, event_id)
    reads = _reads_200(clients, event_id)
    assert set(reads.values()) == {200}
    away = db_dir.with_name("db-away")

    with Load(base, LOAD_PATHS) as load:
        time.sleep(0.5)
        db_dir.rename(away)  # a volume unmounted, a directory renamed by mistake
        try:
            down = [sweep(clients, event_id) for _ in range(2)]
        finally:
            away.rename(db_dir)
        recovery = {
            path: livesite.seconds_to_first_200(clients["resident"], path) for path in LOAD_PATHS
        }
        time.sleep(0.5)

    _report("SQLite unreachable", load, down, recovery)
    for answers in down:
        assert _summary(answers) == _all_503(answers)
        _assert_outage_bodies(answers)
    assert load.statuses[500] == 0
    assert set(load.statuses) == {200, 503}
    assert _reads_200(clients, event_id) == reads
    assert [_sqlite_count(db_dir, t) for t in ("rsvp_rsvp", "rsvp_attendee")] == [0, 0]


@pytest.mark.outage
def test_sqlite_locked_by_another_writer_serves_reads_and_refuses_writes_with_503(sqlite_site):
    db_dir, base, event_id = sqlite_site
    clients = _clients(base, event_id)
    # A backup, a VACUUM or a long import holding the write lock past the busy timeout.
    holder = sqlite3.connect(db_dir / "porchlight.sqlite3", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        answers = sweep(clients, event_id)
    finally:
        holder.rollback()
        holder.close()

    writes = _writes(answers, event_id)
    reads = {k: a for k, a in answers.items() if k not in writes}
    assert {k: a.status for k, a in reads.items()} == dict.fromkeys(reads, 200)
    # An RSVP is counted by the throttle (its counters' file is not the locked one), then
    # waits for the event's write lock, whose wait running out is the event lock's own answer:
    # "busy, try again" with Retry-After 2 (tests/rsvp/test_busy.py).
    rsvps = {f"POST /events/{event_id}/rsvp/", f"POST /api/v1/events/{event_id}/rsvps/"}
    busy = {key: (503, expected_kind(key.split()[1]), "2") for key in rsvps}
    assert _summary(writes) == {**_all_503(writes), **busy}
    _assert_outage_bodies({k: a for k, a in writes.items() if k not in rsvps})
    api_busy = json.loads(answers[f"POST /api/v1/events/{event_id}/rsvps/"].body)
    assert (api_busy["code"], api_busy["status"]) == ("busy", 503)
    busy_page = answers[f"POST /events/{event_id}/rsvp/"].body.decode()
    assert "This event is very busy right now. Please try again in a moment." in busy_page
    assert _sqlite_count(db_dir, "rsvp_rsvp") == 0

    again = clients["resident"].request(
        "POST",
        f"/api/v1/events/{event_id}/rsvps/",
        json_body={"name": "Outage Tester", "email": "outage@example.org"},
    )
    assert again.status == 202  # taken: the outcome goes to the mailbox
    assert _sqlite_count(db_dir, "rsvp_rsvp") == 1


# --- In the process: the middleware layer, DEBUG, the classification -------------------


@pytest.fixture
def read_only_database():
    """This connection made read-only, as a read-only file or a standby makes it."""

    def toggle(on: bool) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(f"PRAGMA query_only = {'ON' if on else 'OFF'}")
            else:
                cursor.execute(f"SET default_transaction_read_only = {'on' if on else 'off'}")

    yield lambda: toggle(True)
    toggle(False)


@pytest.mark.django_db(transaction=True)
def test_a_session_the_middleware_cannot_save_is_503_not_400(client, settings, read_only_database):
    """The view answers; SessionMiddleware then fails to save the session (saved on every
    request here, as where session expiry slides; a view that changes the session does the
    same), where no process_exception sees it, and Django calls it SessionInterrupted (a
    400): handler400 finds the database's refusal under it and answers 503."""
    settings.SESSION_SAVE_EVERY_REQUEST = True
    client.force_login(factories.user())
    client.raise_request_exception = False
    read_only_database()

    response = client.get("/")

    assert (response.status_code, response["Content-Type"], response["Retry-After"]) == (
        503,
        HTML,
        "30",
    )
    assert "<h1>Porchlight is briefly unavailable</h1>" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_write_refused_in_debug_is_503_too(client, settings, read_only_database):
    settings.DEBUG = True
    event = factories.event(capacity=5)
    client.raise_request_exception = False
    read_only_database()

    response = client.post(
        f"/api/v1/events/{event.pk}/rsvps/",
        {"name": "Ana", "email": "ana@example.org"},
        content_type="application/json",
    )

    assert (response.status_code, response["Content-Type"], response["Retry-After"]) == (
        503,
        PROBLEM,
        "30",
    )
    assert response.json() == PROBLEM_BODY


@pytest.mark.django_db(transaction=True)
def test_an_idempotent_rsvp_the_database_refuses_is_503_not_in_progress(client, read_only_database):
    """The Idempotency-Key's lock is a cache add: refused, it must not read as "held"."""
    event = factories.event(capacity=5)
    client.raise_request_exception = False
    read_only_database()

    response = client.post(
        f"/api/v1/events/{event.pk}/rsvps/",
        {"name": "Ana", "email": "ana@example.org"},
        content_type="application/json",
        headers={"Idempotency-Key": "k-1"},
    )

    assert (response.status_code, response["Retry-After"], response.json()) == (
        503,
        "30",
        PROBLEM_BODY,
    )


@pytest.mark.django_db(transaction=True)
def test_a_cache_add_the_database_refuses_raises_and_a_set_stays_silent(read_only_database):
    cache.set("held", 1)
    read_only_database()

    with pytest.raises(DatabaseError):  # OperationalError on SQLite, InternalError (25006) on PG
        cache.add("new", 1)
    assert (cache.set("other", 1), cache.get("other"), cache.get("held")) == (None, None, 1)


def test_handler500_answers_503_for_an_unavailable_database_and_500_otherwise(rf):
    """What Django's handler500 (ops.views.server_error) says about the exception it is
    handling, for one a middleware raised."""
    assert get_resolver().resolve_error_handler(500) is server_error
    request = rf.get("/calendar/events.ics")
    try:
        sqlite3.connect("/nonexistent-directory/porchlight.sqlite3")
    except sqlite3.OperationalError:
        unavailable = server_error(request)
    try:
        raise ValueError("a bug")
    except ValueError:
        bug = server_error(request)
    assert (unavailable.status_code, unavailable["Content-Type"], unavailable["Retry-After"]) == (
        503,
        TEXT,
        "30",
    )
    assert (bug.status_code, bug.has_header("Retry-After")) == (500, False)


def _sqlite_error(path: str, sql: str, **connect) -> sqlite3.Error:
    conn = sqlite3.connect(path, **connect)
    try:
        conn.execute(sql)
    except sqlite3.Error as exc:
        return exc
    finally:
        conn.close()
    raise AssertionError(f"{sql} did not fail")


def test_unavailable_reason_names_real_sqlite_outages_and_nothing_else(tmp_path):
    path = str(tmp_path / "db.sqlite3")
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
        conn.execute("INSERT INTO t VALUES (1)")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        locked = _sqlite_error(path, "INSERT INTO t VALUES (2)", timeout=0)
    finally:
        holder.close()
    try:
        sqlite3.connect(str(tmp_path / "missing" / "db.sqlite3"))
    except sqlite3.OperationalError as exc:
        cantopen = exc
    read_only = _sqlite_error(f"file:{path}?mode=ro", "INSERT INTO t VALUES (3)", uri=True)
    duplicate = _sqlite_error(path, "INSERT INTO t VALUES (1)")
    no_table = _sqlite_error(path, "SELECT * FROM nowhere")

    wrapped = DjangoOperationalError("database is locked")
    wrapped.__cause__ = locked
    assert [
        unavailable_reason(exc)
        for exc in (locked, cantopen, read_only, wrapped, duplicate, no_table)
    ] == [
        "OperationalError SQLITE_BUSY",
        "OperationalError SQLITE_CANTOPEN",
        "OperationalError SQLITE_READONLY",
        "OperationalError SQLITE_BUSY",
        None,
        None,
    ]
    assert unavailable_reason(IntegrityError("duplicate")) is None
    assert unavailable_reason(ValueError("no")) is None
