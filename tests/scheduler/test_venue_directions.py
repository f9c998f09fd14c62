"""Directions in words, beside the map link: on the event page, in every e-mail about the
event and in the API, in the resident's language."""

import pytest
from django.core import mail
from rest_framework.test import APIClient

from notifications.delivery import notice_deliver
from notifications.models import Notification
from rsvp.services import rsvp_create
from tests import factories

pytestmark = pytest.mark.django_db(databases="__all__")

WORDS = "Side door on Mill St; the hall is straight ahead."
PALABRAS = "Puerta lateral en Mill St; el salón está al fondo."


def _event():
    venue = factories.venue(directions_en=WORDS, directions_es=PALABRAS)
    return factories.event(venue=venue)


def test_the_event_page_gives_directions_and_a_map_link_in_the_readers_language(client):
    event = _event()
    english = client.get(event.get_absolute_url()).content.decode()
    spanish = client.get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    link = f'<a href="{event.venue.map_url}" rel="noopener">'
    assert f'<dd class="directions">{WORDS} · {link}Open map</a></dd>' in english
    assert f'<dd class="directions">{PALABRAS} · {link}' in spanish


def test_a_venue_without_directions_shows_no_empty_heading(client):
    page = client.get(factories.event().get_absolute_url()).content.decode()
    assert "Getting there" not in page


def test_the_confirmation_carries_the_directions_in_the_residents_language():
    event = _event()
    rsvp_create(event=event, name="Ana", email="ana@example.org", language="es")
    notice = Notification.objects.get(kind="confirmed")
    assert notice_deliver(notice.pk) == "sent"
    message = mail.outbox[0]
    html = message.alternatives[0][0]
    assert f"Cómo llegar: {PALABRAS}" in message.body
    assert f"<strong>Cómo llegar:</strong> {PALABRAS}" in html


def test_the_api_gives_the_directions():
    event = _event()
    body = APIClient().get(f"/api/v1/events/{event.pk}/").json()
    assert body["venue"]["directions"] == WORDS
