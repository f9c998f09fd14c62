import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PORCHLIGHT_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_refuses_to_start_without_secret_key_outside_debug():
    result = _manage("check")
    assert result.returncode == 1
    assert result.stderr.startswith("Porchlight cannot start: DJANGO_SECRET_KEY is not set.")
    assert "Traceback" not in result.stderr


def test_starts_in_debug_without_secret_key():
    result = _manage("check", DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_bad_boolean_is_a_clear_error():
    result = _manage("check", DJANGO_DEBUG="maybe")
    assert result.returncode == 1
    assert "DJANGO_DEBUG must be one of" in result.stderr


def _readme_production_environment() -> dict[str, str]:
    """The variables README's "Production" line sets, with real values where it says `…`."""
    readme = (ROOT / "README.md").read_text()
    line = re.search(r"^Production: `(.*?) python manage.py check --deploy`", readme, re.M)
    assert line, "README has lost its Production line"
    variables = dict(pair.split("=", 1) for pair in line.group(1).split())
    assert sorted(variables) == ["DATABASE_URL", "DJANGO_SECRET_KEY", "SITE_URL"]
    real = {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": "postgres://porchlight@db.example.gov:5432/porchlight",
    }
    return {name: real[name] if value == "…" else value for name, value in variables.items()}


def test_readme_production_environment_passes_the_deploy_check_with_no_issues():
    # Only what README tells an operator to set: none of this machine's variables.
    env = {"PATH": os.environ["PATH"], **_readme_production_environment()}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (result.returncode, result.stderr, result.stdout) == (
        0,
        "",
        "System check identified no issues (0 silenced).\n",
    )


def _setting(name: str, **env: str) -> str:
    code = (
        f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "PORT"}}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_DEBUG": "1", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_links_follow_the_port_the_site_is_served_on():
    # `PORT=9000 make run`: e-mails, feeds and subscribe links must point at port 9000.
    assert _setting("SITE_URL", PORT="9000") == "http://localhost:9000"
    assert _setting("SITE_URL") == "http://localhost:8000"


def test_site_url_wins_over_the_port():
    assert _setting("SITE_URL", PORT="9000", SITE_URL="https://events.example.gov/") == (
        "https://events.example.gov"
    )


def test_make_run_hands_its_port_to_the_processes():
    # honcho gets PORT from `make run`; the demo data and the links see the same one.
    result = subprocess.run(
        ["make", "-n", "run", "PORT=9000"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert "honcho start -p 9000" in result.stdout
    exported = subprocess.run(
        ["make", "-s", "-f", "Makefile", "-f", "-", "show-port", "PORT=9000"],
        cwd=ROOT,
        input="show-port:\n\t@echo $$PORT\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert exported.stdout.strip() == "9000"


def _gunicorn_settings(**env: str) -> dict:
    clean = {
        k: v for k, v in os.environ.items() if k not in ("WEB_CONCURRENCY", "GUNICORN_THREADS")
    }
    code = "import json, runpy; s = runpy.run_path('gunicorn.conf.py'); " + (
        "print(json.dumps({k: s[k] for k in ('worker_class', 'workers', 'threads', "
        "'timeout', 'graceful_timeout', 'logger_class')}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(out.stdout)


def test_gunicorn_runs_threaded_workers_sized_from_the_cpus_it_may_use():
    cpus = len(os.sched_getaffinity(0))
    assert _gunicorn_settings() == {
        "worker_class": "gthread",
        "workers": max(2, cpus),
        "threads": 4,
        "timeout": 30,
        "graceful_timeout": 10,
        "logger_class": "config.access_log.RedactingLogger",
    }
    chosen = _gunicorn_settings(WEB_CONCURRENCY="3", GUNICORN_THREADS="8")
    assert (chosen["workers"], chosen["threads"]) == (3, 8)


def test_gunicorn_accepts_the_configuration():
    # gunicorn's own parser: a misspelt setting or a wrong type fails here, not at deploy.
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "gunicorn.conf.py",
            "--print-config",
            "config.wsgi",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    printed = dict(
        [part.strip() for part in line.split(" = ", 1)]
        for line in out.stdout.splitlines()
        if " = " in line
    )
    assert (printed["worker_class"], printed["threads"]) == ("gthread", "4")


@pytest.mark.django_db
def test_sqlite_connections_are_tuned_for_a_web_workload(settings):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's pragmas; PostgreSQL has none of these")
    with connection.cursor() as cursor:
        values = []
        for pragma in ("journal_mode", "synchronous", "mmap_size", "temp_store", "busy_timeout"):
            cursor.execute(f"PRAGMA {pragma}")
            values.append(cursor.fetchone()[0])
    # synchronous 1 = NORMAL, temp_store 2 = MEMORY; the busy timeout in milliseconds.
    assert values == ["wal", 1, 134217728, 2, 20000]


def test_templates_are_compiled_once_per_process():
    from django.template import engines
    from django.template.loaders.cached import Loader

    loaders = engines["django"].engine.template_loaders
    assert [type(loader) for loader in loaders] == [Loader]
