import datetime as dt

import pytest
from django.utils import timezone

from scheduler.models import Event, EventLanguage
from tests import factories

pytestmark = pytest.mark.django_db


def _titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [event["title"] for event in response.json()["results"]]


def test_event_list_shows_upcoming_public_events_in_start_order(api):
    now = timezone.now()
    factories.event(title="Later", start=now + dt.timedelta(days=3))
    factories.event(title="Sooner", start=now + dt.timedelta(days=1))
    factories.event(title="Past", start=now - dt.timedelta(days=2))
    factories.event(title="Unlisted", visibility="unlisted", start=now + dt.timedelta(days=2))
    assert _titles(api.get("/api/v1/events/")) == ["Sooner", "Later"]


def test_event_list_filters_like_the_home_page(api):
    coffee = factories.program(slug="coffee")
    hood = factories.neighborhood(slug="eastside")
    library = factories.organization(slug="library")
    now = timezone.now()
    factories.event(title="Coffee downtown", program=coffee, start=now + dt.timedelta(days=1))
    factories.event(
        title="Watch in Eastside",
        venue=factories.venue(neighborhood=hood),
        start=now + dt.timedelta(days=2),
    )
    factories.event(title="Hosted by library", host=library, start=now + dt.timedelta(days=3))
    factories.event(title="Library partner", partners=[library], start=now + dt.timedelta(days=4))
    factories.event(
        title="Bike rodeo", description="helmets for kids", start=now + dt.timedelta(days=20)
    )

    assert _titles(api.get("/api/v1/events/?program=coffee")) == ["Coffee downtown"]
    assert _titles(api.get("/api/v1/events/?neighborhood=eastside")) == ["Watch in Eastside"]
    assert _titles(api.get("/api/v1/events/?organization=library")) == [
        "Hosted by library",
        "Library partner",
    ]
    assert _titles(api.get("/api/v1/events/?q=HELMETS")) == ["Bike rodeo"]
    day3 = timezone.localdate(now + dt.timedelta(days=3))
    assert _titles(api.get(f"/api/v1/events/?start_after={day3}")) == [
        "Hosted by library",
        "Library partner",
        "Bike rodeo",
    ]
    day2 = timezone.localdate(now + dt.timedelta(days=2))
    assert _titles(api.get(f"/api/v1/events/?start_before={day2}")) == [
        "Coffee downtown",
        "Watch in Eastside",
    ]


def test_event_list_unknown_filter_value_is_a_400_problem_per_field(api):
    response = api.get("/api/v1/events/?program=no-such-program&start_after=tuesday")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "invalid"
    assert sorted(body["errors"]) == ["program", "start_after"]


def test_event_list_paginates(api):
    start = timezone.now() + dt.timedelta(days=1)
    for i in range(5):
        factories.event(title=f"E{i}", start=start + dt.timedelta(hours=i))
    response = api.get("/api/v1/events/?page=2&page_size=2")
    assert _titles(response) == ["E2", "E3"]
    assert response.json()["count"] == 5
    assert api.get("/api/v1/events/?page=9&page_size=2").status_code == 404


def test_event_fields_carry_seats_waitlist_and_links_but_no_personal_data(api):
    hood = factories.neighborhood(slug="eastside", name="Eastside", district="East")
    venue = factories.venue(name="Library", address="1 Elm St", neighborhood=hood)
    partner = factories.organization(slug="ngo", name="NGO")
    event = factories.event(
        title="Coffee",
        capacity=10,
        venue=venue,
        partners=[partner],
        timezone="America/New_York",
    )
    ana = factories.attendee(email="ana.secret@example.org")
    factories.rsvp(event, attendee=ana, name="Ana Secret", phone="+15035550100", party_size=3)
    factories.rsvp(event, status="waitlisted")

    listed = api.get("/api/v1/events/").json()["results"][0]
    detail = api.get(f"/api/v1/events/{event.pk}/").json()
    for body in (listed, detail):
        assert body["id"] == event.pk
        assert body["seats_left"] == 7
        assert body["waitlist_count"] == 1
        assert body["capacity"] == 10
        assert body["status"] == "scheduled"
        assert body["timezone"] == "America/New_York"
        assert body["start"] == event.local_start.isoformat()
        assert body["start"].endswith(("-05:00", "-04:00"))
        assert body["url"] == f"http://testserver/events/{event.pk}/"
        assert body["ics_url"] == f"http://testserver/calendar/events/{event.pk}.ics"
        assert body["venue"]["neighborhood"] == {
            "slug": "eastside",
            "name": "Eastside",
            "district": "East",
        }
        assert body["partners"] == [{"id": partner.pk, "slug": "ngo", "name": "NGO"}]
        assert body["rsvp_mode"] == "contact"
    assert detail["rsvp_open"] is True
    assert detail["rsvp_closed_reason"] is None
    for path in ("/api/v1/events/", f"/api/v1/events/{event.pk}/", "/api/v1/venues/"):
        text = api.get(path).content.decode()
        assert "Ana Secret" not in text
        assert "ana.secret" not in text
        assert "5550100" not in text


def test_event_detail_shows_unlisted_by_key_and_past_events_but_404s_unknown_ones(api):
    unlisted = factories.event(title="Unlisted", visibility="unlisted")
    past = factories.event(title="Past", start=timezone.now() - dt.timedelta(days=3))
    body = api.get(f"/api/v1/events/{unlisted.share_key}/").json()
    assert (body["title"], body["url"], body["ics_url"]) == (
        "Unlisted",
        f"http://testserver/events/{unlisted.share_key}/",
        f"http://testserver/calendar/events/{unlisted.share_key}.ics",
    )
    assert (body["url"], body["ics_url"]) == (unlisted.absolute_url, unlisted.ics_url)
    # By its id, an unlisted event is as unknown as an id nobody has.
    assert api.get(f"/api/v1/events/{unlisted.pk}/").json()["detail"] == "No such event."
    past_body = api.get(f"/api/v1/events/{past.pk}/").json()
    assert past_body["rsvp_closed_reason"] == "This event has already started, so RSVPs are closed."
    missing = api.get("/api/v1/events/999999/")
    assert missing.status_code == 404
    assert missing.json() == {
        "type": "urn:porchlight:problem:not_found",
        "title": "Not found",
        "status": 404,
        "detail": "No such event.",
        "code": "not_found",
    }


def test_programs_organizations_and_venues_lists(api):
    factories.program(name="Coffee with a Cop", slug="coffee", default_capacity=30)
    parent = factories.organization(name="Police Department", slug="pd", kind="department")
    factories.organization(name="Patrol East", slug="east", kind="unit", parent=parent)
    factories.venue(name="Hall", address="2 Oak St", latitude="45.500000", longitude="-122.600000")

    programs = api.get("/api/v1/programs/").json()["results"]
    assert [(p["slug"], p["default_capacity"]) for p in programs] == [("coffee", 30)]
    orgs = api.get("/api/v1/organizations/").json()["results"]
    assert [(o["slug"], o["parent"]) for o in orgs] == [("east", "pd"), ("pd", None)]
    venues = api.get("/api/v1/venues/").json()["results"]
    assert [(v["name"], v["latitude"], v["longitude"]) for v in venues] == [("Hall", 45.5, -122.6)]


def _bulk_events(count: int) -> None:
    """Events in English and Spanish, held in English with Vietnamese interpretation."""
    program = factories.program(name_es=f"Programa {count}")
    venue = factories.venue(
        accessibility_notes_en="Step-free", accessibility_notes_es="Sin escalones"
    )
    host, partner = factories.organization(), factories.organization()
    start = timezone.now() + dt.timedelta(days=1)
    events = Event.objects.bulk_create(
        [
            Event(
                title_en=f"Bulk {i}",
                title_es=f"Lote {i}",
                description_en="Come along.",
                description_es="Venga.",
                program=program,
                venue=venue,
                host=host,
                start=start + dt.timedelta(minutes=i),
                end=start + dt.timedelta(minutes=i + 60),
                uid=f"bulk-{count}-{i}@test",
                capacity=20,
            )
            for i in range(count)
        ]
    )
    Event.partners.through.objects.bulk_create(
        [Event.partners.through(event_id=e.pk, organization_id=partner.pk) for e in events]
    )
    EventLanguage.objects.bulk_create(
        EventLanguage(event=e, language=code, interpreted=code == "vi")
        for e in events
        for code in ("en", "vi")
    )
    for event in events[:3]:
        factories.rsvp(event)
        factories.rsvp(event, status="waitlisted")


def test_event_list_query_count_flat_at_10_and_1000_events(api, get_queries):
    # count, page (seats and waitlist as subqueries; each language's texts are columns),
    # partners and languages prefetched.
    _bulk_events(10)
    program = Event.objects.first().program.slug
    few = [
        get_queries(api, "/api/v1/events/"),
        get_queries(api, f"/api/v1/events/?program={program}"),
        get_queries(api, "/api/v1/events/?lang=es&language=vi"),
    ]
    _bulk_events(990)
    many = [
        get_queries(api, "/api/v1/events/"),
        get_queries(api, "/api/v1/events/?page_size=100"),
        get_queries(api, "/api/v1/events/?page_size=100&lang=es&language=vi"),
    ]
    assert few == [4, 5, 4]  # the program filter looks up its slug
    assert many == [4, 4, 4]
    spanish = api.get("/api/v1/events/?page_size=100&lang=es&language=vi").json()["results"]
    assert {(e["language"], e["title"][:5], e["program"]["name"][:8]) for e in spanish} == {
        ("es", "Lote ", "Programa")
    }


def test_programs_organizations_venues_query_counts_flat(api, get_queries):
    counts = []
    for size in (3, 60):
        for _ in range(size):
            factories.venue()
            factories.organization(parent=factories.organization())
            factories.program()
        counts.append(
            [
                get_queries(api, "/api/v1/programs/?page_size=100"),
                get_queries(api, "/api/v1/organizations/?page_size=100"),
                get_queries(api, "/api/v1/venues/?page_size=100"),
            ]
        )
    assert counts == [[2, 2, 2], [2, 2, 2]]


def test_event_output_has_exactly_the_declared_fields(api):
    from api.serializers.events import EventDetailSerializer, EventSerializer, VenueSerializer

    event = factories.event(partners=[factories.organization()])
    listed = api.get("/api/v1/events/").json()["results"][0]
    detail = api.get(f"/api/v1/events/{event.pk}/").json()
    assert sorted(listed) == sorted(EventSerializer().fields)
    assert sorted(detail) == sorted(EventDetailSerializer().fields)
    assert sorted(listed["venue"]) == sorted(VenueSerializer().fields)
    assert sorted(listed["program"]) == sorted(listed["host"]) == ["id", "name", "slug"]
    assert sorted(listed["partners"][0]) == ["id", "name", "slug"]
    assert listed["url"] == f"http://testserver{event.get_absolute_url()}"


def test_odd_query_parameters_are_400_or_ignored_never_500(api):
    factories.event(title="Anything")
    for query in ("q=a%00b", "program=%00", "%00=1", "neighborhood=%ED%A0%80", "q=" + "x" * 300):
        response = api.get(f"/api/v1/events/?{query}")
        assert response.status_code == 400, query
        assert response["Content-Type"] == "application/problem+json"
    for query in ("page_size=-1", "page_size=abc", "unknown=1", "q=%F0%9F%98%80"):
        assert api.get(f"/api/v1/events/?{query}").status_code == 200, query
