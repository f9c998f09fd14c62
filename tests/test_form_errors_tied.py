"""Forms tell what went wrong where a screen reader and a thumb find it: after a refused submit
an error summary heads the form with a link to each field in error, and every
aria-describedby names an element of the page (help and error ids Django's BoundField uses)."""

import re

import pytest

from rsvp.services import rsvp_create
from tests import factories

pytestmark = pytest.mark.django_db


def _tied(body: str) -> list[str]:
    """The summary's links, after checking every id the page refers to exists."""
    ids = set(re.findall(r'\bid="([^"]+)"', body))
    for described in re.findall(r'aria-describedby="([^"]+)"', body):
        assert set(described.split()) <= ids, described
    for labelled in re.findall(r'<label for="([^"]+)"', body):
        assert labelled in ids, labelled
    [summary] = re.findall(r'<div class="errors error-summary"(.*?)</div>', body, re.S)
    links = re.findall(r'<a href="#([^"]+)">', summary)
    assert set(links) <= ids
    return links


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_privacy_request_form(client, language):
    response = client.post("/privacy/", {"email": "not an address"}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    assert _tied(response.content.decode()) == ["id_email"]


def test_the_manage_pages_party_size_form(client):
    event = factories.event(max_party_size=2)
    token = rsvp_create(
        event=event, name="Ana Ruiz", email="ana@example.org", party_size=1
    ).manage_token
    response = client.post(f"/rsvp/{token}/", {"party_size": "7"})
    assert response.status_code == 400
    body = response.content.decode()
    assert _tied(body) == ["id_party_size"]
    assert 'aria-describedby="id_party_size_error"' in body


def test_the_walk_in_form(client):
    officer = factories.user("officer")
    event = factories.event(officers=[officer])
    client.force_login(officer)
    response = client.post(f"/officers/events/{event.pk}/attendance/walkins/", {"head_count": ""})
    assert response.status_code == 400
    assert _tied(response.content.decode()) == ["id_head_count"]
