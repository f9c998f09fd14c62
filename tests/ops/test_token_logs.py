"""Secret links never reach a log: the redaction rule, every token route against it, and the
project's gunicorn configuration (gunicorn.conf.py) serving real requests."""

import json
import re
import urllib.error
import urllib.request

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from config.logging import redact
from tests.api import livestack

TOKEN = "Zq3_xY-9aBcDeFgHiJkLmNoPqRsTuVwX"  # what token_new() gives: 32 URL-safe characters


@pytest.mark.parametrize(
    "line, expected",
    [
        ("GET /rsvp/abc/ HTTP/1.1", "GET /rsvp/[token]/ HTTP/1.1"),
        ("POST /rsvp/abc/cancel/", "POST /rsvp/[token]/cancel/"),
        ("/calendar/me/abc.ics", "/calendar/me/[token]"),
        ("/calendar/officers/abc.ics?x=1", "/calendar/officers/[token]?x=1"),
        ("/api/v1/rsvps/abc/", "/api/v1/rsvps/[token]/"),
        ("/notices/abc/stop-reminders/", "/notices/[token]/stop-reminders/"),
        ("/night-out/manage/abc/withdraw/", "/night-out/manage/[token]/withdraw/"),
        ("/night-out/", "/night-out/"),
        ("POST /feedback/abc/?lang=es", "POST /feedback/[token]/?lang=es"),
        ("/volunteer/abc/withdraw/", "/volunteer/[token]/withdraw/"),
        ("/night-out/manage/abc/", "/night-out/manage/[token]/"),
        # Served as /rsvp/<token>/ (escapes decoded), or 404 but still most of a token.
        ("GET /%72svp/abc/ HTTP/1.1", "GET /rsvp/[token]/ HTTP/1.1"),
        ("GET /rsvp%2Fabc/ HTTP/1.1", "GET /rsvp/[token]/ HTTP/1.1"),
        ("GET //RSVP//abc", "GET //RSVP//[token]"),
        ('"http://events.example.gov/rsvp/abc/"', '"http://events.example.gov/rsvp/[token]/"'),
        # Unlisted events' share keys; ids are no secret and stay.
        (f"/events/{TOKEN}/", "/events/[key]/"),
        (f"/events/{TOKEN}/rsvp/", "/events/[key]/rsvp/"),
        (f"/calendar/events/{TOKEN}.ics", "/calendar/events/[key]"),
        (f"/api/v1/events/{TOKEN}/rsvps/", "/api/v1/events/[key]/rsvps/"),
        ("/events/12/ /calendar/events/12.ics", "/events/12/ /calendar/events/12.ics"),
        ("/api/v1/events/12/attendance/", "/api/v1/events/12/attendance/"),
        ("/officers/events/12/attendance/", "/officers/events/12/attendance/"),
        (
            "/api/v1/events/?page=2 /calendar/events.ics",
            "/api/v1/events/?page=2 /calendar/events.ics",
        ),
    ],
)
def test_redact(line, expected):
    assert redact(line) == expected


def _routes(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


def test_every_route_with_a_token_or_a_share_key_is_redacted():
    """A route added later with a secret in its path is caught here, not in a log."""
    secret_routes = [r for r in _routes(get_resolver()) if re.search(r"<\w+:(token|key)>", r)]
    assert len(secret_routes) >= 12
    for route in secret_routes:
        path = "/" + re.sub(r"<\w+:(token|key)>", TOKEN, route)
        path = re.sub(r"<\w+:\w+>", "12", path)
        assert TOKEN not in redact(f"GET {path} HTTP/1.1"), route


CONFIGURED = "-c", "gunicorn.conf.py"


def _get(url: str, **headers) -> int:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_gunicorn_with_the_projects_configuration_logs_no_token(tmp_path):
    # DEBUG on: the pages need `collectstatic` otherwise, which is not what this is about.
    env = {**livestack.server_env(tmp_path), "DJANGO_DEBUG": "1"}
    livestack.manage(env, "migrate", "--verbosity", "0")
    key = livestack.manage(env, "shell", "-c", MAKE_EVENTS).split()
    public_id, unlisted_key, token = key[-3], key[-2], key[-1]
    log = tmp_path / "access.log"
    with livestack.gunicorn(env, extra=(*CONFIGURED, "--access-logfile", str(log))) as base:
        request = urllib.request.Request(
            f"{base}/api/v1/events/{unlisted_key}/rsvps/",
            data=json.dumps({"name": "Ana Ruiz", "email": "ana@example.org"}).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 202
        statuses = [
            _get(f"{base}/rsvp/{token}/", Referer=f"{base}/rsvp/{token}/cancel/"),
            _get(f"{base}/rsvp/{token}/cancel/"),
            _get(f"{base}/api/v1/rsvps/{token}/"),
            _get(f"{base}/%72svp/{token}/"),
            _get(f"{base}/events/{unlisted_key}/"),
            _get(f"{base}/calendar/events/{unlisted_key}.ics"),
            _get(f"{base}/events/{public_id}/"),
        ]
    # Served as usual (the escaped path too), and logged without the secrets.
    assert statuses == [200, 200, 200, 200, 200, 200, 200]
    # Past the probe that waited for the server to come up.
    lines = [line for line in log.read_text().splitlines() if "/api/v1/programs/" not in line]
    text = "\n".join(lines)
    assert (token in text, unlisted_key in text, "ana@example.org" in text) == (False,) * 3
    assert [re.search(r'"(\w+ \S+) HTTP', line).group(1) for line in lines] == [
        "POST /api/v1/events/[key]/rsvps/",
        "GET /rsvp/[token]/",
        "GET /rsvp/[token]/cancel/",
        "GET /api/v1/rsvps/[token]/",
        "GET /rsvp/[token]/",
        "GET /events/[key]/",
        "GET /calendar/events/[key]",
        f"GET /events/{public_id}/",
    ]
    assert f'"{base}/rsvp/[token]/cancel/"' in lines[1]  # the Referer too


MAKE_EVENTS = """
import datetime as dt
from rsvp.services import rsvp_create
from scheduler.models import Event, Organization, Program, Venue
start = dt.datetime.now(dt.UTC) + dt.timedelta(days=3)
common = dict(
    program=Program.objects.create(name="P", slug="p"),
    venue=Venue.objects.create(name="V", address="1 Main St"),
    host=Organization.objects.create(name="O", slug="o"),
    start=start,
    end=start + dt.timedelta(hours=1),
)
public = Event.objects.create(title="Open", **common)
unlisted = Event.objects.create(title="Invitation", visibility="unlisted", **common)
# Made here: an anonymous RSVP's answer holds no manage link (it goes to the mailbox).
made = rsvp_create(event=unlisted, name="Ana Ruiz", email="ana@example.org")
print(public.pk, unlisted.share_key, made.manage_token)
"""
