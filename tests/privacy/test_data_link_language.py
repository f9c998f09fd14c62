"""The data-link e-mail is in the language of the page it was asked from (on the worker)."""

import pytest
from django.core import mail
from django.utils import translation

from privacy.tasks import data_link_send
from tests import factories
from tests.notifications.catalog import translated, translated_plural

pytestmark = pytest.mark.django_db


def test_the_data_link_reads_as_before_in_english():
    factories.attendee(email="ana@example.org")
    with translation.override("vi"):  # whatever the worker's own language
        assert data_link_send("ana@example.org", "en") is True
    [message] = mail.outbox
    assert message.subject == "Your data at Porchlight"
    assert message.body.startswith(
        "Someone (we hope you) asked to see the data we hold about this e-mail address.\n\n"
        "Open this link to see it, download it or delete it. It works for 24 hours:\n"
        "http://testserver/privacy/data/"
    )
    assert message.body.endswith("\n\nIf you did not ask, ignore this message: nothing changes.\n")


def test_a_language_the_site_does_not_offer_gets_the_default():
    factories.attendee(email="ana@example.org")
    assert data_link_send("ana@example.org", "xx-nonsense") is True
    assert mail.outbox[0].subject == "Your data at Porchlight"


def test_the_data_link_in_spanish_through_the_catalog():
    """Needs the Spanish catalog."""
    subject = translated("es", "Your data at Porchlight")
    opening = translated(
        "es", "Someone (we hope you) asked to see the data we hold about this e-mail address."
    )
    lasts = translated_plural(
        "es",
        "Open this link to see it, download it or delete it. It works for %(hours)s hour:",
        "Open this link to see it, download it or delete it. It works for %(hours)s hours:",
        24,
        hours=24,
    )
    factories.attendee(email="ana@example.org")
    assert data_link_send("ana@example.org", "es") is True
    [message] = mail.outbox
    assert message.subject == subject
    assert message.body.startswith(f"{opening}\n\n{lasts}\nhttp://testserver/privacy/data/")
