"""Site-wide hardening: the Content-Security-Policy, Permissions-Policy, HTTPS rules that an
https SITE_URL turns on, and templates with no inline script or style for the policy to block."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests import factories

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.django_db


def _directives(header: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (part.split() for part in header.split("; "))}


def test_pages_carry_a_policy_without_unsafe_inline(client):
    event = factories.event()
    for url in ["/", f"/events/{event.pk}/", "/accounts/login/", "/admin/login/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _directives(response["Content-Security-Policy"]) == {
            "default-src": ["'none'"],
            "script-src": ["'self'"],
            "style-src": ["'self'"],
            "img-src": ["'self'", "data:"],
            "font-src": ["'self'"],
            "connect-src": ["'self'"],
            "form-action": ["'self'"],
            "frame-ancestors": ["'none'"],
            "base-uri": ["'none'"],
        }, url


def test_pages_deny_the_browser_features_nothing_here_uses(client):
    response = client.get("/")
    assert response["Permissions-Policy"] == (
        "accelerometer=(), browsing-topics=(), camera=(), clipboard-write=(self), "
        "display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
        "midi=(), payment=(), usb=()"
    )
    # Django's defaults, kept site-wide (token pages tighten them for themselves).
    assert (response["Referrer-Policy"], response["X-Frame-Options"]) == ("same-origin", "DENY")


def test_the_api_docs_start_from_a_script_file(client):
    page = client.get("/api/docs/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "<style" not in body
    assert '<script src="/api/docs/?script="></script>' in body
    script = client.get("/api/docs/?script=")
    assert (script.status_code, script["Content-Type"]) == (200, "application/javascript")
    assert b"SwaggerUIBundle" in script.content


@pytest.mark.django_db(databases="__all__")
def test_ssl_redirect_leaves_the_health_check_on_plain_http(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    page = client.get("/events/?q=x")
    assert (page.status_code, page["Location"]) == (301, "https://testserver/events/?q=x")
    health = client.get("/healthz")
    assert health.status_code == 200


def _settings(*names: str, **env: str) -> dict:
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {list(names)!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_SECRET_KEY": "x" * 50,
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


HTTPS_SETTINGS = (
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
)


def test_an_https_site_url_turns_on_redirect_secure_cookies_and_hsts():
    assert _settings(*HTTPS_SETTINGS, SITE_URL="https://events.example.gov") == {
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 15_552_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        # Trusting a proxy's header is the operator's call, never a default.
        "SECURE_PROXY_SSL_HEADER": None,
    }


def test_a_plain_http_site_gets_no_redirect_and_no_hsts():
    # An intranet or `make run`: HSTS there would lock browsers out of the plain-http host.
    assert _settings(*HTTPS_SETTINGS, SITE_URL="http://events.intranet") == {
        "SECURE_SSL_REDIRECT": False,
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
        "SECURE_HSTS_SECONDS": 0,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
        "SECURE_HSTS_PRELOAD": False,
        "SECURE_PROXY_SSL_HEADER": None,
    }


def test_each_https_rule_can_be_set_from_the_environment():
    assert _settings(
        *HTTPS_SETTINGS,
        SITE_URL="https://events.example.gov",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="31536000",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="0",
        SECURE_HSTS_PRELOAD="0",
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
    ) == {
        "SECURE_SSL_REDIRECT": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
        "SECURE_HSTS_PRELOAD": False,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
    }


# Inline code the policy blocks: a <script> without src, a <style> element, a style=
# attribute, an on…= handler, a javascript: link. E-mail is exempt (mail clients need
# inline styles, and no CSP applies there).
INLINE = re.compile(
    r"<script(?![^>]*\ssrc=)[^>]*>|<style[\s>]|\sstyle=|\son[a-z]+=|javascript:", re.I
)


def test_no_template_has_inline_script_or_style():
    found = {
        str(path.relative_to(ROOT)): INLINE.findall(path.read_text())
        for path in sorted((ROOT / "templates").rglob("*.html"))
        if "notifications/email" not in path.as_posix()
    }
    assert {path: hits for path, hits in found.items() if hits} == {}
