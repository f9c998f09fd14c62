"""The API in the language asked for (`?lang=` or Accept-Language), saying which it answers
in, and the languages spoken or interpreted at each event."""

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from scheduler.models import Event
from tests import factories
from tests.scheduler.admin_support import coordinator

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    program = factories.program(name="Coffee with a Cop", name_es="Café con un policía")
    venue = factories.venue(accessibility_notes="Ramp.", accessibility_notes_es="Rampa.")
    return factories.event(
        title="Coffee with a Cop",
        title_es="Café con un policía",
        description="Bring your questions.",
        description_es="Traiga sus preguntas.",
        program=program,
        venue=venue,
        languages=[("en", False), ("vi", True)],
    )


def _texts(body: dict) -> tuple:
    return (
        body["language"],
        body["title"],
        body["program"]["name"],
        body["venue"]["accessibility_notes"],
    )


SPANISH = ("es", "Café con un policía", "Café con un policía", "Rampa.")
ENGLISH = ("en", "Coffee with a Cop", "Coffee with a Cop", "Ramp.")


@pytest.mark.parametrize(
    ("query", "headers", "content_language", "texts"),
    [
        ("?lang=es", {}, "es", SPANISH),
        ("", {"HTTP_ACCEPT_LANGUAGE": "es-MX,es;q=0.9,en;q=0.5"}, "es", SPANISH),
        ("?lang=ES-mx", {}, "es", SPANISH),
        ("?lang=es_MX", {}, "es", SPANISH),
        # ?lang wins over the browser's language.
        ("?lang=es", {"HTTP_ACCEPT_LANGUAGE": "vi"}, "es", SPANISH),
        # Asked for in Vietnamese, which this event has no texts in: English, said so.
        ("?lang=vi", {}, "vi", ENGLISH),
        ("?lang=hmn", {}, "hmn", ENGLISH),
        # A language Porchlight does not have: the default one.
        ("?lang=klingon", {"HTTP_ACCEPT_LANGUAGE": "es"}, "en", ENGLISH),
        ("?lang=", {}, "en", ENGLISH),
        ("?lang=%ED%A0%80", {}, "en", ENGLISH),
        ("", {}, "en", ENGLISH),
    ],
)
def test_events_come_in_the_language_asked_for_and_say_which(
    api, event, query, headers, content_language, texts
):
    listed = api.get(f"/api/v1/events/{query}", **headers)
    detail = api.get(f"/api/v1/events/{event.pk}/{query}", **headers)
    for response in (listed, detail):
        assert response.status_code == 200
        assert response["Content-Language"] == content_language
    [first] = listed.json()["results"]
    assert _texts(first) == _texts(detail.json()) == texts
    spanish = texts == SPANISH
    assert detail.json()["description"] == (
        "Traiga sus preguntas." if spanish else "Bring your questions."
    )


def test_programs_and_venues_come_in_the_language_asked_for(api, event):
    programs = api.get("/api/v1/programs/?lang=es")
    venues = api.get("/api/v1/venues/", HTTP_ACCEPT_LANGUAGE="es")
    assert (programs["Content-Language"], venues["Content-Language"]) == ("es", "es")
    assert [p["name"] for p in programs.json()["results"]] == ["Café con un policía"]
    assert [v["accessibility_notes"] for v in venues.json()["results"]] == ["Rampa."]


def test_an_unlisted_event_by_key_and_problems_follow_lang_too(api, event):
    Event.objects.filter(pk=event.pk).update(visibility="unlisted")
    event.refresh_from_db()
    by_key = api.get(f"/api/v1/events/{event.share_key}/?lang=es")
    assert (by_key["Content-Language"], by_key.json()["title"]) == ("es", "Café con un policía")
    missing = api.get("/api/v1/events/999999/?lang=es")
    assert (missing.status_code, missing["Content-Language"]) == (404, "es")


def test_each_event_lists_the_languages_spoken_and_interpreted_there(api, event):
    expected = [
        {"language": "en", "name": "English", "interpreted": False},
        {"language": "vi", "name": dict(settings.LANGUAGES)["vi"], "interpreted": True},
    ]
    [listed] = api.get("/api/v1/events/").json()["results"]
    assert listed["languages"] == expected
    assert api.get(f"/api/v1/events/{event.pk}/").json()["languages"] == expected


def test_the_event_list_filters_by_a_language_spoken_or_interpreted_there(api, event):
    factories.event(title="Bike rodeo", languages=[("en", False)])
    factories.event(title="Tết picnic", languages=[("vi", False), ("hmn", True)])
    factories.event(title="Explorers")

    def titles(query: str) -> list[str]:
        response = api.get(f"/api/v1/events/?{query}")
        assert response.status_code == 200, response.content
        return [e["title"] for e in response.json()["results"]]

    assert titles("language=vi") == ["Coffee with a Cop", "Tết picnic"]
    assert titles("language=hmn&lang=es") == ["Tết picnic"]
    assert titles("language=ru") == []
    refused = api.get("/api/v1/events/?language=klingon")
    assert (refused.status_code, list(refused.json()["errors"])) == (400, ["language"])


def test_writes_are_in_the_default_language_whatever_the_request_asks(api, event):
    api.force_authenticate(coordinator())
    changed = api.patch(
        f"/api/v1/events/{event.pk}/?lang=es",
        {"title": "Coffee with a Cop (moved)", "description": "Now at noon."},
        format="json",
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert changed.status_code == 200, changed.content
    # The answer is in Spanish, which the change did not touch.
    assert (changed["Content-Language"], changed.json()["title"]) == ("es", "Café con un policía")
    event.refresh_from_db()
    assert (event.title_en, event.title_es, event.description_en, event.sequence) == (
        "Coffee with a Cop (moved)",
        "Café con un policía",
        "Now at noon.",
        1,
    )
    start = timezone.now() + dt.timedelta(days=5)
    created = api.post(
        "/api/v1/events/",
        {
            "title": "Night walk",
            "program": event.program.slug,
            "venue": event.venue_id,
            "host": event.host.slug,
            "start": start.isoformat(),
            "end": (start + dt.timedelta(hours=1)).isoformat(),
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert created.status_code == 201, created.content
    new = Event.objects.get(pk=created.json()["id"])
    assert (new.title_en, new.title_es) == ("Night walk", None)
    assert (created["Content-Language"], created.json()["language"]) == ("es", "en")


def test_the_schema_documents_lang_content_language_and_the_languages():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    listing = schema["paths"]["/api/v1/events/"]["get"]
    parameters = {p["name"]: p for p in listing["parameters"]}
    assert parameters["lang"]["schema"] == {"type": "string"}
    assert parameters["language"]["schema"]["enum"] == sorted(c for c, _ in settings.LANGUAGES)
    assert "Content-Language" in listing["responses"]["200"]["headers"]
    detail = schema["paths"]["/api/v1/events/{id}/"]["get"]
    assert "Content-Language" in detail["responses"]["200"]["headers"]
    event = schema["components"]["schemas"]["Event"]["properties"]
    assert event["language"]["allOf"] == [{"$ref": "#/components/schemas/LanguageEnum"}]
    assert event["languages"]["items"] == {"$ref": "#/components/schemas/EventLanguage"}
    assert schema["components"]["schemas"]["LanguageEnum"]["enum"] == [
        code for code, _ in settings.LANGUAGES
    ]


def test_programs_are_in_the_order_of_their_names_as_shown(api):
    factories.program(name="Neighborhood Watch", name_es="Amigos del barrio")
    factories.program(name="Youth Explorers")
    factories.program(name="Coffee with a Cop", name_es="Café con un policía")

    def names(query: str) -> list[str]:
        return [p["name"] for p in api.get(f"/api/v1/programs/{query}").json()["results"]]

    assert names("") == ["Coffee with a Cop", "Neighborhood Watch", "Youth Explorers"]
    assert names("?lang=es") == ["Amigos del barrio", "Café con un policía", "Youth Explorers"]
    assert names("?lang=vi") == ["Coffee with a Cop", "Neighborhood Watch", "Youth Explorers"]
