"""What a secret link opens is sent `Cache-Control: no-store` and `Referrer-Policy:
no-referrer` (scheduler.tokens.token_page); the page that shows an officer's new feed link is
not stored either."""

import pytest
from rest_framework.test import APIClient

from notifications.models import Notification
from rsvp.services import rsvp_create
from scheduler.tokens import token_hash
from tests import factories

pytestmark = pytest.mark.django_db

PRIVATE = ("no-store", "no-referrer")


def _headers(response):
    return (response["Cache-Control"], response.get("Referrer-Policy"))


def test_every_page_a_token_opens_is_neither_stored_nor_referred_from(client):
    event = factories.event()
    result = rsvp_create(event=event, name="Ana Ruiz", email="ana@example.org", party_size=1)
    token = result.manage_token
    notice = Notification.objects.filter(rsvp=result.rsvp).first()
    stop = notice.link_token("unsubscribe")
    Notification.objects.filter(pk=notice.pk).update(unsubscribe_token_hash=token_hash(stop))

    answers = {
        "manage": client.get(f"/rsvp/{token}/"),
        "manage, changed": client.post(f"/rsvp/{token}/", {"party_size": "2"}),
        "cancel page": client.get(f"/rsvp/{token}/cancel/"),
        "feed link": client.post(f"/rsvp/{token}/feed/"),
        "stop reminders": client.get(f"/notices/{stop}/stop-reminders/"),
        "api": APIClient().get(f"/api/v1/rsvps/{token}/"),
    }

    assert {name: (r.status_code, *_headers(r)) for name, r in answers.items()} == {
        "manage": (200, *PRIVATE),
        "manage, changed": (302, *PRIVATE),
        "cancel page": (200, *PRIVATE),
        "feed link": (200, *PRIVATE),
        "stop reminders": (200, *PRIVATE),
        "api": (200, *PRIVATE),
    }


def test_a_public_event_page_keeps_the_sites_referrer_policy(client):
    response = client.get(f"/events/{factories.event().pk}/")
    assert response.get("Referrer-Policy") == "same-origin"
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_officer_feed_link_page_is_not_stored(client):
    client.force_login(factories.user("officer"))
    response = client.post("/officers/feed-token/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
