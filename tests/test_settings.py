import os
import subprocess
import sys
from pathlib import Path

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


def test_production_settings_pass_the_deploy_check():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY="a" * 20 + "-Zq8#kL2@vN5$wP9&xR3*yT6!uB1^cD4%",
        SITE_URL="https://events.example.gov",
        DJANGO_ALLOWED_HOSTS="events.example.gov",
        SECURE_SSL_REDIRECT="1",
        SECURE_HSTS_SECONDS="31536000",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="1",
        SECURE_HSTS_PRELOAD="1",
    )
    assert result.returncode == 0, result.stderr


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
