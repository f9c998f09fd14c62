"""Residents own their data: an e-mailed link to see, download and delete it."""

import datetime as dt
import json
import re

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications.models import Notification
from privacy.models import DataAccessLink
from privacy.tasks import data_link_send
from rsvp.models import Attendee, Rsvp
from rsvp.services import rsvp_create
from tests import factories
from tests.same_answer import queued_tasks, unmasked

pytestmark = pytest.mark.django_db(databases="__all__")


def _request(client, email):
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/privacy/", {"email": email})
    return response, len(queries.captured_queries)


def test_the_request_page_answers_the_same_for_a_known_and_an_unknown_address(client):
    factories.rsvp(factories.event(), attendee=factories.attendee(email="ana@example.org"))
    known, known_queries = _request(client, "ana@example.org")
    unknown, unknown_queries = _request(client, "nobody@example.org")

    assert (known.status_code, unknown.status_code) == (200, 200)
    # The language switcher's CSRF token is masked afresh on every page: not a difference.
    assert unmasked(known.text).replace("ana@example.org", "X") == unmasked(unknown.text).replace(
        "nobody@example.org", "X"
    )
    assert known_queries == unknown_queries
    # The lookup happens on the worker, never in the request.
    assert queued_tasks() == [
        ("privacy.tasks.data_link_send", ("ana@example.org", "en")),
        ("privacy.tasks.data_link_send", ("nobody@example.org", "en")),
    ]
    assert DataAccessLink.objects.count() == 0


def test_the_link_goes_only_to_the_address_and_only_if_we_hold_something():
    factories.attendee(email="ana@example.org")
    assert data_link_send("Ana@Example.org", "es") is True
    assert data_link_send("nobody@example.org", "en") is False
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.org"]
    assert re.findall(r"http://testserver/privacy/data/[\w-]{32,}/", message.body)


def _link(email="ana@example.org") -> str:
    data_link_send(email, "en")
    return re.search(r"http://testserver(/privacy/data/[\w-]+/)", mail.outbox[-1].body)[1]


@pytest.fixture
def ana():
    ana = factories.attendee(email="ana@example.org")
    start = timezone.make_aware(dt.datetime(2026, 3, 4, 18, 0))
    past = factories.event(
        title="Coffee with a Cop", start=start, end=start + dt.timedelta(hours=1)
    )
    factories.rsvp(
        past,
        attendee=ana,
        name="Ana Ruiz",
        phone="+15035550100",
        accessibility_needs="Wheelchair space",
        party_size=2,
    )
    return ana


def test_the_link_shows_and_downloads_everything_held(client, ana):
    link = _link()
    page = client.get(link)
    assert page.status_code == 200
    for shown in (
        "ana@example.org",
        "Ana Ruiz",
        "+15035550100",
        "Coffee with a Cop",
        "Wheelchair space",
    ):
        assert shown in page.text
    assert "no-store" in page["Cache-Control"]
    assert page["Referrer-Policy"] == "no-referrer"

    download = client.get(link + "download/")
    assert download["Content-Type"] == "application/json; charset=utf-8"
    assert download["Content-Disposition"].startswith('attachment; filename="porchlight-my-data-')
    data = json.loads(download.content)
    assert data["email"] == "ana@example.org"
    assert [
        (r["event"], r["name"], r["phone"], r["party_size"], r["accessibility_needs"], r["status"])
        for r in data["rsvps"]
    ] == [("Coffee with a Cop", "Ana Ruiz", "+15035550100", 2, "Wheelchair space", "confirmed")]


def test_a_link_works_for_a_day_and_unknown_links_get_a_clear_page(client, ana):
    link = _link()
    DataAccessLink.objects.update(created_at=timezone.now() - dt.timedelta(hours=25))
    expired = client.get(link)
    assert expired.status_code == 404
    assert "This link no longer works" in expired.text
    assert client.get("/privacy/data/not-a-token/").status_code == 404
    assert client.get("/privacy/data/" + "x" * 300 + "/download/").status_code == 404


def test_delete_cancels_upcoming_rsvps_promotes_the_waitlist_and_erases_the_rest(client, ana):
    full = factories.event(capacity=2, start=timezone.now() + dt.timedelta(days=3))
    rsvp_create(event=full, email="ana@example.org", name="Ana Ruiz", party_size=2)
    waiting = rsvp_create(event=full, email="ben@example.org", name="Ben", party_size=2).rsvp
    assert waiting.status == "waitlisted"
    link = _link()

    refused = client.post(link + "delete/", {})
    assert refused.status_code == 400
    assert "Tick the box to confirm." in refused.text
    assert Attendee.objects.filter(email="ana@example.org").exists()

    done = client.post(link + "delete/", {"confirm": "on"})
    assert done.status_code == 200
    assert "Your data has been deleted" in done.text
    assert not Attendee.objects.filter(email="ana@example.org").exists()
    assert not Notification.objects.filter(attendee__email="ana@example.org").exists()
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    # Her RSVPs stay as counts only.
    assert sorted(
        Rsvp.objects.filter(attendee__isnull=True).values_list(
            "status", "party_size", "phone", "accessibility_needs"
        )
    ) == [("cancelled", 2, "", ""), ("confirmed", 2, "", "")]
    assert client.get(link).status_code == 404


def test_requests_are_limited_per_connection(client, settings):
    settings.PRIVACY_REQUEST_THROTTLE = "2/hour"
    assert [
        client.post("/privacy/", {"email": f"r{i}@example.org"}).status_code for i in range(3)
    ] == [200, 200, 429]


def test_a_bad_address_gets_a_clear_message(client):
    response = client.post("/privacy/", {"email": "not an address"})
    assert response.status_code == 400
    assert "Enter a valid email address." in response.text
    assert queued_tasks() == []


def test_the_delete_form_posts_from_a_no_referrer_page(ana):
    # Sent with Referrer-Policy: no-referrer, the page's form posts with `Origin: null`
    # (what Chromium does, tests/rsvp/test_browser_token_pages.py): the token is the key.
    link = _link()
    client = Client(enforce_csrf_checks=True)
    response = client.post(link + "delete/", {"confirm": "on"}, headers={"Origin": "null"})
    assert response.status_code == 200
    assert not Attendee.objects.filter(email="ana@example.org").exists()
