"""Fetching an import's address: a real HTTP server on a free port of this machine, which
only IMPORT_ALLOW_PRIVATE_URLS lets an import reach (the SSRF rule)."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from scheduler.imports.fetch import FetchError, fetch_url
from scheduler.imports.runs import import_run_check
from scheduler.models import Event, ImportRun
from tests.scheduler.imports_support import calendar, next_tuesday, places, stamp, vevent

PAGES: dict[str, tuple[int, dict[str, str], bytes]] = {}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's hook name
        status, headers, body = PAGES.get(self.path, (404, {}, b"not here"))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)  # port 0: a free one
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    PAGES.clear()


@pytest.fixture
def private_allowed(settings):
    settings.PORCHLIGHT = {**settings.PORCHLIGHT, "IMPORT_ALLOW_PRIVATE_URLS": True}


def _feed() -> bytes:
    day = next_tuesday()
    return calendar(
        vevent(
            "coffee@city.example",
            "SUMMARY:Coffee with a Cop",
            f"DTSTART;TZID=America/Los_Angeles:{stamp(day, 8)}",
            f"DTEND;TZID=America/Los_Angeles:{stamp(day, 9)}",
        )
    )


@pytest.mark.django_db
def test_a_calendar_at_an_address_is_fetched_and_checked(server, private_allowed):
    PAGES["/city.ics"] = (200, {"Content-Type": "text/calendar"}, _feed())
    run = ImportRun.objects.get(pk=_check_url(f"{server}/city.ics").pk)
    assert (run.source, run.source_is_url, run.format) == (f"{server}/city.ics", True, "ics")
    assert [(r["action"], r["title"]) for r in run.planned["rows"]] == [
        ("create", "Coffee with a Cop")
    ]
    assert Event.objects.count() == 0


def _check_url(url: str) -> ImportRun:
    return import_run_check(user=None, language="en", url=url, **places())


def test_redirects_are_followed_to_http_only(server, private_allowed):
    PAGES["/old.ics"] = (301, {"Location": "/city.ics"}, b"")
    PAGES["/city.ics"] = (200, {}, b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    PAGES["/sneaky.ics"] = (302, {"Location": "file:///etc/passwd"}, b"")
    assert fetch_url(f"{server}/old.ics") == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    with pytest.raises(FetchError) as refused:
        fetch_url(f"{server}/sneaky.ics")
    assert refused.value.message == "Give an address that starts with https:// or http://."


def test_an_address_on_this_machine_is_refused_unless_allowed(server):
    PAGES["/city.ics"] = (200, {}, b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    port = server.rsplit(":", 1)[1]
    for url, host in (
        (f"{server}/city.ics", "127.0.0.1"),
        (f"http://localhost:{port}/city.ics", "localhost"),
        (f"http://[::1]:{port}/city.ics", "::1"),
        ("http://10.0.0.8/city.ics", "10.0.0.8"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
    ):
        with pytest.raises(FetchError) as refused:
            fetch_url(url)
        assert refused.value.message == (
            f"“{host}” is an address on this server or a private network, which imports may "
            "not reach."
        )


def test_other_schemes_sizes_and_statuses_are_refused(server, private_allowed, settings):
    settings.PORCHLIGHT = {**settings.PORCHLIGHT, "IMPORT_MAX_BYTES": 1000}
    PAGES["/big.ics"] = (200, {}, b"x" * 1001)
    PAGES["/gone.ics"] = (410, {}, b"")
    cases = {
        "ftp://example.org/a.ics": "Give an address that starts with https:// or http://.",
        "file:///etc/passwd": "Give an address that starts with https:// or http://.",
        f"{server}/big.ics": "The file is larger than 1000\xa0bytes, the most an import takes.",
        f"{server}/gone.ics": "The address answered with HTTP status 410, not the file.",
    }
    for url, message in cases.items():
        with pytest.raises(FetchError) as refused:
            fetch_url(url)
        assert refused.value.message == message


def test_webcal_addresses_are_fetched_over_https():
    with pytest.raises(FetchError) as refused:
        fetch_url("webcal://127.0.0.1:9/city.ics")
    # https, to a refused address: the scheme was taken.
    assert refused.value.message == (
        "“127.0.0.1” is an address on this server or a private network, which imports may not "
        "reach."
    )
