"""Input an attacker sends to the API: each is a clear 4xx problem, never a 500."""

import datetime as dt
import io
import json

import pytest
from django.utils import timezone
from rest_framework.exceptions import ParseError

from api.parsers import MAX_JSON_DEPTH, StrictJSONParser
from rsvp.models import Rsvp
from rsvp.services import rsvp_create
from scheduler.models import Event
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def coord(token_client):
    return token_client(factories.user("coordinator"))


def _event_body(**kw):
    program = factories.program()
    venue = factories.venue()
    host = factories.organization()
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=10)
    return {
        "title": "Coffee with a Cop",
        "program": program.slug,
        "venue": venue.pk,
        "host": host.slug,
        "start": start.isoformat(),
        "end": (start + dt.timedelta(hours=1)).isoformat(),
        "timezone": "America/Chicago",
        **kw,
    }


def test_json_nested_too_deep_is_a_400_problem(api):
    event = factories.event()
    deep = b"[" * 1500 + b"]" * 1500
    response = api.post(f"/api/v1/events/{event.pk}/rsvps/", deep, content_type="application/json")
    assert (response.status_code, response["Content-Type"]) == (400, "application/problem+json")
    assert response.json()["code"] == "parse_error"
    token = rsvp_create(event=event, name="Ana", email="ana@example.org").manage_token
    nested = b'{"name": ' + b'{"a": ' * 40 + b"1" + b"}" * 40 + b"}"
    response = api.patch(f"/api/v1/rsvps/{token}/", nested, content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (400, "parse_error")


def test_json_depth_limit_is_exact_and_ignores_brackets_in_strings():
    parse = StrictJSONParser().parse
    at_limit = b"[" * MAX_JSON_DEPTH + b"]" * MAX_JSON_DEPTH
    assert parse(io.BytesIO(at_limit)) is not None
    inside = '[[[["' + "[" * 40
    body = json.dumps({"a": inside}).encode()
    assert parse(io.BytesIO(body)) == {"a": inside}
    with pytest.raises(ParseError):
        parse(io.BytesIO(b"[" + at_limit + b"]"))


def test_json_at_the_depth_limit_still_parses(coord):
    body = _event_body(partners=[])
    response = coord.post("/api/v1/events/", body, format="json")
    assert response.status_code == 201


def test_json_body_too_large_is_a_413_problem(api):
    event = factories.event()
    big = b'{"name": "' + b"x" * 300_000 + b'"}'
    response = api.post(f"/api/v1/events/{event.pk}/rsvps/", big, content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (413, "too_large")


@pytest.mark.parametrize("header", [b"Token \xff\xfe", "Token \u0100\u2603".encode()])
def test_undecodable_authorization_header_is_a_401_problem(api, header):
    event = factories.event()
    # The test client hands the header to WSGI as latin-1 text, as a server would.
    value = header.decode("latin-1")
    read = api.get("/api/v1/events/", HTTP_AUTHORIZATION=value)
    assert (read.status_code, read["Content-Type"]) == (401, "application/problem+json")
    write = api.post(
        f"/api/v1/events/{event.pk}/rsvps/", {}, format="json", HTTP_AUTHORIZATION=value
    )
    assert write.status_code == 401
    assert Rsvp.objects.count() == 0


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/events/9223372036854775808/",
        "/api/v1/events/99999999999999999999999/cancel/",
        "/api/v1/events/9223372036854775808/rsvps/",
        "/api/v1/events/1/attendance/9223372036854775808/check-in/",
        "/calendar/series/9223372036854775808/",
        "/calendar/events/9223372036854775808.ics",
        "/events/9223372036854775808/",
        "/events/9223372036854775808/rsvp/",
        "/officers/events/9223372036854775808/attendance/",
    ],
)
def test_ids_past_64_bits_are_404(client, path):
    assert client.get(path).status_code == 404
    assert client.post(path).status_code in (404, 405)


def test_largest_64_bit_id_is_still_a_plain_404(client):
    assert client.get("/calendar/series/9223372036854775807/").status_code == 404


@pytest.mark.parametrize(
    "title", ["Coffee\r\nX-INJECTED:1", "Coffee\nwith a Cop", "Tab\there", "Bell\x07", "\x1b[31m"]
)
def test_event_title_with_control_characters_is_400(coord, title):
    response = coord.post("/api/v1/events/", _event_body(title=title), format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["title"]
    assert Event.objects.count() == 0


def test_nul_anywhere_in_an_event_is_a_400_problem(coord):
    response = coord.post("/api/v1/events/", _event_body(description="a\x00b"), format="json")
    assert (response.status_code, response.json()["code"]) == (400, "parse_error")
    assert Event.objects.count() == 0


def test_event_description_may_have_newlines_and_tabs(coord):
    body = _event_body(description="Line one\r\nLine two\n\tindented")
    response = coord.post("/api/v1/events/", body, format="json")
    assert response.status_code == 201
    assert Event.objects.get().description == "Line one\r\nLine two\n\tindented"


def test_event_description_with_other_control_characters_is_400(coord):
    response = coord.post("/api/v1/events/", _event_body(description="a\x0bb"), format="json")
    assert list(response.json()["errors"]) == ["description"]


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("9999-06-01T10:00:00Z", "9999-06-01T11:00:00Z"),
        ("1900-06-01T10:00:00Z", "1900-06-01T11:00:00Z"),
        ("2100-12-31T23:00:00Z", "2101-01-01T01:00:00Z"),
    ],
)
def test_event_dates_outside_2000_to_2100_are_400(coord, start, end):
    response = coord.post("/api/v1/events/", _event_body(start=start, end=end), format="json")
    assert response.status_code == 400, response.content
    assert Event.objects.count() == 0


def test_naive_start_inside_a_dst_gap_is_400(coord):
    # 2030-03-10 02:30 does not happen in Chicago: clocks go from 02:00 to 03:00.
    body = _event_body(start="2030-03-10T02:30:00", end="2030-03-10T04:00:00")
    response = coord.post("/api/v1/events/", body, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["errors"] == {
        "start": [
            "2030-03-10 02:30 does not happen exactly once in America/Chicago: the clocks "
            "change then. Choose another time, or give the UTC offset, e.g. "
            "2030-03-10T02:30:00-06:00."
        ]
    }


def test_naive_times_are_read_in_the_events_own_time_zone(coord):
    body = _event_body(start="2030-06-01T18:00:00", end="2030-06-01T19:30:00")
    response = coord.post("/api/v1/events/", body, format="json")
    assert response.status_code == 201, response.content
    assert (response.json()["start"], response.json()["end"]) == (
        "2030-06-01T18:00:00-05:00",
        "2030-06-01T19:30:00-05:00",
    )


def test_naive_start_in_a_dst_overlap_is_400(coord):
    # 2030-11-03 01:30 happens twice in Chicago.
    body = _event_body(start="2030-11-03T01:30:00", end="2030-11-03T03:00:00")
    response = coord.post("/api/v1/events/", body, format="json")
    assert list(response.json()["errors"]) == ["start"]


@pytest.mark.parametrize(
    "name", ["localtime", "Factory", "posixrules", "EST5EDT", "GMT", "US/Pacific", "Etc/GMT+5"]
)
def test_pseudo_time_zones_are_400(coord, name):
    response = coord.post("/api/v1/events/", _event_body(timezone=name), format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["timezone"]


@pytest.mark.parametrize("name", ["UTC", "America/Chicago", "America/Argentina/Buenos_Aires"])
def test_real_time_zones_are_accepted(coord, name):
    response = coord.post("/api/v1/events/", _event_body(timezone=name), format="json")
    assert response.status_code == 201, response.content


def test_unsendable_email_is_refused_on_rsvp(api):
    event = factories.event()
    # Valid to the form, but the domain's label is longer than IDNA allows once encoded.
    body = {"name": "Ana", "email": "ana@" + "ü" * 61 + ".de", "party_size": 1}
    response = api.post(f"/api/v1/events/{event.pk}/rsvps/", body, format="json")
    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == ["email"]
    assert Rsvp.objects.count() == 0
