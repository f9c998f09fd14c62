"""A live site to take the database away from: seed it, sign in, sweep every kind of URL.

Shared by the outage tests (tests/ops/test_outage.py): the sweep asks what pages, the API
and the feeds answer, as (status, Content-Type, Retry-After), the way a browser, an API
client and a calendar app would see it.
"""

import http.cookiejar
import json
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field

SEED = """
import datetime as dt
from django.contrib.auth.models import User
from django.utils import timezone
from scheduler.models import Event, Organization, Program, Venue
start = timezone.now() + dt.timedelta(days=3)
event = Event.objects.create(
    title="Coffee with a Cop",
    program=Program.objects.create(name="Coffee with a Cop", slug="coffee"),
    venue=Venue.objects.create(name="Library", address="1 Main St"),
    host=Organization.objects.create(name="Riverside PD", slug="rpd"),
    start=start,
    end=start + dt.timedelta(hours=1),
    capacity=20,
)
User.objects.create_superuser("coordinator", "c@example.org", "outage-test-password")
print(event.pk)
"""

HTML = "text/html; charset=utf-8"
PROBLEM = "application/problem+json"
TEXT = "text/plain; charset=utf-8"


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    retry_after: str | None
    body: bytes = field(repr=False, compare=False)


class Browser:
    """Cookies kept between requests, redirects not followed (a 302 is an answer too)."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), self._NoRedirect
        )

    def request(self, method: str, path: str, *, form=None, json_body=None) -> Answer:
        headers = {"Referer": self.base + path}
        data = None
        if form is not None:
            data = urllib.parse.urlencode({**form, "csrfmiddlewaretoken": self.csrf}).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif json_body is not None:
            data = json.dumps(json_body).encode()
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(
            self.base + path, data=data, headers=headers, method=method
        )
        try:
            with self.opener.open(request, timeout=40) as response:
                return _answer(response.status, response.headers, response.read())
        except urllib.error.HTTPError as exc:
            return _answer(exc.code, exc.headers, exc.read())

    @property
    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def get_csrf(self, path: str) -> None:
        """A GET that sets the CSRF cookie, as a resident's browser has it from the form page."""
        answer = self.request("GET", path)
        assert answer.status == 200, answer
        assert re.search(rb'name="csrfmiddlewaretoken"', answer.body)

    def sign_in(self, username: str, password: str) -> None:
        self.get_csrf("/accounts/login/")
        answer = self.request(
            "POST", "/accounts/login/", form={"username": username, "password": password}
        )
        assert answer.status == 302, answer


def _answer(status: int, headers, body: bytes) -> Answer:
    return Answer(status, headers.get("Content-Type", ""), headers.get("Retry-After"), body)


def targets(event_id: int) -> list[tuple[str, str, str, dict]]:
    """(who, method, path, payload) for every kind of URL: pages, forms, API, feeds, officers."""
    rsvp = {"name": "Outage Tester", "email": "outage@example.org", "party_size": 1}
    return [
        ("resident", "GET", "/", {}),
        ("resident", "GET", f"/events/{event_id}/", {}),
        ("resident", "POST", f"/events/{event_id}/rsvp/", {"form": rsvp}),
        ("resident", "GET", "/api/v1/events/", {}),
        ("resident", "GET", f"/api/v1/events/{event_id}/", {}),
        ("resident", "POST", f"/api/v1/events/{event_id}/rsvps/", {"json_body": rsvp}),
        ("resident", "GET", "/calendar/events.ics", {}),
        ("resident", "GET", f"/calendar/events/{event_id}.ics", {}),
        ("officer", "GET", "/officers/", {}),
        ("officer", "GET", f"/officers/events/{event_id}/attendance/", {}),
        ("officer", "GET", "/admin/", {}),
    ]


def sweep(clients: dict[str, Browser], event_id: int, *, writes: bool = True) -> dict[str, Answer]:
    """Every target once (without the POSTs if not `writes`): {"GET /path": Answer}."""
    return {
        f"{method} {path}": clients[who].request(method, path, **payload)
        for who, method, path, payload in targets(event_id)
        if writes or method == "GET"
    }


def expected_kind(path: str) -> str:
    if path.startswith("/api/"):
        return PROBLEM
    if path.startswith("/calendar/"):
        return TEXT
    return HTML


class Load:
    """Requests in a loop from a thread while the test takes the database away and back:
    every status seen, counted."""

    def __init__(self, base: str, paths: list[str], threads: int = 1):
        self.base, self.paths = base, paths
        self.statuses: Counter[int] = Counter()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, daemon=True) for _ in range(threads)]

    def _run(self) -> None:
        browser = Browser(self.base)
        i = 0
        while not self._stop.is_set():
            answer = browser.request("GET", self.paths[i % len(self.paths)])
            with self._lock:
                self.statuses[answer.status] += 1
            i += 1
            time.sleep(0.005)

    def __enter__(self) -> "Load":
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=60)


def seconds_to_first_200(browser: Browser, path: str, timeout: float = 30) -> float:
    """How long after now `path` answers 200 again (polled every 10 ms)."""
    began = time.monotonic()
    while time.monotonic() - began < timeout:
        if browser.request("GET", path).status == 200:
            return time.monotonic() - began
        time.sleep(0.01)
    raise AssertionError(f"{path} did not answer 200 within {timeout} s")
