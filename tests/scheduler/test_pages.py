import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from scheduler.services import event_cancel
from tests import factories

pytestmark = pytest.mark.django_db


def _titles(response) -> list[str]:
    return [event.title for event in response.context["events"]]


def test_event_list_shows_upcoming_public_events_in_start_order(client):
    now = timezone.now()
    later = factories.event(title="Later", start=now + dt.timedelta(days=3))
    factories.event(title="Sooner", start=now + dt.timedelta(days=1))
    factories.event(title="Past", start=now - dt.timedelta(days=2))
    factories.event(title="Unlisted", visibility="unlisted", start=now + dt.timedelta(days=2))
    response = client.get("/")
    assert response.status_code == 200
    assert _titles(response) == ["Sooner", "Later"]
    assert later.get_absolute_url() in response.content.decode()


def test_event_list_filters_by_program_neighborhood_organization_and_text(client):
    coffee = factories.program(slug="coffee")
    hood = factories.neighborhood(slug="eastside")
    library = factories.organization(slug="library")
    factories.event(title="Coffee downtown", program=coffee)
    factories.event(title="Watch in Eastside", venue=factories.venue(neighborhood=hood))
    factories.event(title="Hosted by library", host=library)
    factories.event(title="Library partner", partners=[library])
    factories.event(title="Bike rodeo", description="helmets for kids")

    assert _titles(client.get("/?program=coffee")) == ["Coffee downtown"]
    assert _titles(client.get("/?neighborhood=eastside")) == ["Watch in Eastside"]
    assert _titles(client.get("/?organization=library")) == ["Hosted by library", "Library partner"]
    assert _titles(client.get("/?q=HELMETS")) == ["Bike rodeo"]


def test_event_list_unknown_filter_value_is_a_clear_message_not_an_error(client):
    factories.event(title="Anything")
    response = client.get("/?program=no-such-program&page=abc")
    assert response.status_code == 200
    assert _titles(response) == []
    assert "Some filters could not be used" in response.content.decode()


def test_event_list_paginates(client, settings):
    settings.PORCHLIGHT = {**settings.PORCHLIGHT, "EVENTS_PER_PAGE": 2}
    start = timezone.now() + dt.timedelta(days=1)
    for i in range(5):
        factories.event(title=f"E{i}", start=start + dt.timedelta(hours=i))
    assert _titles(client.get("/?page=2")) == ["E2", "E3"]
    assert _titles(client.get("/?page=99")) == ["E4"]


def test_event_list_query_count_flat_at_5_and_50_events(client, get_queries):
    # Each with its texts in Spanish too, held in English and interpreted into Vietnamese.
    program, venue, host = (
        factories.program(name_es="Café"),
        factories.venue(),
        factories.organization(),
    )
    partner = factories.organization()
    spanish = Client(headers={"accept-language": "es"})

    def make(count):
        for _ in range(count):
            event = factories.event(
                program=program,
                venue=venue,
                host=host,
                partners=[partner],
                title_es=f"Evento {factories.n()}",
                languages=[("en", False), ("vi", True)],
            )
            factories.rsvp(event)
            factories.rsvp(event, status="waitlisted")

    def counts():
        return [
            get_queries(client, "/"),
            get_queries(client, "/?language=vi"),
            get_queries(spanish, "/"),
        ]

    make(5)
    few = counts()
    make(45)
    many = counts()
    assert few == many
    page = spanish.get("/").content.decode()
    vietnamese = dict(settings.LANGUAGES)["vi"]
    assert page.count(f'<span lang="vi">{vietnamese}</span>') == 20  # a page of events


def test_event_detail_shows_time_in_event_zone_venue_hosts_and_seats(client):
    host = factories.organization(name="Riverside PD", phone="(503) 555-0100")
    partner = factories.organization(name="Eastside Library")
    venue = factories.venue(
        name="Rec Center", address="1 Oak St", accessibility_notes="Ramp at side door"
    )
    start = dt.datetime(2031, 12, 2, 18, 30, tzinfo=dt.timezone(dt.timedelta(hours=-8)))
    event = factories.event(
        title="Watch meeting",
        host=host,
        partners=[partner],
        venue=venue,
        start=start,
        capacity=10,
    )
    factories.rsvp(event, party_size=3)
    body = client.get(event.get_absolute_url()).content.decode()
    # The year too: a link shared in December is read in January.
    assert '<dd class="when event-when">Tue, Dec 2, 2031 · 6:30–7:30 PM</dd>' in body
    assert "Rec Center" in body and "1 Oak St" in body and "Ramp at side door" in body
    assert "Riverside PD" in body and "Eastside Library" in body and "(503) 555-0100" in body
    assert "<strong>7</strong> seats left" in body


def test_event_detail_marks_cancelled_events(client):
    event = factories.event()
    event_cancel(event=event, reason="Storm warning.")
    response = client.get(event.get_absolute_url())
    body = response.content.decode()
    assert "This event is cancelled." in body
    assert "Storm warning." in body
    assert 'id="id_email"' not in body  # no RSVP form


def test_event_detail_unknown_event_is_404(client):
    assert client.get("/events/999999/").status_code == 404


@pytest.mark.django_db(databases="__all__")
def test_healthz_reports_database_and_queue_to_staff(client):
    client.force_login(factories.user("officer"))
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"status": "ok"}
    assert body["checks"]["queue"]["status"] == "ok"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db(databases="__all__")
def test_healthz_shows_anyone_else_its_status_alone(client, settings):
    settings.PORCHLIGHT = {**settings.PORCHLIGHT, "HEALTHZ_TOKEN": "monitor-secret-1"}
    answers = {}
    for who, headers in [
        ("anonymous", {}),
        ("wrong token", {"HTTP_AUTHORIZATION": "Bearer monitor-secret-2"}),
        ("other scheme", {"HTTP_AUTHORIZATION": "Token monitor-secret-1"}),
        ("monitor", {"HTTP_AUTHORIZATION": "Bearer monitor-secret-1"}),
    ]:
        response = client.get("/healthz", **headers)
        answers[who] = (response.status_code, sorted(response.json()))
    assert answers == {
        "anonymous": (200, ["status"]),
        "wrong token": (200, ["status"]),
        "other scheme": (200, ["status"]),
        "monitor": (200, ["checks", "status"]),
    }
    client.force_login(factories.user())  # signed in, but no staff role
    assert client.get("/healthz").json() == {"status": "ok"}


@pytest.mark.django_db(databases="__all__")
def test_healthz_without_a_configured_token_shows_no_figures_to_a_bearer(client, settings):
    settings.PORCHLIGHT = {**settings.PORCHLIGHT, "HEALTHZ_TOKEN": ""}
    response = client.get("/healthz", HTTP_AUTHORIZATION="Bearer ")
    assert response.json() == {"status": "ok"}


def test_a_program_created_after_an_unknown_slug_request_is_found(client):
    assert _titles(client.get("/?program=created-later")) == []
    program = factories.program(slug="created-later")
    factories.event(title="Now it exists", program=program)
    response = client.get("/?program=created-later")
    assert (_titles(response), response.context["filter_errors"]) == (["Now it exists"], [])


def test_a_remembered_slug_is_checked_again_after_a_while(client, monkeypatch):
    from scheduler import filters

    program = factories.program(slug="renamed-soon")
    factories.event(title="Watch", program=program)
    assert _titles(client.get("/?program=renamed-soon")) == ["Watch"]
    program.slug = "renamed"
    program.save()
    assert _titles(client.get("/?program=renamed-soon")) == []  # remembered: matches nothing
    monkeypatch.setattr(filters, "KNOWN_SLUG_SECONDS", 0)
    response = client.get("/?program=renamed-soon")
    assert response.context["filter_errors"] == [
        ("program", "Program", ["There is no program “renamed-soon”."])
    ]
