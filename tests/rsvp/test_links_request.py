""" "E-mail me my links": an address is sent the links of its RSVPs to events still to come;
the page says the same, and does the same work, whether or not the address has any."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications.delivery import notice_deliver
from notifications.models import Notification
from rsvp.models import Rsvp
from rsvp.tasks import rsvp_links_send
from scheduler.models import Event
from tests import factories
from tests.same_answer import queued_tasks, unmasked

pytestmark = pytest.mark.django_db(databases="__all__")


def _ask(client, email):
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/rsvp/links/", {"email": email})
    return response, len(queries.captured_queries)


def _deliver_all() -> list[str]:
    ids = Notification.objects.filter(kind="links_requested", state="pending").values_list(
        "pk", flat=True
    )
    return [notice_deliver(pk) for pk in ids]


@pytest.fixture
def ana():
    ana = factories.attendee(email="ana@example.org")
    soon = factories.event(title="Coffee with a Cop")
    later = factories.event(
        title="Neighborhood Watch", start=timezone.now() + dt.timedelta(days=20)
    )
    past_start = timezone.now() - dt.timedelta(days=3)
    past = factories.event(title="Past", start=past_start, end=past_start + dt.timedelta(hours=1))
    called_off = factories.event(title="Called off", status=Event.Status.CANCELLED)
    factories.rsvp(soon, attendee=ana, name="Ana Ruiz", language="es")
    factories.rsvp(later, attendee=ana, name="Ana Ruiz", status=Rsvp.Status.WAITLISTED)
    factories.rsvp(past, attendee=ana, name="Ana Ruiz")
    factories.rsvp(called_off, attendee=ana, name="Ana Ruiz")
    withdrawn = factories.event(title="Withdrawn")
    factories.rsvp(withdrawn, attendee=ana, name="Ana Ruiz", status=Rsvp.Status.CANCELLED)
    return ana


def test_the_page_answers_the_same_for_a_known_and_an_unknown_address(client, ana):
    known, known_queries = _ask(client, "ana@example.org")
    unknown, unknown_queries = _ask(client, "nobody@example.org")

    assert (known.status_code, unknown.status_code) == (200, 200)
    assert unmasked(known.text).replace("ana@example.org", "X") == unmasked(unknown.text).replace(
        "nobody@example.org", "X"
    )
    assert known_queries == unknown_queries
    # The lookup is the worker's, never the request's; nothing is planned yet.
    assert queued_tasks() == [
        ("rsvp.tasks.rsvp_links_send", ("ana@example.org",)),
        ("rsvp.tasks.rsvp_links_send", ("nobody@example.org",)),
    ]
    assert Notification.objects.filter(kind="links_requested").count() == 0


def test_each_upcoming_rsvp_gets_its_link_in_its_own_language_and_the_link_works(client, ana):
    assert rsvp_links_send("Ana@Example.org") == 2
    assert rsvp_links_send("nobody@example.org") == 0
    assert _deliver_all() == ["sent", "sent"]

    subjects = sorted(message.subject for message in mail.outbox)
    assert subjects == [
        "El enlace de su reservación: Coffee with a Cop",
        "Your RSVP link: Neighborhood Watch",
    ]
    assert {tuple(message.to) for message in mail.outbox} == {("ana@example.org",)}
    english = next(m for m in mail.outbox if "Neighborhood Watch" in m.subject)
    assert "asked us to e-mail the links to the RSVPs of this" in english.body
    path = re.search(r"http://testserver(/rsvp/[\w-]{40,}/)", english.body)[1]
    page = client.get(path)
    assert page.status_code == 200
    assert "Neighborhood Watch" in page.content.decode()


def test_asking_again_within_the_window_sends_nothing_more(ana):
    assert rsvp_links_send("ana@example.org") == 2
    assert rsvp_links_send("ana@example.org") == 2
    assert Notification.objects.filter(kind="links_requested").count() == 2
    assert _deliver_all() == ["sent", "sent"]
    assert len(mail.outbox) == 2


def test_a_bad_address_is_refused_in_place(client):
    response = client.post("/rsvp/links/", {"email": "not an address"})
    body = response.content.decode()
    assert response.status_code == 400
    assert '<a href="#id_email">' in body
    assert queued_tasks() == []


def test_too_many_requests_from_one_connection_are_refused_with_a_reason(client, settings):
    settings.RSVP_LINKS_THROTTLE = "2/hour"
    answers = [client.post("/rsvp/links/", {"email": f"r{i}@example.org"}) for i in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert "Too many requests from your connection just now." in answers[2].content.decode()
    assert len(queued_tasks()) == 2


def test_the_event_page_offers_the_lost_links_page(client):
    page = client.get(factories.event().get_absolute_url()).content.decode()
    assert '<a href="/rsvp/links/">E-mail me my links</a>' in page


def test_a_task_that_cannot_run_never_fails_with_the_address_in_it(caplog):
    # django-q2 keeps a failed task's arguments where administrators read them.
    assert rsvp_links_send(None) == 0
    assert [r.getMessage() for r in caplog.records if r.name == "rsvp.tasks"] == [
        "RSVP links not planned: AttributeError"
    ]
